import { expect } from 'chai';
import { Browser, type TestApp } from '../support/app.ts';
import type { TestOrg } from '../support/factories.ts';
import { engage } from '../support/factories.ts';
import { createOrg, createSite, createSupplier, PASSWORD, signedIn, supplierForm, supplierTestApp } from './support.ts';

describe('suppliers: tenant isolation, roles and the JSON API', () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;
  let supplierId: string;
  let siteId: string;
  before(async function () {
    this.timeout(120_000); // the first app of a run migrates and loads reference data
    t = await supplierTestApp();
    org = await createOrg(t.db);
    other = await createOrg(t.db);
    const b = await signedIn(t, org);
    supplierId = await createSupplier(b, { legalName: 'Proveedor Privado de Org A', taxId: 'CFE370814QI0' });
    siteId = await createSite(b, supplierId, { name: 'Sitio privado', territoryCode: '14120', latitude: '20.72', longitude: '-103.39' });
  });

  it('another organisation gets 404 for the supplier, its site, its edit forms, actions and API', async () => {
    const outsider = await signedIn(t, other, 'owner');
    for (const url of [`/suppliers/${supplierId}`, `/suppliers/${supplierId}/edit`, `/suppliers/${supplierId}/sites/new`, `/sites/${siteId}`, `/sites/${siteId}/edit`, `/api/v1/suppliers/${supplierId}`]) {
      const res = await outsider.get(url);
      expect(res.status, url).to.equal(404);
      expect(res.text, url).to.not.contain('Proveedor Privado');
    }
    for (const url of [`/suppliers/${supplierId}`, `/suppliers/${supplierId}/archive`, `/sites/${siteId}/archive`, `/suppliers/${supplierId}/links`]) {
      expect((await outsider.post(url, supplierForm({ otherId: supplierId }))).status, url).to.equal(404);
    }
    const list = await outsider.get('/suppliers?q=privado');
    expect(list.text).to.not.contain('Proveedor Privado');
    const api = await outsider.get('/api/v1/suppliers');
    expect(JSON.parse(api.text)).to.deep.equal({ data: [], nextCursor: null });
    const points = JSON.parse((await outsider.get('/suppliers/map/points.json')).text);
    expect(points.features).to.deep.equal([]);
    const csv = await outsider.get('/suppliers/export.csv');
    expect(csv.text).to.not.contain('Privado');
    // Still untouched for its owner.
    const mine = await signedIn(t, org, 'viewer');
    expect((await mine.get(`/suppliers/${supplierId}`)).text).to.contain('<span class="status status-active"');
  });

  it('viewers and auditors read; they cannot create, edit, link or archive; analysts can', async () => {
    for (const role of ['viewer', 'auditor'] as const) {
      const b = await signedIn(t, org, role);
      expect((await b.get('/suppliers')).status, role).to.equal(200);
      const page = await b.get(`/suppliers/${supplierId}`);
      expect(page.status, role).to.equal(200);
      expect(page.text, role).to.not.contain('id="edit-supplier"');
      expect((await b.get('/suppliers/new')).status, role).to.equal(403);
      expect((await b.post('/suppliers', supplierForm())).status, role).to.equal(403);
      expect((await b.post(`/suppliers/${supplierId}/archive`)).status, role).to.equal(403);
      expect((await b.get(`/sites/${siteId}/edit`)).status, role).to.equal(403);
      expect((await b.get('/suppliers/export.csv')).status, role).to.equal(200);
    }
    const analyst = await signedIn(t, org, 'analyst');
    expect((await analyst.get('/suppliers/new')).status).to.equal(200);
    expect((await analyst.get(`/suppliers/${supplierId}`)).text).to.contain('id="edit-supplier"');
  });

  it('a consultant acts inside the client with the engagement role', async () => {
    const consultancy = await createOrg(t.db, 'consultancy');
    await engage(t.services, org, consultancy, 'viewer');
    const b = new Browser(t.app);
    await b.login(consultancy.users.analyst.email, PASSWORD);
    await b.get('/orgs');
    await b.post('/orgs/switch', { orgId: org.id });
    expect((await b.get(`/suppliers/${supplierId}`)).status).to.equal(200);
    expect((await b.post('/suppliers', supplierForm())).status).to.equal(403);
  });

  it('serves paginated JSON to API keys with the list filters, and one supplier with its sites and links', async () => {
    const { key } = await t.services.apiKeys.create(org.actor('owner'), { name: 'ERP', role: 'viewer' });
    const api = new Browser(t.app);
    const list = await api.agent.get('/api/v1/suppliers?q=privado&state=14').set('Authorization', `Bearer ${key}`);
    expect(list.status).to.equal(200);
    expect(list.body.data).to.have.length(1);
    expect(list.body.nextCursor).to.equal(null);
    expect(list.body.data[0]).to.include({ id: supplierId, legalName: 'Proveedor Privado de Org A', taxId: 'CFE370814QI0', tier: 1, siteCount: 1 });
    const none = await api.agent.get('/api/v1/suppliers?state=07').set('Authorization', `Bearer ${key}`);
    expect(none.body.data).to.deep.equal([]);
    const one = await api.agent.get(`/api/v1/suppliers/${supplierId}`).set('Authorization', `Bearer ${key}`);
    expect(one.status).to.equal(200);
    expect(one.body.sites).to.have.length(1);
    expect(one.body.sites[0]).to.deep.include({ id: siteId, territoryCode: '14120', territoryName: 'Zapopan', stateCode: '14', latitude: 20.72, longitude: -103.39 });
    expect(one.body.suppliesTo).to.deep.equal([]);
    const { key: otherKey } = await t.services.apiKeys.create(other.actor('owner'), { name: 'Otro', role: 'viewer' });
    expect((await api.agent.get(`/api/v1/suppliers/${supplierId}`).set('Authorization', `Bearer ${otherKey}`)).status).to.equal(404);
    expect((await new Browser(t.app).agent.get('/api/v1/suppliers')).status).to.equal(401);
  });

  it('map endpoints: the tenant\'s site points coloured by territorial risk, and state values of the active dataset', async () => {
    const b = await signedIn(t, org, 'viewer');
    const points = JSON.parse((await b.get('/suppliers/map/points.json')).text);
    const mine = points.features.find((f: { properties: { href: string } }) => f.properties.href === `/suppliers/${supplierId}`);
    expect(mine.geometry.coordinates).to.deep.equal([-103.39, 20.72]);
    expect(mine.properties.name).to.equal('Sitio privado · Proveedor Privado de Org A · Sin calcular');
    expect(['low', 'medium', 'high']).to.include(mine.properties.level);
    const values = JSON.parse((await b.get('/maps/risk/states.json')).text);
    expect(values.levels.map((l: { key: string }) => l.key)).to.deep.equal(['low', 'medium', 'high']);
    expect(values.values['14'].label).to.equal('Jalisco');
    const zapopan = await t.db.admin((q) => q.query<{ risk_level: string }>(
      `SELECT v.risk_level FROM risk_values v JOIN risk_datasets d ON d.id = v.dataset_id AND d.is_active WHERE v.code = '14120'`));
    expect(mine.properties.level).to.equal(zapopan.rows[0].risk_level);
    const geo = await b.get('/maps/geo/states.json');
    expect(geo.status).to.equal(200);
    expect(JSON.parse(geo.text).features).to.have.length(32);
    const page = await b.get('/suppliers/map');
    expect(page.text).to.contain('data-points-url="/suppliers/map/points.json"');
    expect((await new Browser(t.app).get('/maps/risk/states.json')).status).to.equal(302);
  });
});
