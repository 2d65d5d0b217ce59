import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import type { Browser } from '../support/app.ts';
import { auditOf, createOrg, createSupplier, signedIn, supplierForm, supplierTestApp, tierOf } from './support.ts';

describe('suppliers: links between suppliers, tiers and cycles', () => {
  let t: TestApp;
  before(async function () {
    this.timeout(120_000); // the first app of a run migrates and loads reference data
    t = await supplierTestApp();
  });

  /** "child supplies parent", posted from the child's page. */
  const supplies = (b: Browser, childId: string, parentId: string) =>
    b.post(`/suppliers/${childId}/links`, { otherId: parentId, direction: 'parent' });

  it('derives tiers from customers, takes the nearest, recomputes on unlink and on a root tier change', async () => {
    const org = await createOrg(t.db);
    const b = await signedIn(t, org);
    const exporter = await createSupplier(b, { legalName: 'Exportadora Soconusco' });
    const finca = await createSupplier(b, { legalName: 'Finca El Mirador' });
    const cuadrilla = await createSupplier(b, { legalName: 'Contratista de cuadrillas' });

    expect((await supplies(b, finca, exporter)).status).to.equal(302);
    // Declared from the child's side, then from the parent's side.
    expect((await b.post(`/suppliers/${finca}/links`, { otherId: cuadrilla, direction: 'child' })).status).to.equal(302);
    expect([await tierOf(t.db, org, exporter), await tierOf(t.db, org, finca), await tierOf(t.db, org, cuadrilla)]).to.deep.equal([1, 2, 3]);

    // The contractor also works straight for the exporter: its nearest customer is tier 1.
    await supplies(b, cuadrilla, exporter);
    expect(await tierOf(t.db, org, cuadrilla)).to.equal(2);
    const page = await b.get(`/suppliers/${cuadrilla}`);
    expect(page.text).to.match(/id="supplier-tier">2 <span class="muted small">\(calculado a partir de sus clientes/);
    expect(page.text).to.contain('Exportadora Soconusco');
    expect(page.text).to.contain('Finca El Mirador');

    const removed = await b.post(`/suppliers/${cuadrilla}/links/${exporter}/remove`);
    expect(removed.status).to.equal(302);
    expect(await tierOf(t.db, org, cuadrilla)).to.equal(3);

    // The exporter is a root: its declared tier moves everything below it.
    await b.post(`/suppliers/${exporter}`, supplierForm({ legalName: 'Exportadora Soconusco', tier: '2' }));
    expect([await tierOf(t.db, org, exporter), await tierOf(t.db, org, finca), await tierOf(t.db, org, cuadrilla)]).to.deep.equal([2, 3, 4]);
    // A derived tier ignores the form.
    await b.post(`/suppliers/${finca}`, supplierForm({ legalName: 'Finca El Mirador', tier: '7' }));
    expect(await tierOf(t.db, org, finca)).to.equal(3);

    const linked = await auditOf(t.db, org, 'supplier.linked');
    expect(linked.map((e) => [e.details.child, e.details.parent])).to.deep.equal([
      ['Finca El Mirador', 'Exportadora Soconusco'],
      ['Contratista de cuadrillas', 'Finca El Mirador'],
      ['Contratista de cuadrillas', 'Exportadora Soconusco'],
    ]);
    expect(linked[0].details.tiers).to.deep.equal({ [finca]: 2 });
    const [unlinked] = await auditOf(t.db, org, 'supplier.unlinked');
    expect(unlinked.target_id).to.equal(cuadrilla);
    expect(unlinked.details.tiers).to.deep.equal({ [cuadrilla]: 3 });
  });

  it('refuses a cycle with a message naming the path, and changes nothing', async () => {
    const org = await createOrg(t.db);
    const b = await signedIn(t, org);
    const a = await createSupplier(b, { legalName: 'Alfa' });
    const bb = await createSupplier(b, { legalName: 'Beta' });
    const c = await createSupplier(b, { legalName: 'Gama' });
    await supplies(b, bb, a);
    await supplies(b, c, bb);
    const res = await supplies(b, a, c);
    expect(res.status).to.equal(409);
    expect(res.text).to.contain('No se puede registrar que «Alfa» abastece a «Gama»: se formaría un ciclo en la cadena (Alfa → Gama → Beta → Alfa).');
    const en = await b.post(`/suppliers/${a}/links?lang=en`, { otherId: c, direction: 'parent' });
    expect(en.text).to.contain('Cannot record that “Alfa” supplies “Gama”: it would close a loop in the chain (Alfa → Gama → Beta → Alfa).');
    expect(await tierOf(t.db, org, a)).to.equal(1);
    expect(await auditOf(t.db, org, 'supplier.linked')).to.have.length(2);
    // A supplier cannot supply itself either.
    expect((await supplies(b, a, a)).text).to.contain('(Alfa → Alfa)');
  });

  it('will not link to an archived supplier or to another organisation\'s', async () => {
    const org = await createOrg(t.db);
    const other = await createOrg(t.db);
    const b = await signedIn(t, org);
    const a = await createSupplier(b, { legalName: 'Cliente directo' });
    const archived = await createSupplier(b, { legalName: 'Proveedor dado de baja' });
    await b.post(`/suppliers/${archived}/archive`);
    const res = await supplies(b, a, archived);
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('«Proveedor dado de baja» está archivado: restáurelo antes de vincularlo.');
    const foreign = await createSupplier(await signedIn(t, other), { legalName: 'Ajeno' });
    const cross = await supplies(b, a, foreign);
    expect(cross.status).to.equal(422);
    expect(cross.text).to.contain('Elija un proveedor de la lista para vincularlo.');
  });

  it('finds link candidates by name and draws the graph page as SVG', async () => {
    const org = await createOrg(t.db);
    const b = await signedIn(t, org);
    const a = await createSupplier(b, { legalName: 'Comercializadora de Café Huatusco' });
    const c = await createSupplier(b, { legalName: 'Beneficio Húmedo Coatepec' });
    const search = await b.get(`/suppliers/${c}?linkq=cafe%20huatus&direction=parent`);
    expect(search.text).to.match(/id="link-candidates"[\s\S]*Comercializadora de Café Huatusco/);
    await supplies(b, c, a);
    const graph = await b.get('/suppliers/graph');
    expect(graph.status).to.equal(200);
    const svg = /<svg[\s\S]*<\/svg>/.exec(graph.text)![0];
    expect(svg.match(/class="supply-node"/g)).to.have.length(2);
    expect(svg).to.contain(`data-edge="${c}&#62;${a}"`);
    expect(svg).to.contain(`href="/suppliers/${a}"`);
    expect(svg).to.contain('Nivel 2');
    // The supplier's own page highlights it in its part of the graph.
    expect((await b.get(`/suppliers/${c}`)).text).to.match(/id="supplier-graph"><svg/);
  });
});
