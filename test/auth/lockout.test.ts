import { expect } from 'chai';
import { buildTestApp, Browser, unique, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';

async function auditActions(t: TestApp, userId: string): Promise<string[]> {
  const r = await t.db.admin((q) => q.query<{ action: string }>(`SELECT action FROM audit_log WHERE actor_user_id = $1 ORDER BY id`, [userId]));
  return r.rows.map((row) => row.action);
}

describe('auth: lockout and sign-in limits', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });

  it('parallel guesses cannot exceed the lockout limit: at most 5 passwords are checked', async () => {
    const org = await createOrg(t.db);
    const b = new Browser(t.app);
    await b.get('/login');
    const guesses = await Promise.all(
      Array.from({ length: 19 }, (_, i) =>
        b.agent.post('/login').type('form').send({ _csrf: b.csrf, email: org.users.viewer.email, password: `wrong-guess-${i}` })),
    );
    expect(guesses.every((r) => r.status === 401)).to.equal(true);
    const actions = await auditActions(t, org.users.viewer.id);
    // auth.login_failed is written only after a real password check; the rest were refused as locked.
    expect(actions.filter((a) => a === 'auth.login_failed')).to.have.length(5);
    expect(actions.filter((a) => a === 'auth.login_locked')).to.have.length(14);
    const locked = await b.post('/login', { email: org.users.viewer.email, password: PASSWORD });
    expect(locked.status).to.equal(401);
  });

  it('a locked account and an unknown address get the very same answer', async () => {
    const org = await createOrg(t.db);
    const unknown = `${unique('nobody')}@example.test`;
    const answers: Record<string, { status: number; error: string }> = {};
    for (const email of [org.users.analyst.email, unknown]) {
      const b = new Browser(t.app);
      let last = { status: 0, text: '' };
      for (let i = 0; i < 7; i++) last = await b.login(email, 'not-the-password');
      // The page echoes the address typed and carries a CSRF token: everything else must be identical.
      answers[email] = { status: last.status, error: last.text.replace(/value="[^"]*"/g, 'value=""') };
    }
    expect((await auditActions(t, org.users.analyst.id)).at(-1)).to.equal('auth.login_locked');
    expect(answers[org.users.analyst.email]).to.deep.equal(answers[unknown]);
    expect(answers[unknown].status).to.equal(401);
  });

  it('successful sign-ins from one address are not counted: a whole office can sign in', async () => {
    const limited = await buildTestApp({ loginLimit: 3 });
    const org = await createOrg(limited.db);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await new Browser(limited.app).login(org.users.analyst.email, PASSWORD)).status);
    expect(statuses).to.deep.equal([302, 302, 302, 302, 302, 302]);
    // Failures from the same address still hit the per-address limit.
    const b = new Browser(limited.app);
    const failed: number[] = [];
    for (let i = 0; i < 4; i++) failed.push((await b.login(`${unique('x')}@example.test`, 'wrong-password')).status);
    expect(failed).to.deep.equal([401, 401, 401, 429]);
  });

  it('failures are also counted per account, whatever the address', async () => {
    const limited = await buildTestApp({ authLimits: { loginPerAccount: 2 } });
    const email = `${unique('target')}@example.test`;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await new Browser(limited.app).login(email, 'wrong-password')).status);
    expect(statuses).to.deep.equal([401, 401, 429]);
    // Another account from the same address is not affected.
    expect((await new Browser(limited.app).login(`${unique('other')}@example.test`, 'wrong-password')).status).to.equal(401);
  });
});
