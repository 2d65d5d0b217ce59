import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';

describe('auth: login, lockout, logout, reset', () => {
  let t: TestApp;
  let org: TestOrg;
  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
  });

  it('signs in with the right password and shows the organisation', async () => {
    const b = new Browser(t.app);
    const res = await b.login(org.users.analyst.email, PASSWORD);
    expect(res.status).to.equal(302);
    const home = await b.get('/');
    expect(home.status).to.equal(200);
    expect(home.text).to.contain(org.name);
    expect(home.text).to.contain('Analista');
  });

  it('refuses a wrong password with a message and records the failure in the audit log', async () => {
    const b = new Browser(t.app);
    const res = await b.login(org.users.viewer.email, 'wrong-password!');
    expect(res.status).to.equal(401);
    expect(res.text).to.contain('Correo o contraseña incorrectos');
    const rows = await t.db.admin((q) =>
      q.query<{ action: string }>(`SELECT action FROM audit_log WHERE actor_user_id = $1 ORDER BY id`, [org.users.viewer.id]));
    expect(rows.rows.map((r) => r.action)).to.include('auth.login_failed');
  });

  it('locks the account after 5 failures, even for the right password', async () => {
    const victim = await createOrg(t.db);
    const b = new Browser(t.app);
    for (let i = 0; i < 5; i++) await b.login(victim.users.viewer.email, 'nope-nope-nope');
    const res = await b.login(victim.users.viewer.email, PASSWORD);
    expect(res.status).to.equal(401);
    expect(res.text).to.contain('la cuenta se bloquea 15 minutos');
    const rows = await t.db.admin((q) =>
      q.query<{ action: string }>(`SELECT action FROM audit_log WHERE actor_user_id = $1 ORDER BY id DESC LIMIT 1`, [victim.users.viewer.id]));
    expect(rows.rows[0].action).to.equal('auth.login_locked');
  });

  it('rejects a form without a CSRF token', async () => {
    const b = new Browser(t.app);
    await b.get('/login');
    const res = await b.agent.post('/login').type('form').send({ email: org.users.owner.email, password: PASSWORD });
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('El formulario caducó');
  });

  it('logs out and the session no longer opens pages', async () => {
    const b = new Browser(t.app);
    await b.login(org.users.owner.email, PASSWORD);
    expect((await b.get('/')).status).to.equal(200);
    await b.post('/logout');
    const after = await b.get('/');
    expect(after.status).to.equal(302);
    expect(after.headers.location).to.match(/^\/login/);
  });

  it('rate-limits login attempts per IP', async () => {
    const limited = await buildTestApp({ loginLimit: 3 });
    const b = new Browser(limited.app);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await b.login('nobody@example.test', 'whatever-123')).status);
    expect(statuses).to.deep.equal([401, 401, 401, 429]);
  });

  it('resets a password through the e-mailed link, once', async () => {
    const o = await createOrg(t.db);
    const b = new Browser(t.app);
    await b.get('/forgot');
    const sent = await b.post('/forgot', { email: o.users.analyst.email });
    expect(sent.text).to.contain('le enviamos un enlace');
    const link = t.mailer.linkIn(t.mailer.lastTo(o.users.analyst.email));
    expect(link).to.match(/^\/reset\//);
    await b.get(link);
    const short = await b.post(link, { password: 'short', confirm: 'short' });
    expect(short.status).to.equal(422);
    expect(short.text).to.contain('al menos 10 caracteres');
    const ok = await b.post(link, { password: 'a-brand-new-password', confirm: 'a-brand-new-password' });
    expect(ok.status).to.equal(302);
    expect((await b.get(link)).status).to.equal(404);
    expect((await new Browser(t.app).login(o.users.analyst.email, 'a-brand-new-password')).status).to.equal(302);
    expect((await new Browser(t.app).login(o.users.analyst.email, PASSWORD)).status).to.equal(401);
  });

  it('answers the reset form the same way for an unknown address and sends nothing', async () => {
    const before = t.mailer.sent.length;
    const b = new Browser(t.app);
    await b.get('/forgot');
    const res = await b.post('/forgot', { email: 'nobody-here@example.test' });
    expect(res.text).to.contain('le enviamos un enlace');
    expect(t.mailer.sent.length).to.equal(before);
  });
});
