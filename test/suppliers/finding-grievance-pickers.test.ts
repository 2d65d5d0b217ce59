import { expect } from 'chai';
import { submitReport } from '../grievances/helpers.ts';
import { pickerWorld, type PickerWorld } from './support.ts';

/** The finding form's site and the grievance triage's supplier are typed, not chosen from capped selects (issue 11, item 4). */
describe('suppliers: the finding form site and the grievance finding supplier are type-ahead searches', function () {
  this.timeout(120_000);
  let w: PickerWorld;

  const finding = (over: Record<string, string> = {}) => ({ source: 'field_report', category: 'hazardous_under_18', severity: 'high', title: 'Adolescentes en fumigación', ...over });
  const placeOf = async (findingId: string) => (await w.t.db.tx({ orgId: w.org.id, userId: null }, (q) =>
    q.query<{ supplier_id: string; site_id: string | null }>(`SELECT supplier_id, site_id FROM findings WHERE id = $1`, [findingId]))).rows[0];
  const idFrom = (location: string) => /\/findings\/([0-9a-f-]{36})$/.exec(location)![1];
  const findingOfReport = async (reportId: string) => (await w.t.db.admin((q) =>
    q.query<{ finding_id: string | null }>(`SELECT finding_id FROM grievance_reports WHERE id = $1`, [reportId]))).rows[0].finding_id;

  before(async () => {
    w = await pickerWorld({ moreEsperanzaSites: ['Beneficio Norte'] });
  });
  after(() => w.t.services.reports.close());

  it('finding form: the site is a search field narrowed by the supplier field, and no list of sites is rendered', async () => {
    const page = await w.analyst.get('/findings/new');
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/<input id="finding-site" name="site"[^>]*list="finding-site-options"[^>]*data-site-lookup="#finding-supplier"/);
    expect(page.text).to.contain('<datalist id="finding-site-options"></datalist>');
    expect(page.text).to.not.contain('<select id="finding-site"').and.not.contain('name="siteId"');
    expect(page.text).to.not.contain('Beneficio Central').and.not.contain('Huerto').and.not.contain('Finca del Sur');
    expect(page.text).to.contain('<script src="/static/build/supplier-lookup.js" defer></script>');
    // The type-ahead the field calls answers with that supplier's sites only.
    const suggested = await w.analyst.get(`/sites/lookup?q=benef&supplier=${encodeURIComponent('Finca del Sur (FSU020202CD2)')}`);
    expect(suggested.body.sites.map((s: { id: string }) => s.id)).to.deep.equal([w.surCentral]);
  });

  it('finding form: a typed site is resolved among the typed supplier\'s sites; blank means the whole supplier', async () => {
    const typed = await w.analyst.post('/findings', finding({ supplier: 'Finca La Esperanza (FLE010101AB1)', site: 'beneficio central' }));
    expect(typed.status, typed.text.slice(0, 500)).to.equal(302);
    expect(await placeOf(idFrom(typed.headers.location))).to.deep.equal({ supplier_id: w.esperanza, site_id: w.esperanzaCentral });
    // The same site name at another supplier is that supplier's site.
    const label = await w.analyst.post('/findings', finding({ supplier: 'FSU020202CD2', site: 'Beneficio Central · Finca del Sur' }));
    expect(label.status).to.equal(302);
    expect(await placeOf(idFrom(label.headers.location))).to.deep.equal({ supplier_id: w.sur, site_id: w.surCentral });
    const accents = await w.analyst.post('/findings', finding({ supplier: 'finca la esperanza', site: 'huerto unico' }));
    expect(accents.status).to.equal(302);
    expect(await placeOf(idFrom(accents.headers.location))).to.deep.equal({ supplier_id: w.esperanza, site_id: w.huerto });
    const whole = await w.analyst.post('/findings', finding({ supplier: 'FLE010101AB1', site: ' ' }));
    expect(whole.status).to.equal(302);
    expect(await placeOf(idFrom(whole.headers.location))).to.deep.equal({ supplier_id: w.esperanza, site_id: null });
    // Ids, as API clients send them, still work.
    const ids = await w.analyst.post('/findings', finding({ supplierId: w.sur, siteId: w.surCentral }));
    expect(ids.status).to.equal(302);
    expect(await placeOf(idFrom(ids.headers.location))).to.deep.equal({ supplier_id: w.sur, site_id: w.surCentral });
  });

  it('finding form without JavaScript: an unknown or ambiguous site says so on the site field, keeping what was typed', async () => {
    const before = await w.t.db.tx({ orgId: w.org.id, userId: null }, (q) => q.query<{ n: number }>(`SELECT count(*)::int AS n FROM findings`));
    const notTheirs = await w.analyst.post('/findings', finding({ supplier: 'FSU020202CD2', site: 'Huerto Único' }));
    expect(notTheirs.status).to.equal(422);
    expect(notTheirs.text).to.contain('Centro de trabajo: el proveedor no tiene un centro activo llamado «Huerto Único».');
    expect(notTheirs.text).to.match(/id="finding-site"[^>]*value="Huerto Único"/);
    expect(notTheirs.text).to.match(/id="finding-supplier"[^>]*value="FSU020202CD2"/);
    const ambiguous = await w.analyst.post('/findings', finding({ supplier: 'FLE010101AB1', site: 'beneficio' }));
    expect(ambiguous.status).to.equal(422);
    expect(ambiguous.text).to.contain('Centro de trabajo: 2 centros coinciden con «beneficio».');
    const foreign = await w.analyst.post('/findings', finding({ supplier: 'FLE010101AB1', site: 'Beneficio Ajeno' }));
    expect(foreign.status).to.equal(422);
    expect(foreign.text).to.contain('Centro de trabajo: el proveedor no tiene un centro activo llamado «Beneficio Ajeno».');
    // A bad supplier is reported with the other fields' errors, once, and no site error follows from it.
    const several = await w.analyst.post('/findings', finding({ supplier: 'Finca', site: 'Beneficio Central', title: 'x' }));
    expect(several.status).to.equal(422);
    expect(several.text).to.contain('Proveedor: 2 proveedores coinciden con «Finca».');
    expect(several.text).to.contain('El título debe tener entre 3 y 200 caracteres.');
    expect(several.text).to.not.contain('Centro de trabajo:').and.not.contain('Elija un proveedor.');
    const after = await w.t.db.tx({ orgId: w.org.id, userId: null }, (q) => q.query<{ n: number }>(`SELECT count(*)::int AS n FROM findings`));
    expect(after.rows[0].n).to.equal(before.rows[0].n);
  });

  it('grievance triage: the supplier is a search field showing the reported site\'s supplier, and no list of suppliers is rendered', async () => {
    const r = await submitReport(w.t.app, w.t.db, w.org, { siteId: w.huerto });
    const page = await w.admin.get(`/grievances/${r.id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/<input id="gf-supplier" name="supplier"[^>]*value="Finca La Esperanza \(FLE010101AB1\)"[^>]*list="gf-supplier-options"[^>]*data-supplier-lookup/);
    expect(page.text).to.contain('<datalist id="gf-supplier-options"></datalist>');
    expect(page.text).to.not.contain('<select id="gf-supplier"').and.not.contain('name="supplierId"');
    expect(page.text).to.not.contain('Finca del Sur');
    expect(page.text).to.contain('<script src="/static/build/supplier-lookup.js" defer></script>');
    // A report without a site starts with an empty field.
    const unplaced = await submitReport(w.t.app, w.t.db, w.org);
    expect((await w.admin.get(`/grievances/${unplaced.id}`)).text).to.match(/<input id="gf-supplier" name="supplier"[^>]*value=""/);
  });

  it('grievance triage: typed text is resolved by the server; unknown or ambiguous says so on the supplier field', async () => {
    const r = await submitReport(w.t.app, w.t.db, w.org, { siteId: w.surCentral });
    await w.admin.get(`/grievances/${r.id}`);
    const form = (over: Record<string, string>) => ({ siteId: w.surCentral, category: 'child_labour_under_15', severity: 'critical', title: 'Niñas cortando café (queja)', ...over });

    const ambiguous = await w.admin.post(`/grievances/${r.id}/finding`, form({ supplier: 'Finca', title: 'x' }));
    expect(ambiguous.status).to.equal(422);
    expect(ambiguous.text).to.contain('Proveedor: 2 proveedores coinciden con «Finca». Escriba el nombre completo o el RFC.');
    expect(ambiguous.text).to.contain('El título debe tener de 3 a 200 caracteres');
    expect(ambiguous.text).to.not.contain('Elija el proveedor del hallazgo.');
    expect(ambiguous.text).to.match(/id="gf-supplier"[^>]*value="Finca"/);
    const unknown = await w.admin.post(`/grievances/${r.id}/finding`, form({ supplier: 'Finca Ajena' }));
    expect(unknown.status).to.equal(422);
    expect(unknown.text).to.contain('Proveedor: ningún proveedor se llama «Finca Ajena».');
    const empty = await w.admin.post(`/grievances/${r.id}/finding`, form({ supplier: ' ' }));
    expect(empty.status).to.equal(422);
    expect(empty.text).to.contain('Proveedor: escriba el nombre o el RFC del proveedor.');
    expect(await findingOfReport(r.id)).to.equal(null);

    const typed = await w.admin.post(`/grievances/${r.id}/finding`, form({ supplier: 'finca del sur' }));
    expect(typed.status, typed.text.slice(0, 500)).to.equal(303);
    expect(await placeOf((await findingOfReport(r.id))!)).to.deep.equal({ supplier_id: w.sur, site_id: w.surCentral });

    // The supplier's id, as before, still opens a finding.
    const byId = await submitReport(w.t.app, w.t.db, w.org, { siteId: w.esperanzaCentral });
    const res = await w.admin.post(`/grievances/${byId.id}/finding`, form({ supplierId: w.esperanza, siteId: w.esperanzaCentral }));
    expect(res.status).to.equal(303);
    expect(await placeOf((await findingOfReport(byId.id))!)).to.deep.equal({ supplier_id: w.esperanza, site_id: w.esperanzaCentral });
  });
});
