import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';

describe('errors, health and the REST API', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });

  it('reports database reachability on /health', async () => {
    const res = await new Browser(t.app).get('/health');
    expect(res.status).to.equal(200);
    expect(res.body.database.status).to.equal('up');
    expect(res.body.database.kind).to.equal(t.db.kind);
  });

  it('renders a 404 page in Spanish by default and in English after switching', async () => {
    const b = new Browser(t.app);
    const es = await b.get('/no-such-page');
    expect(es.status).to.equal(404);
    expect(es.text).to.contain('No encontrado');
    expect(es.headers['x-request-id']).to.be.a('string');
    await b.get('/lang/en?next=/login');
    const en = await b.get('/no-such-page');
    expect(en.text).to.contain('Not found');
    expect(en.text).to.contain('lang="en"');
  });

  it('answers API errors as problem+json', async () => {
    const res = await new Browser(t.app).agent.get('/api/v1/me').set('Authorization', 'Bearer vk_nottherightformat');
    expect(res.status).to.equal(401);
    expect(res.headers['content-type']).to.contain('application/problem+json');
    const body = JSON.parse(res.text);
    expect(body).to.include({ status: 401, code: 'errors.badApiKey' });
  });

  it('sends a strict CSP without inline scripts', async () => {
    const res = await new Browser(t.app).get('/login');
    expect(res.headers['content-security-policy']).to.contain("script-src 'self'");
    expect(res.headers['content-security-policy']).to.not.contain('unsafe-inline');
    expect(res.text).to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('creates an API key once, authenticates with it, and refuses it after revocation', async () => {
    const o = await createOrg(t.db);
    const b = new Browser(t.app);
    await b.login(o.users.admin.email, PASSWORD);
    await b.get('/settings/api-keys');
    const created = await b.post('/settings/api-keys', { name: 'ERP', role: 'viewer' });
    expect(created.status).to.equal(201);
    const key = /id="new-key">([^<]+)</.exec(created.text)![1];
    const me = await b.agent.get('/api/v1/me').set('Authorization', `Bearer ${key}`);
    expect(me.status).to.equal(200);
    expect(me.body).to.deep.include({ role: 'viewer', via: 'api_key' });
    expect(me.body.organization.id).to.equal(o.id);
    const stored = await t.db.admin((q) => q.query<{ key_hash: string; id: string }>(`SELECT id, key_hash FROM api_keys WHERE organization_id = $1`, [o.id]));
    expect(created.text).to.not.contain(stored.rows[0].key_hash);
    await b.get('/settings/api-keys');
    await b.post(`/settings/api-keys/${stored.rows[0].id}/revoke`);
    expect((await new Browser(t.app).agent.get('/api/v1/me').set('Authorization', `Bearer ${key}`)).status).to.equal(401);
  });

  it('treats a malformed id as not found, not as a server error', async () => {
    const o = await createOrg(t.db);
    const b = new Browser(t.app);
    await b.login(o.users.admin.email, PASSWORD);
    await b.get('/settings/api-keys');
    expect((await b.post('/settings/api-keys/not-a-uuid/revoke')).status).to.equal(404);
  });
});
