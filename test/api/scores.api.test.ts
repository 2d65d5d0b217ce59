import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';
import { addSupplier, TAPACHULA_WORKFORCE } from '../scores/fixtures.ts';
import { apiClient } from './contract.ts';

/** The farm worked by hand in test/scores/rescore.test.ts: Tapachula (high), crops, 72.63 → high (indigenous counts are never a risk input). */
describe('API v1: scores, their history, territories and risk datasets', () => {
  let t: TestApp;
  let org: TestOrg;
  let farm: { supplierId: string; siteIds: string[] };
  let reader: ReturnType<typeof apiClient>;
  let outsider: ReturnType<typeof apiClient>;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    farm = await addSupplier(t.db, org, {
      name: 'Finca Cafetalera API', sectorCode: '111',
      sites: [{ name: 'Finca Tapachula', territoryCode: '07089', workforce: TAPACHULA_WORKFORCE }],
    });
    await t.services.scores.requestRescore(org.actor('analyst'), null, 'manual');
    await t.services.jobs.drain();
    reader = apiClient(t.app, (await t.services.apiKeys.create(org.actor('admin'), { name: 'BI', role: 'viewer' })).key);
    const other = await createOrg(t.db);
    outsider = apiClient(t.app, (await t.services.apiKeys.create(other.actor('admin'), { name: 'X', role: 'viewer' })).key);
  });

  it('serves a supplier\'s score explained, with its history, and a site\'s score with its history', async () => {
    await t.services.scores.requestRescore(org.actor('analyst'), null, 'manual');
    await t.services.jobs.drain();
    const s = await reader.get(`/api/v1/suppliers/${farm.supplierId}/score`, { 'Accept-Language': 'en' });
    expect(s.status).to.equal(200);
    expect(s.body.score).to.include({ level: 'high', worstResidual: 72.63, siteCount: 1 });
    expect(s.body.history.length).to.be.at.least(1);
    expect(s.body.history.filter((h: { current: boolean }) => h.current)).to.have.length(1);
    const site = await reader.get(`/api/v1/sites/${farm.siteIds[0]}/score`, { 'Accept-Language': 'en' });
    expect(site.status).to.equal(200);
    expect(site.body.score).to.include({ level: 'high', residual: 72.63, territorial: 90 });
    expect(site.body.score.dataset).to.include({ isDemo: true });
    expect(site.body.score.explanation[0].text).to.contain('Territorial risk');
    expect(site.body.history[0].current).to.equal(true);
  });

  it('lists scores by level with a cursor, and hides other tenants', async () => {
    const high = await reader.get('/api/v1/scores?level=high,critical&limit=1');
    expect(high.body.data.map((d: { supplierId: string }) => d.supplierId)).to.deep.equal([farm.supplierId]);
    expect((await reader.get('/api/v1/scores?level=bogus')).body.errors[0].field).to.equal('query.level');
    expect((await outsider.get(`/api/v1/suppliers/${farm.supplierId}/score`)).status).to.equal(404);
    expect((await outsider.get(`/api/v1/sites/${farm.siteIds[0]}/score`)).status).to.equal(404);
    expect((await outsider.get('/api/v1/scores')).body.data).to.deep.equal([]);
  });

  it('reads territories and the risk datasets (source, year, licence, which is in use)', async () => {
    const found = await reader.get('/api/v1/territories/search?q=tapachula');
    expect(found.body.data[0]).to.include({ code: '07089', name: 'Tapachula' });
    const tr = await reader.get('/api/v1/territories/07089');
    expect(tr.body.risk.level).to.equal('high');
    expect((await reader.get('/api/v1/territories/99999')).status).to.equal(404);
    const sets = await reader.get('/api/v1/risk-datasets?country=MX');
    expect(sets.status).to.equal(200);
    const active = sets.body.data.find((d: { isActive: boolean }) => d.isActive);
    expect(active).to.include({ country: 'MX', isDemo: true, version: 'demo-2018' });
    expect((await reader.get('/api/v1/risk-datasets?country=mexico')).body.errors[0].field).to.equal('query.country');
  });

  it('refuses a key without the scores scope', async () => {
    const { key } = await t.services.apiKeys.create(org.actor('admin'), { name: 'Suppliers only', role: 'viewer', scopes: ['suppliers:read'] });
    const res = await apiClient(t.app, key).get(`/api/v1/suppliers/${farm.supplierId}/score`);
    expect(res.status).to.equal(403);
    expect(res.body.detail).to.contain('scores:read');
  });
});
