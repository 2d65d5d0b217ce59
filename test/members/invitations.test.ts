import { expect } from 'chai';
import { buildTestApp, Browser, unique, type TestApp } from '../support/app.ts';
import { createOrg, engage, PASSWORD, type TestOrg } from '../support/factories.ts';

describe('members, invitations, engagements and the portfolio', () => {
  let t: TestApp;
  let org: TestOrg;
  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
  });

  it('invites by e-mail link; the invitee creates an account and lands in the organisation with the role', async () => {
    const admin = new Browser(t.app);
    await admin.login(org.users.admin.email, PASSWORD);
    await admin.get('/settings/members');
    const email = `${unique('inv')}@example.test`;
    const res = await admin.post('/settings/members/invite', { email, role: 'analyst' });
    expect(res.status).to.equal(302);
    expect((await admin.get('/settings/members')).text).to.contain(email);

    const link = t.mailer.linkIn(t.mailer.lastTo(email));
    const invitee = new Browser(t.app);
    const page = await invitee.get(link);
    expect(page.text).to.contain(org.name);
    const bad = await invitee.post(link, { name: 'Rosa', password: 'short', confirm: 'short' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('al menos 10 caracteres');
    const ok = await invitee.post(link, { name: 'Rosa Pérez', password: 'rosa-password-1', confirm: 'rosa-password-1' });
    expect(ok.status).to.equal(302);
    const home = await invitee.get('/');
    expect(home.text).to.contain(org.name);
    expect(home.text).to.contain('Rosa Pérez');
    // Single use.
    expect((await new Browser(t.app).get(link)).status).to.equal(404);
    const audit = await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query<{ action: string }>(`SELECT action FROM audit_log ORDER BY id`));
    expect(audit.rows.map((r) => r.action)).to.include.members(['membership.invited', 'membership.created']);
  });

  it('requires an access end date for auditors and names the field', async () => {
    const admin = new Browser(t.app);
    await admin.login(org.users.owner.email, PASSWORD);
    await admin.get('/settings/members');
    const res = await admin.post('/settings/members/invite', { email: `${unique('aud')}@example.test`, role: 'auditor' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('fecha de fin de acceso');
  });

  it('an expired auditor loses access at once', async () => {
    const o = await createOrg(t.db);
    const b = new Browser(t.app);
    await b.login(o.users.auditor.email, PASSWORD);
    expect((await b.get('/')).status).to.equal(200);
    await t.db.admin((q) => q.query(`UPDATE memberships SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [o.users.auditor.id]));
    const after = await b.get('/');
    expect(after.status).to.equal(302);
    expect(after.headers.location).to.equal('/orgs');
    expect((await b.get('/orgs')).text).to.contain('no tiene acceso vigente');
  });

  it('keeps the last owner', async () => {
    const o = await createOrg(t.db);
    const b = new Browser(t.app);
    await b.login(o.users.owner.email, PASSWORD);
    await b.get('/settings/members');
    const res = await b.post(`/settings/members/${o.users.owner.id}/role`, { role: 'viewer' });
    expect(res.status).to.equal(409);
    expect(res.text).to.contain('al menos un propietario');
  });

  it('an admin cannot make someone owner', async () => {
    const o = await createOrg(t.db);
    const b = new Browser(t.app);
    await b.login(o.users.admin.email, PASSWORD);
    await b.get('/settings/members');
    expect((await b.post(`/settings/members/${o.users.viewer.id}/role`, { role: 'owner' })).status).to.equal(403);
  });

  it('a company grants a consultancy by code; its members see the client in the portfolio until revoked', async () => {
    const company = await createOrg(t.db);
    const consultancy = await createOrg(t.db, 'consultancy');
    const owner = new Browser(t.app);
    await owner.login(company.users.owner.email, PASSWORD);
    await owner.get('/settings/engagements');
    const unknown = await owner.post('/settings/engagements', { consultancyCode: 'no-such-code', role: 'analyst' });
    expect(unknown.status).to.equal(422);
    expect(unknown.text).to.contain('no-such-code');
    expect((await owner.post('/settings/engagements', { consultancyCode: consultancy.slug, role: 'viewer' })).status).to.equal(302);

    const consultant = new Browser(t.app);
    await consultant.login(consultancy.users.analyst.email, PASSWORD);
    const portfolio = await consultant.get('/portfolio');
    expect(portfolio.status).to.equal(200);
    expect(portfolio.text).to.contain(company.name);
    expect((await consultant.post('/orgs/switch', { orgId: company.id })).status).to.equal(302);
    const inside = await consultant.get('/');
    expect(inside.text).to.contain(company.name);
    expect(inside.text).to.contain('Lector');

    await owner.get('/settings/engagements');
    expect((await owner.post(`/settings/engagements/${consultancy.id}/revoke`)).status).to.equal(302);
    const afterRevoke = await consultant.get('/portfolio');
    expect(afterRevoke.text).to.not.contain(company.name);
    expect((await consultant.post('/orgs/switch', { orgId: company.id })).status).to.equal(404);
  });

  it('a consultancy serving several clients lists each, and no client sees another', async () => {
    const consultancy = await createOrg(t.db, 'consultancy');
    const clients = [await createOrg(t.db), await createOrg(t.db), await createOrg(t.db)];
    for (const c of clients) await engage(t.services, c, consultancy);
    const list = await t.services.organizations.portfolio(consultancy.actor('viewer'));
    expect(list.map((c) => c.id).sort()).to.deep.equal(clients.map((c) => c.id).sort());
    const seenByClient0 = await t.db.tx({ orgId: clients[0].id, userId: clients[0].users.owner.id }, (q) =>
      q.query<{ id: string }>(`SELECT id FROM organizations WHERE kind = 'company'`));
    expect(seenByClient0.rows.map((r) => r.id)).to.deep.equal([clients[0].id]);
  });
});
