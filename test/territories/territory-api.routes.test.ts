import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';

describe('territory API v1', () => {
  let t: TestApp;
  let org: TestOrg;
  let key: string;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    ({ key } = await t.services.apiKeys.create(org.actor('admin'), { name: 'ERP', role: 'viewer' }));
  });

  const api = (url: string) => new Browser(t.app).agent.get(url).set('Authorization', `Bearer ${key}`);

  it('searches territories by name', async () => {
    const res = await api('/api/v1/territories/search?q=tapachula');
    expect(res.status).to.equal(200);
    expect(res.body.status).to.equal('exact');
    expect(res.body.data[0]).to.deep.include({
      code: '07089', level: 'municipality', name: 'Tapachula', stateCode: '07', stateName: 'Chiapas', href: '/api/v1/territories/07089',
    });
    expect((await api('/api/v1/territories/search?q=x')).body).to.deep.equal({ query: 'x', status: 'none', data: [] });
  });

  it('returns a municipality with its risk, the dataset, and the demo notice', async () => {
    const res = await api('/api/v1/territories/07089').set('Accept-Language', 'en');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ code: '07089', level: 'municipality', name: 'Tapachula', stateName: 'Chiapas', population: 353706 });
    expect(res.body.risk).to.deep.include({ level: 'high', levelLabel: 'High', index: null, score: 0.9, fallback: null });
    expect(res.body.dataset).to.deep.include({ version: 'demo-2018', isDemo: true, year: 2018 });
    expect(res.body.notice).to.equal('demo — not official data');
    expect(res.body.source).to.equal('Source: INEGI');
  });

  it('says when a municipality takes its state’s value', async () => {
    const res = await api('/api/v1/territories/12085');
    expect(res.body.createdAfterCensus).to.equal(true);
    expect(res.body.population).to.equal(null);
    // Guerrero (12) is "high" in the 2018 classification.
    expect(res.body.risk).to.deep.include({ level: 'high', fallback: 'state', valueCode: '12', index: null });
    expect(res.body.notice).to.equal('demo — datos no oficiales');
  });

  it('unknown codes are 404 problems; no key is 401', async () => {
    const missing = await api('/api/v1/territories/07999');
    expect(missing.status).to.equal(404);
    expect(missing.headers['content-type']).to.match(/application\/problem\+json/);
    expect((await new Browser(t.app).agent.get('/api/v1/territories/07089')).status).to.equal(401);
  });
});
