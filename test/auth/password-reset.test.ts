import { expect } from 'chai';
import { buildTestApp, Browser, MemoryMailer, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';
import { createAuthService } from '../../server/auth/auth.service.ts';
import { hashPassword } from '../../server/auth/password.ts';

const NEW_PASSWORD = 'a-brand-new-password';

describe('auth: password reset ends other access; sign out everywhere', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });

  async function requestLink(email: string): Promise<string> {
    const b = new Browser(t.app);
    await b.get('/forgot');
    await b.post('/forgot', { email });
    return t.mailer.linkIn(t.mailer.lastTo(email));
  }

  it('a new password ends every open session and every older reset link', async () => {
    const org = await createOrg(t.db);
    const email = org.users.analyst.email;
    const open = new Browser(t.app);
    await open.login(email, PASSWORD);
    expect((await open.get('/api/v1/me')).status).to.equal(200);

    const older = await requestLink(email);
    const newer = await requestLink(email);
    expect(older).to.not.equal(newer);
    const b = new Browser(t.app);
    await b.get(newer);
    expect((await b.post(newer, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).status).to.equal(302);

    expect((await open.get('/api/v1/me')).status).to.equal(401);
    expect((await new Browser(t.app).get(older)).status).to.equal(404);
    const reuse = new Browser(t.app);
    await reuse.get('/login');
    expect((await reuse.post(older, { password: 'yet-another-password', confirm: 'yet-another-password' })).status).to.equal(404);
    const sessions = await t.db.admin((q) => q.query(`SELECT 1 FROM sessions WHERE user_id = $1`, [org.users.analyst.id]));
    expect(sessions.rowCount).to.equal(0);
    expect((await new Browser(t.app).login(email, NEW_PASSWORD)).status).to.equal(302);
  });

  it('"sign out everywhere" ends all of the user\'s sessions and no one else\'s', async () => {
    const org = await createOrg(t.db);
    const laptop = new Browser(t.app);
    const phone = new Browser(t.app);
    const colleague = new Browser(t.app);
    await laptop.login(org.users.owner.email, PASSWORD);
    await phone.login(org.users.owner.email, PASSWORD);
    await colleague.login(org.users.admin.email, PASSWORD);
    const home = await laptop.get('/');
    expect(home.text).to.contain('Cerrar sesión en todos los dispositivos');
    const out = await laptop.post('/logout/everywhere');
    expect(out.status).to.equal(302);
    expect(out.headers.location).to.equal('/login');
    expect((await laptop.get('/api/v1/me')).status).to.equal(401);
    expect((await phone.get('/api/v1/me')).status).to.equal(401);
    expect((await colleague.get('/api/v1/me')).status).to.equal(200);
    const audit = await t.db.admin((q) =>
      q.query<{ details: { sessions: number } }>(`SELECT details FROM audit_log WHERE actor_user_id = $1 AND action = 'auth.signed_out_everywhere'`, [org.users.owner.id]));
    expect(audit.rows[0].details.sessions).to.equal(2);
  });

  it('an unknown reset link is refused before the password is hashed', async () => {
    let hashes = 0;
    const auth = createAuthService({
      db: t.db, mailer: new MemoryMailer(), baseUrl: 'http://vigia.test',
      hashPassword: (plain) => {
        hashes++;
        return hashPassword(plain);
      },
    });
    expect(await auth.resetPassword('made-up-token', NEW_PASSWORD, NEW_PASSWORD, null)).to.equal(false);
    expect(hashes).to.equal(0);
    // Through HTTP: an unknown link says so, even when the password would also be too short.
    const b = new Browser(t.app);
    await b.get('/login');
    const res = await b.post('/reset/made-up-token', { password: 'short', confirm: 'short' });
    expect(res.status).to.equal(404);
    expect(res.text).to.contain('El enlace no es válido');
  });

  it('limits reset-form submissions per address', async () => {
    const limited = await buildTestApp({ authLimits: { resetPerIp: 3 } });
    const b = new Browser(limited.app);
    await b.get('/login');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await b.post(`/reset/guess-${i}`, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).status);
    expect(statuses).to.deep.equal([404, 404, 404, 429]);
  });
});
