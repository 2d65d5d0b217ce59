import { expect } from 'chai';
import { pdfPages } from '../reports/support.ts';
import { pickerWorld, type PickerWorld } from './support.ts';

/** The site map, the training form and the grievance poster pick suppliers and sites by typing (issue 11, item 4). */
describe('suppliers: the site map, training and poster pickers are type-ahead searches, not capped selects', function () {
  this.timeout(120_000);
  let w: PickerWorld;

  const training = (over: Record<string, string> = {}) => ({
    heldOn: '2026-11-02', topics: 'child_labour_law', facilitator: 'STPS Chiapas',
    attendeesWomen: '3', attendeesMen: '1', attendeesOther: '', managers: '1', supervisors: '0', workers: '3', recruiters: '', ...over,
  });
  const lastSession = async () => (await w.t.db.tx({ orgId: w.org.id, userId: null }, (q) =>
    q.query<{ supplier_id: string | null; site_id: string | null }>(`SELECT supplier_id, site_id FROM training_sessions ORDER BY created_at DESC LIMIT 1`))).rows[0];
  const pointsUrlOf = (html: string) => /data-points-url="([^"]+)"/.exec(html)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

  before(async () => {
    w = await pickerWorld();
  });
  after(() => w.t.services.reports.close());

  it('answers the site type-ahead with the tenant\'s own active sites, narrowed by a typed supplier', async () => {
    const res = await w.analyst.get('/sites/lookup?q=benef');
    expect(res.status).to.equal(200);
    expect(res.body.sites.map((s: { label: string }) => s.label)).to.have.members(['Beneficio Central · Finca del Sur', 'Beneficio Central · Finca La Esperanza']);
    const narrowed = await w.analyst.get(`/sites/lookup?q=benef&supplier=${encodeURIComponent('Finca La Esperanza (FLE010101AB1)')}`);
    expect(narrowed.body.sites.map((s: { id: string }) => s.id)).to.deep.equal([w.esperanzaCentral]);
    // Accents folded; a supplier's name finds its sites.
    expect((await w.analyst.get('/sites/lookup?q=unico')).body.sites.map((s: { id: string }) => s.id)).to.deep.equal([w.huerto]);
    expect((await w.analyst.get('/sites/lookup?q=del sur')).body.sites.map((s: { id: string }) => s.id)).to.deep.equal([w.surCentral]);
    expect((await w.analyst.get('/sites/lookup?q=ajeno')).body.sites).to.deep.equal([]);
    expect((await w.analyst.get('/sites/lookup?q=b')).body.sites).to.deep.equal([]);
  });

  it('site map: the supplier filter is a search field; a typed RFC filters, an ambiguous or unknown name says so on the field', async () => {
    const page = await w.analyst.get('/suppliers/map');
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/<input name="supplier" id="map-supplier"[^>]*list="map-supplier-options"[^>]*data-supplier-lookup/);
    expect(page.text).to.not.contain('<select name="supplier"');
    expect(page.text).to.not.contain('Finca del Sur').and.not.contain('Finca La Esperanza');
    expect(page.text).to.contain('<script src="/static/build/supplier-lookup.js" defer></script>');

    const chosen = await w.analyst.get('/suppliers/map?supplier=FLE010101AB1');
    expect(chosen.status).to.equal(200);
    expect(pointsUrlOf(chosen.text)).to.equal(`/suppliers/map/points.json?supplier=${w.esperanza}`);
    expect(chosen.text).to.match(/id="map-supplier"[^>]*value="Finca La Esperanza \(FLE010101AB1\)"/);
    const points = JSON.parse((await w.analyst.get(pointsUrlOf(chosen.text))).text);
    expect(points.features.map((f: { properties: { name: string } }) => f.properties.name.split(' · ')[0]).sort()).to.deep.equal(['Beneficio Central', 'Huerto Único']);

    const ambiguous = await w.analyst.get('/suppliers/map?supplier=Finca&state=07');
    expect(ambiguous.status).to.equal(422);
    expect(ambiguous.text).to.contain('Proveedor: 2 proveedores coinciden con «Finca».');
    expect(ambiguous.text).to.match(/id="map-supplier"[^>]*value="Finca"/);
    expect(pointsUrlOf(ambiguous.text)).to.equal('/suppliers/map/points.json?state=07');
    const unknown = await w.analyst.get(`/suppliers/map?supplier=${encodeURIComponent('Finca Ajena')}`);
    expect(unknown.status).to.equal(422);
    expect(unknown.text).to.contain('Proveedor: ningún proveedor se llama «Finca Ajena».');
  });

  it('training: supplier and site are typed; the server resolves them, a site alone brings its supplier, errors name the field', async () => {
    const page = await w.analyst.get('/training/new');
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/<input id="training-supplier" name="supplier"[^>]*list="training-supplier-options"[^>]*data-supplier-lookup/);
    expect(page.text).to.match(/<input id="training-site" name="site"[^>]*list="training-site-options"[^>]*data-site-lookup="#training-supplier"/);
    expect(page.text).to.not.contain('<select id="training-place"');
    expect(page.text).to.not.contain('Finca del Sur').and.not.contain('Beneficio Central');

    const both = await w.analyst.post('/training', training({ supplier: 'Finca La Esperanza (FLE010101AB1)', site: 'Beneficio Central' }));
    expect(both.status, both.text.slice(0, 500)).to.equal(302);
    expect(await lastSession()).to.deep.equal({ supplier_id: w.esperanza, site_id: w.esperanzaCentral });
    const siteAlone = await w.analyst.post('/training', training({ supplier: '', site: 'huerto unico' }));
    expect(siteAlone.status).to.equal(302);
    expect(await lastSession()).to.deep.equal({ supplier_id: w.esperanza, site_id: w.huerto });
    const label = await w.analyst.post('/training', training({ supplier: '', site: 'Beneficio Central · Finca del Sur' }));
    expect(label.status).to.equal(302);
    expect(await lastSession()).to.deep.equal({ supplier_id: w.sur, site_id: w.surCentral });
    const own = await w.analyst.post('/training', training({ supplier: ' ', site: '' }));
    expect(own.status).to.equal(302);
    expect(await lastSession()).to.deep.equal({ supplier_id: null, site_id: null });

    const edit = await w.analyst.get(`${both.headers.location}/edit`);
    expect(edit.text).to.match(/id="training-supplier"[^>]*value="Finca La Esperanza \(FLE010101AB1\)"/);
    expect(edit.text).to.match(/id="training-site"[^>]*value="Beneficio Central · Finca La Esperanza"/);

    const ambiguousSite = await w.analyst.post('/training', training({ supplier: '', site: 'Beneficio Central' }));
    expect(ambiguousSite.status).to.equal(422);
    expect(ambiguousSite.text).to.contain('Centro de trabajo: 2 centros coinciden con «Beneficio Central».');
    expect(ambiguousSite.text).to.match(/id="training-site"[^>]*value="Beneficio Central"/);
    const wrongSupplier = await w.analyst.post('/training', training({ supplier: 'Finca', site: 'Beneficio Central', facilitator: '' }));
    expect(wrongSupplier.status).to.equal(422);
    expect(wrongSupplier.text).to.contain('Proveedor: 2 proveedores coinciden con «Finca».');
    expect(wrongSupplier.text).to.contain('Persona facilitadora: escriba un nombre');
    const notTheirs = await w.analyst.post('/training', training({ supplier: 'FSU020202CD2', site: 'Huerto Único' }));
    expect(notTheirs.status).to.equal(422);
    expect(notTheirs.text).to.contain('Centro de trabajo: ningún centro activo se llama «Huerto Único».');
    const foreign = await w.analyst.post('/training', training({ supplier: '', site: 'Beneficio Ajeno' }));
    expect(foreign.status).to.equal(422);
    expect(foreign.text).to.contain('Centro de trabajo: ningún centro activo se llama «Beneficio Ajeno».');
  });

  it('grievance poster: the site is typed; a typed site prints its poster, an ambiguous or unknown one says so on the field', async () => {
    const page = await w.admin.get('/grievances');
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/<input id="poster-site" name="site"[^>]*list="poster-site-options"[^>]*data-site-lookup/);
    expect(page.text).to.not.contain('<select id="poster-site"');
    expect(page.text).to.not.contain('Beneficio Central').and.not.contain('Huerto');

    const ambiguous = await w.admin.get(`/grievances/poster?site=${encodeURIComponent('beneficio central')}`);
    expect(ambiguous.status).to.equal(422);
    expect(ambiguous.text).to.contain('Sitio: 2 sitios coinciden con «beneficio central».');
    expect(ambiguous.text).to.match(/id="poster-site"[^>]*value="beneficio central"/);
    const unknown = await w.admin.get(`/grievances/poster?site=${encodeURIComponent('Beneficio Ajeno')}`);
    expect(unknown.status).to.equal(422);
    expect(unknown.text).to.contain('Sitio: ningún sitio activo se llama «Beneficio Ajeno».');

    const res = await w.admin.agent.get(`/grievances/poster?site=${encodeURIComponent('Huerto Único · Finca La Esperanza')}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.contain('application/pdf');
    expect((await pdfPages(res.body)).join(' ')).to.contain('Este cartel es para: Huerto Único.');
  });
  it('a site named exactly as typed wins even among more than 50 whose names contain the text', async () => {
    // "Almacén Zanja n" sorts before "Zanja" by name in any collation: without ranking whole names first, the cap would hide it.
    const [{ id }] = await w.t.db.tx({ orgId: w.org.id, userId: null }, async (q) => {
      await q.query(`INSERT INTO sites (organization_id, supplier_id, name) SELECT app_org(), $1, 'Almacén Zanja ' || g FROM generate_series(1, 60) g`, [w.esperanza]);
      return (await q.query<{ id: string }>(`INSERT INTO sites (organization_id, supplier_id, name) VALUES (app_org(), $1, 'Zanja') RETURNING id`, [w.esperanza])).rows;
    });
    const res = await w.admin.agent.get('/grievances/poster?site=zanja').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).to.equal(200);
    expect((await pdfPages(res.body)).join(' ')).to.contain('Este cartel es para: Zanja.');
    expect((await w.t.services.training.placeLabels(w.org.actor('analyst'), null, id)).site).to.equal('Zanja · Finca La Esperanza');
    const ambiguous = await w.admin.get(`/grievances/poster?site=${encodeURIComponent('almacén zanja')}`);
    expect(ambiguous.status).to.equal(422);
    expect(ambiguous.text).to.contain('Sitio: 60 sitios coinciden con «almacén zanja».');
  });
});
