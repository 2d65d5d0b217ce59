import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, engage, PASSWORD, type TestOrg } from '../support/factories.ts';

/** Signs in a consultancy member and switches into the client. */
async function actInClient(t: TestApp, email: string, client: TestOrg): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(email, PASSWORD)).status).to.equal(302);
  await b.get('/orgs');
  expect((await b.post('/orgs/switch', { orgId: client.id })).status).to.equal(302);
  return b;
}

async function makeKey(b: Browser, name: string): Promise<string> {
  await b.get('/settings/api-keys');
  const res = await b.post('/settings/api-keys', { name, role: 'analyst' });
  expect(res.status).to.equal(201);
  return /vk_[a-z0-9]{12}_[A-Za-z0-9_-]{32,}/.exec(res.text)![0];
}

describe('engagements: access granted through an engagement ends with it', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });

  it('revoking the engagement kills the API keys and pending invitations the consultancy created in the client', async () => {
    const client = await createOrg(t.db);
    const consultancy = await createOrg(t.db, 'consultancy');
    await engage(t.services, client, consultancy, 'admin');
    const consultant = await actInClient(t, consultancy.users.owner.email, client);
    expect((await consultant.get('/api/v1/me')).body).to.include({ role: 'admin', via: 'engagement' });

    const consultantKey = await makeKey(consultant, 'consultancy ERP');
    await consultant.get('/settings/members');
    expect((await consultant.post('/settings/members/invite', { email: 'friend@consultancy.example', role: 'admin' })).status).to.equal(302);
    const invitation = t.mailer.linkIn(t.mailer.lastTo('friend@consultancy.example'));
    // Another invitation the consultancy sent is accepted before the end: that member leaves with it.
    expect((await consultant.post('/settings/members/invite', { email: 'joined@consultancy.example', role: 'analyst' })).status).to.equal(302);
    const joinedLink = t.mailer.linkIn(t.mailer.lastTo('joined@consultancy.example'));
    const joined = new Browser(t.app);
    await joined.get(joinedLink);
    expect((await joined.post(joinedLink, { name: 'Joined', password: 'joined-password-1', confirm: 'joined-password-1' })).status).to.equal(302);
    expect((await joined.get('/api/v1/me')).body).to.deep.include({ role: 'analyst', via: 'membership' });
    // The client's own admin also has a key: it must survive.
    const ownKey = await makeKey(await actInClient(t, client.users.admin.email, client), 'own ERP');

    const bearer = (key: string) => new Browser(t.app).agent.get('/api/v1/suppliers').set('Authorization', `Bearer ${key}`);
    expect((await bearer(consultantKey)).status).to.equal(200);
    expect((await new Browser(t.app).get(invitation)).status).to.equal(200);

    const owner = new Browser(t.app);
    await owner.login(client.users.owner.email, PASSWORD);
    // Before revoking, the owner sees what came through the consultancy and what revoking ends.
    const members = await owner.get('/settings/members');
    const via = `vía ${consultancy.name}`;
    expect(members.text).to.match(new RegExp(`joined@consultancy\\.example[\\s\\S]*?${via}`));
    expect(members.text).to.match(new RegExp(`friend@consultancy\\.example[\\s\\S]*?${via}`));
    expect((members.text.match(new RegExp(via, 'g')) ?? []).length).to.equal(2);
    expect((await owner.get('/settings/engagements')).text).to.contain('también dejan de funcionar las claves API');
    expect((await owner.post(`/settings/engagements/${consultancy.id}/revoke`)).status).to.equal(302);

    const refused = await bearer(consultantKey);
    expect(refused.status).to.equal(401);
    expect((await bearer(ownKey)).status).to.equal(200);
    expect((await new Browser(t.app).get(invitation)).status).to.equal(404);
    const accept = new Browser(t.app);
    await accept.get('/login');
    expect((await accept.post(invitation, { name: 'Friend', password: 'friend-password-1', confirm: 'friend-password-1' })).status).to.equal(404);
    const memberships = await t.db.admin((q) =>
      q.query(`SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1 AND u.email = 'friend@consultancy.example'`, [client.id]));
    expect(memberships.rowCount).to.equal(0);

    const audit = await t.db.admin((q) =>
      q.query<{ details: Record<string, number> }>(`SELECT details FROM audit_log WHERE organization_id = $1 AND action = 'engagement.revoked'`, [client.id]));
    expect(audit.rows[0].details).to.deep.equal({ apiKeysRevoked: 1, invitationsRevoked: 1, membersRemoved: 1 });
    expect((await joined.get('/api/v1/me')).status).to.equal(401);
    // The client's own members are untouched.
    const own = await t.db.admin((q) => q.query(`SELECT 1 FROM memberships WHERE organization_id = $1`, [client.id]));
    expect(own.rowCount).to.equal(5);
    // Granting the engagement again does not bring the old key back.
    await engage(t.services, client, consultancy, 'admin');
    expect((await bearer(consultantKey)).status).to.equal(401);
  });

  it('a consultancy member acts in a client with the lesser of their own role and the engagement\'s', async () => {
    const client = await createOrg(t.db);
    const consultancy = await createOrg(t.db, 'consultancy');
    await engage(t.services, client, consultancy, 'admin');
    const expected = { owner: 'admin', admin: 'admin', analyst: 'analyst', viewer: 'viewer' } as const;
    for (const [role, effective] of Object.entries(expected)) {
      const b = await actInClient(t, consultancy.users[role as keyof typeof expected].email, client);
      const me = (await b.get('/api/v1/me')).body;
      expect(me, role).to.include({ role: effective, via: 'engagement' });
      expect(me.organization.id).to.equal(client.id);
    }
    // The consultancy viewer cannot write in the client.
    const viewer = await actInClient(t, consultancy.users.viewer.email, client);
    await viewer.get('/suppliers');
    const write = await viewer.post('/suppliers', { legalName: 'Should not exist SA de CV', rfc: '' });
    expect(write.status).to.equal(403);
    const count = await t.db.admin((q) => q.query(`SELECT 1 FROM suppliers WHERE organization_id = $1 AND legal_name = 'Should not exist SA de CV'`, [client.id]));
    expect(count.rowCount).to.equal(0);
    // An analyst engagement caps the consultancy owner at analyst.
    const other = await createOrg(t.db);
    await engage(t.services, other, consultancy, 'analyst');
    const owner = await actInClient(t, consultancy.users.owner.email, other);
    expect((await owner.get('/api/v1/me')).body).to.include({ role: 'analyst' });
  });
});
