import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { createSite, createSupplier } from '../suppliers/support.ts';
import { baseRow } from '../suppliers/import/support.ts';
import { commitAndRun, csvBytes, suppliersOf, text, uploadToPreview } from '../suppliers/import-flow/support.ts';

const storedCommodities = async (t: TestApp, id: string) =>
  (await t.db.admin((q) => q.query<{ commodities: string[] }>('SELECT commodities FROM suppliers WHERE id = $1', [id]))).rows[0].commodities;

describe('commodities through the supplier form, the supplier page, the import and the score', () => {
  let t: TestApp;
  let org: TestOrg;
  let b: Browser;

  before(async () => {
    t = await buildTestApp();
  });
  beforeEach(async () => {
    org = await createOrg(t.db);
    b = new Browser(t.app);
    await b.login(org.users.analyst.email, PASSWORD);
    await b.get('/suppliers');
  });

  it('the form resolves free text to ids, keeps unknown text and says so, and the page shows the DOL goods', async () => {
    const id = await createSupplier(b, { legalName: 'Finca La Esperanza', sectorCode: '111', commodities: 'Café; Jitomates, nopal; cafe' });
    expect(await storedCommodities(t, id)).to.deep.equal(['coffee', 'tomatoes', 'nopal']);

    const page = await b.get(`/suppliers/${id}`);
    const body = text(page.text);
    expect(body).to.contain('Estos productos no se reconocieron y se guardaron tal como los escribió: nopal.');
    const facts = page.text.slice(page.text.indexOf('id="supplier-commodities"'));
    expect(facts).to.match(/data-commodity="Café">[\s\S]*?data-dol="Coffee"[^>]*>Lista del US DOL: trabajo infantil</);
    expect(facts).to.match(/data-commodity="Jitomate \(tomate rojo\)">[\s\S]*?data-dol="Tomatoes"[^>]*>Lista del US DOL: trabajo infantil y trabajo forzoso</);
    expect(facts).to.match(/data-commodity="nopal">[\s\S]*?data-unknown[^>]*>No reconocido</);

    // The edit form shows the names, which read back to the same ids, and the matched DOL goods.
    const form = await b.get(`/suppliers/${id}/edit`);
    expect(form.text).to.contain('value="Café; Jitomate (tomate rojo); nopal"');
    expect(form.text).to.match(/id="commodities-matched"[\s\S]*data-dol="Coffee"/);
    const again = await b.post(`/suppliers/${id}`, { legalName: 'Finca La Esperanza', sectorCode: '111', status: 'active', tier: '1', commodities: 'Café; Jitomate (tomate rojo); nopal' });
    expect(again.status).to.equal(302);
    expect(await storedCommodities(t, id)).to.deep.equal(['coffee', 'tomatoes', 'nopal']);
  });

  it('a form with an error keeps the typed commodities and shows what they match', async () => {
    const res = await b.post('/suppliers', { legalName: '', status: 'active', tier: '1', commodities: 'ejote; frijol' });
    expect(res.status).to.equal(422);
    // ejote is the DOL's green beans; dry beans (frijol) are not on the list.
    expect(res.text).to.match(/data-commodity="Ejote \(frijol verde\)">[\s\S]*?data-dol="Beans \(green beans\)"/);
    expect(res.text).to.match(/data-commodity="Frijol \(grano seco\)"><span class="tag">Frijol \(grano seco\)<\/span>\s*<\/li>/);
  });

  it('a supplier of "café" gets the DOL uplift in its score', async () => {
    const id = await createSupplier(b, { legalName: 'Beneficio Ejemplo', sectorCode: '111', commodities: 'café' });
    await createSite(b, id, { territoryCode: '07089' });
    await t.services.jobs.drain();
    const r = await t.db.admin((q) => q.query<{ sector: string; flags: string[] }>('SELECT sector::text, flags FROM site_scores WHERE supplier_id = $1', [id]));
    expect(r.rows).to.have.length(1);
    // Crops 80, coffee on the DOL list for child labour: 80 + (100 − 80) × 0.5 = 90.
    expect(Number(r.rows[0].sector)).to.equal(90);
    expect(r.rows[0].flags).to.include('dolCommodity');
  });

  it('an import of "Jitomate; fresas; nopal" stores ids and flags the unknown entry in the preview', async () => {
    const bytes = csvBytes([baseRow({ Productos: 'Jitomate; fresas; nopal' })]);
    const { id, page } = await uploadToPreview(b, bytes);
    const preview = text(page.text);
    expect(preview).to.contain('«nopal» no está en el vocabulario de productos');
    expect(preview).not.to.contain('«Jitomate»');
    await commitAndRun(t, b, id);
    const [s] = await suppliersOf(t, org.id);
    expect(s.commodities).to.deep.equal(['tomatoes', 'strawberries', 'nopal']);
  });
});
