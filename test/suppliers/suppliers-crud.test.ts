import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import type { TestOrg } from '../support/factories.ts';
import { auditOf, createOrg, createSupplier, signedIn, supplierForm, supplierTestApp } from './support.ts';

const issuesOf = (html: string) => /role="alert">([\s\S]*?)<\/div>/.exec(html)?.[1].replace(/\s+/g, ' ') ?? '';

describe('suppliers: create, edit, archive through HTTP', () => {
  let t: TestApp;
  let org: TestOrg;
  before(async function () {
    this.timeout(120_000); // the first app of a run migrates and loads reference data
    t = await supplierTestApp();
    org = await createOrg(t.db);
  });

  it('creates a supplier and shows it with its SCIAN sector name; the audit entry lists the fields', async () => {
    const b = await signedIn(t, org);
    const id = await createSupplier(b, {
      legalName: 'Finca Cafetalera La Esperanza, S.P.R.', tradeName: 'La Esperanza', taxId: 'cfe-370814-qi0',
      sectorCode: '111', commodities: 'café; plátano, café', tags: 'orgánico', contactEmail: 'compras@esperanza.mx', contactPhone: '(962) 123-4567',
    });
    const page = await b.get(`/suppliers/${id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Finca Cafetalera La Esperanza, S.P.R.');
    expect(page.text).to.contain('<code>CFE370814QI0</code>'); // normalised
    expect(page.text).to.contain('111 · Agricultura, cría y explotación de animales');
    // Vocabulary names, the DOL listing beside coffee; the duplicate dropped.
    expect(page.text.match(/<span class="tag">[^<]+<\/span>/g)!.slice(0, 2)).to.deep.equal(['<span class="tag">Café</span>', '<span class="tag">Plátano</span>']);
    expect(page.text).to.contain('Proveedor registrado.');
    const [entry] = await auditOf(t.db, org, 'supplier.created');
    expect(entry.target_id).to.equal(id);
    expect(entry.details.changes.tax_id).to.deep.equal({ from: null, to: 'CFE370814QI0' });
    expect(entry.details.changes.contact_phone).to.deep.equal({ from: null, to: '9621234567' });
    expect(entry.details.changes).to.not.have.property('external_id'); // null → null is no change
  });

  it('refuses a malformed RFC naming the field and the fix, in Spanish and in English', async () => {
    const b = await signedIn(t, org);
    const es = await b.post('/suppliers', supplierForm({ taxId: 'ABC-123' }));
    expect(es.status).to.equal(422);
    expect(issuesOf(es.text)).to.contain(
      'RFC: «ABC-123» no tiene el formato de un RFC. Escriba 12 caracteres para una persona moral (p. ej. ABC010203AB9) o 13 para una persona física',
    );
    expect(es.text).to.contain('value="ABC-123"'); // the form comes back filled
    const en = await b.post('/suppliers?lang=en', supplierForm({ taxId: 'ABC-123' }));
    expect(en.status).to.equal(422);
    expect(issuesOf(en.text)).to.contain('Tax ID (RFC): “ABC-123” is not in RFC format. Enter 12 characters for a company (e.g. ABC010203AB9)');
  });

  it('names every wrong field at once; impossible RFC dates and generic RFCs are told apart', async () => {
    const b = await signedIn(t, org);
    const res = await b.post('/suppliers', supplierForm({ legalName: ' ', contactEmail: 'not-an-email', sectorCode: '99', tier: '0' }));
    expect(res.status).to.equal(422);
    const text = issuesOf(res.text);
    expect(text).to.contain('Revise 4 dato(s)');
    expect(text).to.contain('Razón social: escriba el nombre legal del proveedor, de 2 a 300 caracteres.');
    expect(text).to.contain('Correo de contacto: escriba un correo electrónico válido');
    expect(text).to.contain('Código SCIAN: «99» no es un código SCIAN');
    expect(text).to.contain('Nivel en la cadena: escriba un número entero de 1 (proveedor directo) a 20.');
    // 31 February does not exist in any century.
    expect(issuesOf((await b.post('/suppliers', supplierForm({ taxId: 'ABC010231AB1' }))).text)).to.contain('deben ser una fecha que exista (AAMMDD)');
    expect(issuesOf((await b.post('/suppliers', supplierForm({ taxId: 'XAXX010101000' }))).text)).to.contain('XAXX010101000 es un RFC genérico');
  });

  it('refuses a second supplier with the same RFC and names the first', async () => {
    const b = await signedIn(t, org);
    await createSupplier(b, { legalName: 'Empacadora del Valle', taxId: 'PME380607P35' });
    const res = await b.post('/suppliers', supplierForm({ legalName: 'Otra empacadora', taxId: 'PME380607P35' }));
    expect(res.status).to.equal(422);
    expect(issuesOf(res.text)).to.contain('RFC: PME380607P35 ya está registrado para «Empacadora del Valle»');
  });

  it('warns, without refusing, when the RFC check digit does not match', async () => {
    const b = await signedIn(t, org);
    // SAT970701NN3 is the SAT's own RFC; changing the last character breaks the check digit.
    const id = await createSupplier(b, { legalName: 'Proveedor con dígito dudoso', taxId: 'SAT970701NN4' });
    const page = await b.get(`/suppliers/${id}`);
    expect(page.text).to.contain('RFC SAT970701NN4: el último carácter no coincide con el dígito verificador esperado (3)');
  });

  it('edits: the audit entry keeps only the changed fields, before and after', async () => {
    const b = await signedIn(t, org);
    const id = await createSupplier(b, { legalName: 'Textiles Iztapalapa', sectorCode: '315', tags: 'maquila' });
    const edit = await b.get(`/suppliers/${id}/edit`);
    expect(edit.text).to.contain('value="Textiles Iztapalapa"');
    const res = await b.post(`/suppliers/${id}`, supplierForm({ legalName: 'Textiles Iztapalapa', sectorCode: '315', tags: 'maquila; domicilio', tradeName: 'TexIzta' }));
    expect(res.status).to.equal(302);
    const page = await b.get(`/suppliers/${id}`);
    expect(page.text).to.contain('TexIzta');
    expect(page.text).to.contain('Cambios guardados.');
    const entries = (await auditOf(t.db, org, 'supplier.updated')).filter((e) => e.target_id === id);
    expect(entries).to.have.length(1);
    expect(entries[0].details.changes).to.deep.equal({
      trade_name: { from: null, to: 'TexIzta' },
      tags: { from: ['maquila'], to: ['maquila', 'domicilio'] },
    });
    // Saving the same values again writes no entry.
    await b.post(`/suppliers/${id}`, supplierForm({ legalName: 'Textiles Iztapalapa', sectorCode: '315', tags: 'maquila; domicilio', tradeName: 'TexIzta' }));
    expect((await auditOf(t.db, org, 'supplier.updated')).filter((e) => e.target_id === id)).to.have.length(1);
  });

  it('archives (hidden from the list, read-only) and restores', async () => {
    const b = await signedIn(t, org);
    const id = await createSupplier(b, { legalName: 'Ladrillera Sayula Archivable' });
    expect((await b.post(`/suppliers/${id}/archive`)).status).to.equal(302);
    const list = await b.get('/suppliers?q=archivable');
    expect(list.text).to.not.contain(id);
    expect(list.text).to.contain('Ningún proveedor coincide con los filtros.');
    expect((await b.get('/suppliers?q=archivable&status=archived')).text).to.contain(id);
    const page = await b.get(`/suppliers/${id}`);
    expect(page.text).to.contain('Este proveedor está archivado desde el');
    const edit = await b.post(`/suppliers/${id}`, supplierForm({ legalName: 'Otro nombre' }));
    expect(edit.status).to.equal(409);
    expect(edit.text).to.contain('«Ladrillera Sayula Archivable» está archivado. Restáurelo para hacer cambios.');
    expect((await b.post(`/suppliers/${id}/restore`)).status).to.equal(302);
    expect((await b.get('/suppliers?q=archivable')).text).to.contain(id);
    const archived = (await auditOf(t.db, org, 'supplier.archived')).find((e) => e.target_id === id);
    expect(archived?.details.changes).to.deep.equal({ status: { from: 'active', to: 'archived' } });
    expect((await auditOf(t.db, org, 'supplier.restored')).map((e) => e.target_id)).to.include(id);
  });
});
