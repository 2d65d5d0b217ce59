import { expect } from 'chai';
import supertest from 'supertest';
import { buildTestApp, Browser, unique, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, testPasswordHash, type TestOrg } from '../support/factories.ts';
import { createUser } from '../../server/auth/auth.queries.ts';
import { createSupplier } from '../suppliers/support.ts';
import { enrolTwoFactor } from '../support/two-factor.ts';

describe('platform: console, suspension and the platform audit log', () => {
  let t: TestApp;
  let operator: Browser;
  let org: TestOrg;
  let other: TestOrg;
  let apiKey: string;

  before(async () => {
    t = await buildTestApp();
    const email = `${unique('op')}@platform.test`;
    const passwordHash = await testPasswordHash();
    await t.db.admin((q) => createUser(q, { email, name: 'Operadora', passwordHash, isPlatformAdmin: true }));
    operator = new Browser(t.app);
    expect((await operator.login(email, PASSWORD)).status).to.equal(302);
    // Platform administrators must use two-factor sign-in: enrol through the real pages.
    await enrolTwoFactor(operator);
    org = await createOrg(t.db);
    other = await createOrg(t.db);
    apiKey = (await t.services.apiKeys.create(org.actor('owner'), { name: 'ERP', role: 'viewer' })).key;
    const owner = new Browser(t.app);
    await owner.login(org.users.owner.email, PASSWORD);
    await owner.get('/suppliers');
    await createSupplier(owner, { legalName: 'Proveedor Conservado' });
  });

  const suspend = (id: string, reason: string) => operator.post(`/platform/organizations/${id}/suspend`, { reason });

  it('is hidden from everyone but platform administrators', async () => {
    const owner = new Browser(t.app);
    await owner.login(org.users.owner.email, PASSWORD);
    expect((await owner.get('/platform')).status).to.equal(404);
    expect((await owner.get('/platform/audit')).status).to.equal(404);
    await owner.get('/');
    expect((await owner.post(`/platform/organizations/${other.id}/suspend`, { reason: 'no autorizado' })).status).to.equal(404);
    expect((await new Browser(t.app).get('/platform')).status).to.equal(404);
  });

  it('lists organisations with counts and last activity', async () => {
    const res = await operator.get(`/platform?q=${encodeURIComponent(org.slug)}`);
    expect(res.status).to.equal(200);
    const row = new RegExp(`<tr data-org="${org.id}">([\\s\\S]*?)</tr>`).exec(res.text)?.[1] ?? '';
    expect(row).to.contain(org.name);
    // 5 members, 1 supplier, 0 questionnaires.
    expect(row).to.match(/<td>5<\/td><td>1<\/td><td>0<\/td>/);
    expect(row).to.not.contain('<td>—</td>');
    expect(res.text).to.not.contain(other.name);
  });

  it('suspension refuses members (pages and API) and API keys, keeps the data, and reactivation restores access', async () => {
    const member = new Browser(t.app);
    await member.login(org.users.analyst.email, PASSWORD);
    expect((await member.get('/suppliers')).status).to.equal(200);

    await operator.get('/platform');
    expect((await suspend(org.id, 'Falta de pago')).status).to.equal(302);

    const page = await member.get('/suppliers');
    expect(page.status).to.equal(403);
    expect(page.text).to.contain('está suspendida');
    expect((await member.get('/')).status).to.equal(403);
    expect((await member.agent.get('/api/v1/me')).status).to.equal(403);
    const byKey = await supertest(t.app).get('/api/v1/me').set('Authorization', `Bearer ${apiKey}`);
    expect(byKey.status).to.equal(403);
    expect(byKey.body.code).to.equal('platform.suspended.refused');
    expect((await member.get('/orgs')).status).to.equal(200);
    const posted = await member.post('/suppliers', { legalName: 'No debe guardarse', status: 'active', tier: '1' });
    expect(posted.status).to.equal(403);

    const kept = await t.db.admin((q) => q.query<{ legal_name: string }>(`SELECT legal_name FROM suppliers WHERE organization_id = $1`, [org.id]));
    expect(kept.rows.map((r) => r.legal_name)).to.deep.equal(['Proveedor Conservado']);

    const otherMember = new Browser(t.app);
    await otherMember.login(other.users.viewer.email, PASSWORD);
    expect((await otherMember.get('/suppliers')).status).to.equal(200);

    const listed = await operator.get('/platform');
    expect(listed.text).to.contain('Falta de pago');
    expect((await operator.post(`/platform/organizations/${org.id}/reactivate`)).status).to.equal(302);
    expect((await member.get('/suppliers')).status).to.equal(200);
    expect((await supertest(t.app).get('/api/v1/me').set('Authorization', `Bearer ${apiKey}`)).status).to.equal(200);
  });

  it('needs a reason to suspend', async () => {
    await operator.get('/platform');
    await suspend(other.id, ' ');
    const state = await t.db.admin((q) => q.query<{ suspended_at: Date | null }>(`SELECT suspended_at FROM organizations WHERE id = $1`, [other.id]));
    expect(state.rows[0].suspended_at).to.equal(null);
  });

  it('records suspensions in the platform log and in the organisation’s own chain', async () => {
    const res = await operator.get('/platform/audit?action=platform.organization_');
    expect(res.status).to.equal(200);
    // Actions are shown by name, not as codes.
    expect(res.text).to.match(/suspend/i).and.match(/reactiv/i).and.contain('Falta de pago');
    expect(res.text).to.not.contain('>platform.organization_suspended<');
    const own = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ action: string }>(`SELECT action FROM audit_log WHERE organization_id = app_org() AND action LIKE 'platform.%' ORDER BY id`),
    );
    expect(own.rows.map((r) => r.action)).to.deep.equal(['platform.organization_suspended', 'platform.organization_reactivated']);
    const chain = await t.db.tx({ orgId: org.id, userId: null }, async (q) => (await import('../../server/audit/audit.queries.ts')).findChainBreak(q));
    expect(chain.brokenAt).to.equal(null);
  });
});
