import { expect } from 'chai';
import type { Browser, TestApp } from '../support/app.ts';
import type { TestOrg } from '../support/factories.ts';
import { createOrg, createSupplier, signedIn, supplierTestApp } from './support.ts';

const finding = { source: 'field_report', category: 'hazardous_under_18', severity: 'high', title: 'Adolescentes en fumigación' };

describe('suppliers: type-ahead supplier pickers instead of capped selects', function () {
  this.timeout(60_000);
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;
  let analyst: Browser;
  let esperanza: string;

  before(async () => {
    t = await supplierTestApp();
    org = await createOrg(t.db);
    other = await createOrg(t.db);
    analyst = await signedIn(t, org, 'analyst');
    esperanza = await createSupplier(analyst, { legalName: 'Finca La Esperanza', taxId: 'FLE010101AB1' });
    await createSupplier(analyst, { legalName: 'Finca del Sur', taxId: 'FSU020202CD2' });
    await createSupplier(analyst, { legalName: 'Empacadora Peña' });
    const stranger = await signedIn(t, other, 'analyst');
    await createSupplier(stranger, { legalName: 'Finca Ajena', taxId: 'FAJ030303EF3' });
  });

  it('answers the type-ahead with the tenant\'s own matching suppliers as JSON', async () => {
    const res = await analyst.get('/suppliers/lookup?q=finca');
    expect(res.status).to.equal(200);
    expect(res.type).to.equal('application/json');
    expect(res.body.suppliers.map((s: { label: string }) => s.label)).to.have.members(['Finca del Sur (FSU020202CD2)', 'Finca La Esperanza (FLE010101AB1)']);
    const accents = await analyst.get('/suppliers/lookup?q=pena');
    expect(accents.body.suppliers.map((s: { legalName: string }) => s.legalName)).to.deep.equal(['Empacadora Peña']);
    const byRfc = await analyst.get('/suppliers/lookup?q=FAJ030303');
    expect(byRfc.body.suppliers).to.deep.equal([]);
    expect((await analyst.get('/suppliers/lookup?q=f')).body.suppliers).to.deep.equal([]);
  });

  it('the finding form offers a search field, not a select of every supplier', async () => {
    const page = await analyst.get('/findings/new');
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/<input id="finding-supplier" name="supplier"[^>]*list="finding-supplier-options"[^>]*data-supplier-lookup/);
    expect(page.text).to.not.contain('<select id="finding-supplier"');
    expect(page.text).to.contain('<script src="/static/build/supplier-lookup.js" defer></script>');
    const preselected = await analyst.get(`/findings/new?supplierId=${esperanza}`);
    expect(preselected.text).to.contain('value="Finca La Esperanza (FLE010101AB1)"');
  });

  it('without JavaScript a typed name or RFC is resolved by the server, with a field-named error when unknown or ambiguous', async () => {
    const ambiguous = await analyst.post('/findings', { ...finding, supplier: 'Finca' });
    expect(ambiguous.status).to.equal(422);
    expect(ambiguous.text).to.contain('Proveedor: 2 proveedores coinciden con «Finca». Escriba el nombre completo o el RFC.');
    // Another tenant's supplier is unknown here.
    const foreign = await analyst.post('/findings', { ...finding, supplier: 'Finca Ajena' });
    expect(foreign.status).to.equal(422);
    expect(foreign.text).to.contain('Proveedor: ningún proveedor se llama «Finca Ajena».');
    const empty = await analyst.post('/findings', { ...finding, supplier: ' ' });
    expect(empty.status).to.equal(422);
    expect(empty.text).to.contain('Proveedor: escriba el nombre o el RFC del proveedor.');

    for (const typed of ['finca la esperanza', 'FLE010101AB1', 'Finca La Esperanza (FLE010101AB1)']) {
      const created = await analyst.post('/findings', { ...finding, supplier: typed });
      expect(created.status, typed).to.equal(302);
      const page = await analyst.get(created.headers.location);
      expect(page.text, typed).to.contain('Finca La Esperanza');
    }
  });

  it('the questionnaire chooser is a GET search too: a typed RFC leads to the supplier, an ambiguous name says so on the field', async () => {
    const page = await analyst.get('/assessments/new');
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/<input id="supplier" name="supplier"[^>]*list="supplier-options"[^>]*data-supplier-lookup/);
    expect(page.text).to.not.contain('<select id="supplierId"');
    const chosen = await analyst.get('/assessments/new?supplier=FLE010101AB1');
    expect(chosen.status).to.equal(302);
    expect(chosen.headers.location).to.equal(`/assessments/new?supplierId=${esperanza}`);
    const ambiguous = await analyst.get('/assessments/new?supplier=finca');
    expect(ambiguous.status).to.equal(422);
    expect(ambiguous.text).to.contain('Proveedor: 2 proveedores coinciden con «finca».');
    expect(ambiguous.text).to.contain('value="finca"');
    const foreign = await analyst.get(`/assessments/new?supplier=${encodeURIComponent('FAJ030303EF3')}`);
    expect(foreign.status).to.equal(422);
    expect(foreign.text).to.contain('Proveedor: ningún proveedor se llama «FAJ030303EF3».');
  });

  it('the report form picks its supplier the same way', async () => {
    const page = await analyst.get('/reports');
    expect(page.text).to.match(/<input id="supplier" name="supplier"[^>]*list="supplier-options"[^>]*data-supplier-lookup/);
    expect(page.text).to.not.contain('<select id="supplierId"');
    const ambiguous = await analyst.post('/reports', { kind: 'supplier', supplier: 'Finca', locale: 'es-MX' });
    expect(ambiguous.status).to.equal(422);
    expect(ambiguous.text).to.contain('Proveedor: 2 proveedores coinciden con «Finca».');
    const queued = await analyst.post('/reports', { kind: 'supplier', supplier: 'Finca La Esperanza (FLE010101AB1)', locale: 'es-MX' });
    expect(queued.status).to.equal(303);
    expect(queued.headers.location).to.match(/^\/jobs\/[0-9a-f-]{36}$/);
    const r = await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query<{ params: { supplierId: string } }>(`SELECT params FROM reports ORDER BY created_at DESC LIMIT 1`));
    expect(r.rows[0].params.supplierId).to.equal(esperanza);
  });
});
