import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';

async function sessionCount(t: TestApp): Promise<number> {
  const r = await t.db.admin((q) => q.query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions`));
  return r.rows[0].n;
}

describe('auth: sessions only when needed', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });

  it('anonymous pages, 404s and the sign-in form write no session row', async () => {
    const before = await sessionCount(t);
    for (let i = 0; i < 10; i++) {
      const b = new Browser(t.app);
      expect((await b.get('/login')).status).to.equal(200);
      expect(b.csrf).to.have.length.greaterThan(20);
      expect((await b.get('/forgot')).status).to.equal(200);
      expect((await b.get(`/no-such-page-${i}`)).status).to.equal(404);
    }
    expect(await sessionCount(t)).to.equal(before);
  });

  it('signing in creates exactly one session, for that user', async () => {
    const org = await createOrg(t.db);
    const b = new Browser(t.app);
    await b.get('/login');
    const before = await sessionCount(t);
    expect((await b.post('/login', { email: org.users.viewer.email, password: PASSWORD })).status).to.equal(302);
    expect(await sessionCount(t)).to.equal(before + 1);
    const mine = await t.db.admin((q) => q.query(`SELECT 1 FROM sessions WHERE user_id = $1`, [org.users.viewer.id]));
    expect(mine.rowCount).to.equal(1);
  });

  it('a visitor\'s form token works only with that visitor\'s cookie, and never for a signed-in user', async () => {
    const org = await createOrg(t.db);
    const visitor = new Browser(t.app);
    await visitor.get('/login');
    const other = new Browser(t.app);
    await other.get('/login');
    const stolen = await other.agent.post('/login').type('form').send({ _csrf: visitor.csrf, email: org.users.viewer.email, password: PASSWORD });
    expect(stolen.status).to.equal(403);

    const user = new Browser(t.app);
    await user.login(org.users.owner.email, PASSWORD);
    const withVisitorToken = await user.agent.post('/orgs/switch').type('form').send({ _csrf: visitor.csrf, orgId: org.id });
    expect(withVisitorToken.status).to.equal(403);
    await user.get('/');
    expect((await user.post('/orgs/switch', { orgId: org.id })).status).to.equal(302);
  });
});
