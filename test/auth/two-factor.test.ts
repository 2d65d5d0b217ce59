import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { enrolTwoFactor, totpCode } from '../support/two-factor.ts';

describe('auth: two-factor sign-in (TOTP)', () => {
  let t: TestApp;
  let org: TestOrg;
  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
  });

  const auditActions = async (userId: string) =>
    (await t.db.admin((q) => q.query<{ action: string }>(`SELECT action FROM audit_log WHERE actor_user_id = $1 ORDER BY id`, [userId])))
      .rows.map((r) => r.action);

  it('enrols: shows the key and the otpauth URI, refuses a wrong code, then shows 10 recovery codes once; secrets are not stored in clear', async () => {
    const o = await createOrg(t.db);
    const b = new Browser(t.app);
    await b.login(o.users.analyst.email, PASSWORD);
    const page = await b.get('/account/two-factor');
    expect(page.status).to.equal(200);
    expect(page.headers['cache-control']).to.equal('no-store');
    const secret = /id="totp-secret">([A-Z2-7]+)</.exec(page.text)![1];
    const uri = /id="totp-uri"[^>]*>([^<]+)</.exec(page.text)![1].replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
    expect(uri).to.equal(`otpauth://totp/Vig%C3%ADa:${encodeURIComponent(o.users.analyst.email)}?issuer=Vig%C3%ADa&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
    const wrong = await b.post('/account/two-factor/confirm', { code: '000000' === totpCode(secret) ? '111111' : '000000' });
    expect(wrong.status).to.equal(422);
    expect(wrong.text).to.contain('El código no es válido');

    const done = await b.post('/account/two-factor/confirm', { code: totpCode(secret) });
    expect(done.status).to.equal(200);
    const codes = [...done.text.matchAll(/<li><code>([a-z2-9-]+)<\/code><\/li>/g)].map((m) => m[1]);
    expect(codes).to.have.length(10);
    expect(new Set(codes).size).to.equal(10);
    const again = await b.get('/account/two-factor');
    expect(again.text).to.contain('data-enabled');
    expect(again.text).to.not.contain(secret);
    expect(again.text).to.not.contain(codes[0]);
    expect(again.text).to.contain('Códigos de recuperación sin usar: 10.');

    const stored = await t.db.admin(async (q) => ({
      tf: (await q.query<{ secret_encrypted: string }>(`SELECT secret_encrypted FROM user_two_factor WHERE user_id = $1`, [o.users.analyst.id])).rows[0],
      codes: (await q.query<{ code_hash: string }>(`SELECT code_hash FROM two_factor_recovery_codes WHERE user_id = $1`, [o.users.analyst.id])).rows,
    }));
    expect(stored.tf.secret_encrypted).to.not.contain(secret);
    expect(stored.codes).to.have.length(10);
    for (const c of codes) expect(JSON.stringify(stored.codes)).to.not.contain(c.replace('-', ''));
    expect(await auditActions(o.users.analyst.id)).to.include('auth.two_factor_enabled');
  });

  it('asks for the code after the password: nothing opens until it passes; a used code is not accepted twice', async () => {
    const o = await createOrg(t.db);
    const first = new Browser(t.app);
    await first.login(o.users.owner.email, PASSWORD);
    const { secret } = await enrolTwoFactor(first);

    const b = new Browser(t.app);
    const login = await b.login(o.users.owner.email, PASSWORD);
    expect(login.status).to.equal(302);
    for (const path of ['/', '/suppliers', '/settings/members', '/account/two-factor']) {
      const res = await b.get(path);
      expect(res.status, path).to.equal(302);
      expect(res.headers.location, path).to.equal(`/login/two-factor?next=${encodeURIComponent(path)}`);
    }
    expect((await b.agent.get('/api/v1/suppliers')).status).to.equal(401);
    const step = await b.get('/login/two-factor?next=%2Fsuppliers');
    expect(step.text).to.contain('Verificación en dos pasos');
    const code = totpCode(secret, 1);
    const ok = await b.post('/login/two-factor', { code, next: '/suppliers' });
    expect(ok.status).to.equal(302);
    expect(ok.headers.location).to.equal('/suppliers');
    const suppliers = await b.get('/suppliers');
    expect(suppliers.status).to.equal(200);
    expect(suppliers.text).to.contain(o.name);

    // The same code, seen over a shoulder, does not open a second session.
    const other = new Browser(t.app);
    await other.login(o.users.owner.email, PASSWORD);
    await other.get('/login/two-factor');
    const replay = await other.post('/login/two-factor', { code, next: '/' });
    expect(replay.status).to.equal(401);
    expect((await other.get('/')).headers.location).to.match(/^\/login\/two-factor/);
    expect(await auditActions(o.users.owner.id)).to.include.members(['auth.two_factor_passed', 'auth.two_factor_failed']);
  });

  it('accepts each recovery code once', async () => {
    const o = await createOrg(t.db);
    const first = new Browser(t.app);
    await first.login(o.users.viewer.email, PASSWORD);
    const { recoveryCodes } = await enrolTwoFactor(first);

    const b = new Browser(t.app);
    await b.login(o.users.viewer.email, PASSWORD);
    await b.get('/login/two-factor');
    const ok = await b.post('/login/two-factor', { code: recoveryCodes[3].toUpperCase(), next: '/' });
    expect(ok.status).to.equal(302);
    expect((await b.get('/')).status).to.equal(200);
    expect((await b.get('/account/two-factor')).text).to.contain('Códigos de recuperación sin usar: 9.');

    const c = new Browser(t.app);
    await c.login(o.users.viewer.email, PASSWORD);
    await c.get('/login/two-factor');
    const reused = await c.post('/login/two-factor', { code: recoveryCodes[3], next: '/' });
    expect(reused.status).to.equal(401);
    expect(await auditActions(o.users.viewer.id)).to.include('auth.two_factor_recovery_code_used');
  });

  it('makes new recovery codes after a current code; the old ones stop working', async () => {
    const o = await createOrg(t.db);
    const b = new Browser(t.app);
    await b.login(o.users.analyst.email, PASSWORD);
    const { recoveryCodes: old } = await enrolTwoFactor(b);
    await b.get('/account/two-factor');
    expect((await b.post('/account/two-factor/recovery-codes', { code: '' })).status).to.equal(401);
    const res = await b.post('/account/two-factor/recovery-codes', { code: old[0] });
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('los anteriores ya no sirven');
    const fresh = [...res.text.matchAll(/<li><code>([a-z2-9-]+)<\/code><\/li>/g)].map((m) => m[1]);
    expect(fresh).to.have.length(10);
    expect(fresh).to.not.include.members([old[1]]);

    const c = new Browser(t.app);
    await c.login(o.users.analyst.email, PASSWORD);
    await c.get('/login/two-factor');
    expect((await c.post('/login/two-factor', { code: old[1], next: '/' })).status).to.equal(401);
    expect((await c.post('/login/two-factor', { code: fresh[0], next: '/' })).status).to.equal(302);
  });

  it('locks after 5 wrong codes, also when guessed in parallel, and then refuses the right code', async () => {
    const o = await createOrg(t.db);
    const first = new Browser(t.app);
    await first.login(o.users.admin.email, PASSWORD);
    const { secret } = await enrolTwoFactor(first);

    const b = new Browser(t.app);
    await b.login(o.users.admin.email, PASSWORD);
    await b.get('/login/two-factor');
    const right = totpCode(secret, 1);
    const wrong = right === '123456' ? '654321' : '123456';
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () => b.agent.post('/login/two-factor').type('form').send({ _csrf: b.csrf, code: wrong, next: '/' }).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 401)).to.have.length(5);
    expect(statuses.filter((s) => s === 429)).to.have.length(7);
    const locked = await b.post('/login/two-factor', { code: right, next: '/' });
    expect(locked.status).to.equal(429);
    expect(locked.text).to.contain('Demasiados códigos incorrectos');
    expect((await b.get('/')).status).to.equal(302);
  });

  it('turns off only with the password and a current code', async () => {
    const o = await createOrg(t.db);
    const b = new Browser(t.app);
    await b.login(o.users.analyst.email, PASSWORD);
    const { secret, recoveryCodes } = await enrolTwoFactor(b);
    const badPassword = await b.post('/account/two-factor/disable', { password: 'not-the-password', code: totpCode(secret, 1) });
    expect(badPassword.status).to.equal(422);
    expect(badPassword.text).to.contain('La contraseña actual no es correcta.');
    const badCode = await b.post('/account/two-factor/disable', { password: PASSWORD, code: 'zzzzz-zzzzz' });
    expect(badCode.status).to.equal(401);
    const off = await b.post('/account/two-factor/disable', { password: PASSWORD, code: recoveryCodes[0] });
    expect(off.status).to.equal(302);
    expect((await b.get('/account/two-factor')).text).to.contain('Agregue un segundo paso');
    const next = new Browser(t.app);
    await next.login(o.users.analyst.email, PASSWORD);
    expect((await next.get('/')).status).to.equal(200);
    expect(await auditActions(o.users.analyst.id)).to.include('auth.two_factor_disabled');
  });

  it('platform administrators must enrol at sign-in before anything else', async () => {
    const o = await createOrg(t.db);
    await t.db.admin((q) => q.query(`UPDATE users SET is_platform_admin = true WHERE id = $1`, [o.users.viewer.id]));
    const b = new Browser(t.app);
    await b.login(o.users.viewer.email, PASSWORD);
    const home = await b.get('/');
    expect(home.status).to.equal(302);
    expect(home.headers.location).to.equal('/account/two-factor');
    const page = await b.get('/account/two-factor');
    expect(page.text).to.contain('Su organización o su función exigen la verificación en dos pasos.');
    expect((await b.get('/settings/risk-datasets')).headers.location).to.equal('/account/two-factor');
    await enrolTwoFactor(b);
    expect((await b.get('/settings/risk-datasets')).status).to.equal(200);
  });
});
