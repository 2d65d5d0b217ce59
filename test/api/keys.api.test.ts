import { expect } from 'chai';
import supertest from 'supertest';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { apiClient } from './contract.ts';

describe('API v1: keys (scopes, expiry, rate limits) and idempotent POST', () => {
  let t: TestApp;
  let org: TestOrg;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
  });

  it('replays a POST retried with the same Idempotency-Key instead of creating twice', async () => {
    const api = apiClient(t.app, (await t.services.apiKeys.create(org.actor('admin'), { name: 'ERP', role: 'analyst' })).key);
    const body = { legalName: 'Hortalizas Repetidas SA', tier: 1 };
    const first = await api.post('/api/v1/suppliers', body, { 'Idempotency-Key': 'order-778' });
    expect(first.status).to.equal(201);
    expect(first.headers['idempotent-replayed']).to.equal(undefined);
    const again = await api.post('/api/v1/suppliers', { tier: 1, legalName: 'Hortalizas Repetidas SA' }, { 'Idempotency-Key': 'order-778' });
    expect(again.status).to.equal(201);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(again.body).to.deep.equal(first.body);
    const list = await api.get('/api/v1/suppliers?q=Repetidas');
    expect(list.body.data).to.have.length(1);
    const different = await api.post('/api/v1/suppliers', { legalName: 'Otra Cosa SA' }, { 'Idempotency-Key': 'order-778' });
    expect(different.status).to.equal(422);
    expect(different.body.errors[0]).to.include({ field: 'Idempotency-Key' });
    expect((await api.post('/api/v1/suppliers', body, { 'Idempotency-Key': 'x'.repeat(300) })).status).to.equal(422);
  });

  it('releases the key of a request that failed, and answers 409 while the first request is still running', async () => {
    const api = apiClient(t.app, (await t.services.apiKeys.create(org.actor('admin'), { name: 'Retry', role: 'analyst' })).key);
    expect((await api.post('/api/v1/suppliers', { legalName: 'X', tier: 99 }, { 'Idempotency-Key': 'fix-and-retry' })).status).to.equal(422);
    const fixed = await api.post('/api/v1/suppliers', { legalName: 'Corregida SA' }, { 'Idempotency-Key': 'fix-and-retry' });
    expect(fixed.status).to.equal(201);
    expect(fixed.headers['idempotent-replayed']).to.equal(undefined);
    // A claim whose request has not finished (as a concurrent retry sees it).
    await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query(`INSERT INTO api_idempotency_keys (organization_id, key, request_hash, status, body) VALUES (app_org(), 'running', 'h', 0, 'null')`));
    const busy = await api.post('/api/v1/suppliers', { legalName: 'Paralela SA' }, { 'Idempotency-Key': 'running', 'Accept-Language': 'en' });
    expect(busy.status).to.equal(409);
    expect(busy.body.code).to.equal('api.errors.idempotencyInProgress');
    // A claim left by a process that died stops blocking after two minutes.
    await t.db.admin((q) => q.query(`UPDATE api_idempotency_keys SET created_at = now() - interval '3 minutes' WHERE key = 'running'`));
    expect((await api.post('/api/v1/suppliers', { legalName: 'Paralela SA' }, { 'Idempotency-Key': 'running' })).status).to.equal(201);
  });

  it('forgets an idempotency key after 24 hours', async () => {
    const api = apiClient(t.app, (await t.services.apiKeys.create(org.actor('admin'), { name: 'Old retry', role: 'analyst' })).key);
    expect((await api.post('/api/v1/suppliers', { legalName: 'Ayer SA' }, { 'Idempotency-Key': 'day-old' })).status).to.equal(201);
    await t.db.admin((q) => q.query(`UPDATE api_idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'day-old'`));
    const fresh = await api.post('/api/v1/suppliers', { legalName: 'Hoy SA' }, { 'Idempotency-Key': 'day-old' });
    expect(fresh.status).to.equal(201);
    expect(fresh.body.supplier.legalName).to.equal('Hoy SA');
  });

  it('keeps idempotency keys per organisation', async () => {
    const other = await createOrg(t.db);
    const api = apiClient(t.app, (await t.services.apiKeys.create(other.actor('admin'), { name: 'ERP', role: 'analyst' })).key);
    const res = await api.post('/api/v1/suppliers', { legalName: 'Hortalizas Repetidas SA' }, { 'Idempotency-Key': 'order-778' });
    expect(res.status).to.equal(201);
    expect(res.headers['idempotent-replayed']).to.equal(undefined);
  });

  it('refuses an expired key with 401 and says it expired', async () => {
    const { id, key } = await t.services.apiKeys.create(org.actor('admin'), { name: 'Old', role: 'viewer', expiresOn: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) });
    const api = apiClient(t.app, key);
    expect((await api.get('/api/v1/suppliers')).status).to.equal(200);
    await t.db.admin((q) => q.query(`UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]));
    const res = await api.get('/api/v1/suppliers', { 'Accept-Language': 'en' });
    expect(res.status).to.equal(401);
    expect(res.body.code).to.equal('api.errors.keyExpired');
    expect(res.body.detail).to.equal('The API key has expired. Create a new one in Settings → API keys.');
  });

  it('refuses areas outside the key\'s scopes with 403', async () => {
    const { key } = await t.services.apiKeys.create(org.actor('admin'), { name: 'Scores only', role: 'viewer', scopes: ['scores:read'] });
    const res = await apiClient(t.app, key).get('/api/v1/suppliers');
    expect(res.status).to.equal(403);
    expect(res.body.detail).to.contain('suppliers:read');
    expect((await apiClient(t.app, key).get('/api/v1/me')).body.scopes).to.deep.equal(['scores:read']);
  });

  it('validates scopes, expiry and rate of a new key, naming the field', async () => {
    for (const [input, field] of [
      [{ scopes: ['suppliers:delete'] }, 'scopes'],
      [{ scopes: ['suppliers:write'] }, 'scopes'],
      [{ expiresOn: '2020-01-01' }, 'expiresOn'],
      [{ expiresOn: '2026-02-30' }, 'expiresOn'],
      [{ ratePerMinute: 0 }, 'ratePerMinute'],
    ] as const) {
      const err = await t.services.apiKeys.create(org.actor('admin'), { name: 'K', role: 'viewer', ...input }).catch((e) => e);
      expect(err.issues?.map((i: { field: string }) => i.field), JSON.stringify(input)).to.deep.equal([field]);
    }
  });

  it('limits requests per key and announces it with RateLimit and RateLimit-Policy headers', async () => {
    const { key } = await t.services.apiKeys.create(org.actor('admin'), { name: 'Slow', role: 'viewer', ratePerMinute: 3 });
    const api = apiClient(t.app, key);
    const first = await api.get('/api/v1/me');
    expect(first.headers['ratelimit-policy']).to.match(/^"per-key"; q=3; w=60(; pk=:[^:]+:)?$/);
    expect(first.headers.ratelimit).to.match(/^"per-key"; r=2; t=\d+$/);
    await api.get('/api/v1/me');
    await api.get('/api/v1/me');
    const limited = await api.get('/api/v1/me');
    expect(limited.status).to.equal(429);
    expect(limited.body.code).to.equal('api.errors.rateLimited');
    expect(limited.headers.ratelimit).to.match(/r=0/);
    // Another key of the same organisation has its own budget.
    const { key: fresh } = await t.services.apiKeys.create(org.actor('admin'), { name: 'Fast', role: 'viewer' });
    expect((await supertest(t.app).get('/api/v1/me').set('Authorization', `Bearer ${fresh}`)).status).to.equal(200);
  });

  it('lets an admin choose scopes, expiry and rate on the settings page, and lists them', async () => {
    const admin = new Browser(t.app);
    await admin.login(org.users.admin.email, PASSWORD);
    const page = await admin.get('/settings/api-keys?lang=en');
    expect(page.text).to.contain('name="scopes" value="findings:write"').and.contain('name="expiresOn" type="date"');
    const expiresOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const created = await admin.post('/settings/api-keys', { name: 'Compras', role: 'analyst', scopes: ['suppliers:write', 'reports:read'], expiresOn, ratePerMinute: '120' } as unknown as Record<string, string>);
    expect(created.status).to.equal(201);
    const key = /id="new-key">([^<]+)</.exec(created.text)![1];
    const me = await apiClient(t.app, key).get('/api/v1/me');
    expect(me.body.scopes).to.deep.equal(['suppliers:write', 'reports:read']);
    expect(me.headers['ratelimit-policy']).to.match(/q=120/);
    expect(created.text).to.contain('<code>suppliers:write</code> <code>reports:read</code>');
    const refused = await admin.post('/settings/api-keys', { name: 'Mala', role: 'viewer', scopes: 'findings:write', expiresOn: '2020-01-01' });
    expect(refused.status).to.equal(422);
    expect(refused.text).to.contain('Una clave de consulta solo puede leer').and.contain('Escriba una fecha de vencimiento desde hoy');
  });
});
