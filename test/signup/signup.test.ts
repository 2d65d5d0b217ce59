import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { SIGNUP_PASSWORD, signupForm, signUpAndConfirm } from './support.ts';

describe('signup: a company or consultancy creates its organisation', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });

  const pendingFor = (email: string) =>
    t.db.admin((q) => q.query<{ n: number }>(`SELECT count(*)::int AS n FROM signups WHERE email = $1`, [email])).then((r) => r.rows[0].n);

  it('shows the form with the honeypot field hidden from people', async () => {
    const res = await new Browser(t.app).get('/signup');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('id="signup-form"');
    expect(res.text).to.match(/class="visually-hidden" aria-hidden="true">[\s\S]*name="website" tabindex="-1"/);
    expect(res.text).to.contain('value="consultancy"');
  });

  it('creates nothing until the e-mail link is followed; an unconfirmed owner cannot sign in', async () => {
    const form = signupForm({ kind: 'consultancy' });
    const b = new Browser(t.app);
    await b.get('/signup');
    const res = await b.post('/signup', form);
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('id="signup-sent"');
    const users = await t.db.admin((q) => q.query(`SELECT 1 FROM users WHERE email = $1`, [form.email]));
    expect(users.rowCount).to.equal(0);
    expect(await pendingFor(form.email)).to.equal(1);
    const stored = await t.db.admin((q) => q.query<{ token_hash: string; password_hash: string }>(`SELECT token_hash, password_hash FROM signups WHERE email = $1`, [form.email]));
    const link = t.mailer.linkIn(t.mailer.lastTo(form.email));
    const token = link.split('/').pop()!;
    expect(stored.rows[0].token_hash).to.match(/^[0-9a-f]{64}$/).and.not.equal(token);
    expect(stored.rows[0].password_hash).to.match(/^\$argon2id\$/);

    const early = await new Browser(t.app).login(form.email, SIGNUP_PASSWORD);
    expect(early.status).to.equal(401);

    const page = await b.get(link);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain(form.orgName).and.contain('id="confirm-form"');
    const done = await b.post(link);
    expect(done.status).to.equal(302);
    expect(done.headers.location).to.equal('/login');
    expect(await pendingFor(form.email)).to.equal(0);

    const owner = new Browser(t.app);
    const login = await owner.login(form.email, SIGNUP_PASSWORD);
    expect(login.status).to.equal(302);
    const me = await owner.get('/api/v1/me');
    expect(me.body.organization.name).to.equal(form.orgName);
    expect(me.body.organization.kind).to.equal('consultancy');
    expect(me.body.role).to.equal('owner');
    const audit = await t.db.admin((q) =>
      q.query<{ action: string }>(`SELECT action FROM audit_log WHERE organization_id = $1::uuid OR target_id = $1::text ORDER BY id`, [me.body.organization.id]),
    );
    expect(audit.rows.map((r) => r.action)).to.include.members(['signup.confirmed', 'organization.created']);
  });

  it('the link works once, and not after it expires', async () => {
    const { link, form } = await signUpAndConfirm(t);
    const again = new Browser(t.app);
    expect((await again.get(link)).status).to.equal(404);
    const replay = await again.post(link);
    expect(replay.status).to.equal(404);
    const owners = await t.db.admin((q) => q.query(`SELECT 1 FROM users WHERE email = $1`, [form.email]));
    expect(owners.rowCount).to.equal(1);

    const late = signupForm();
    const b = new Browser(t.app);
    await b.get('/signup');
    await b.post('/signup', late);
    const lateLink = t.mailer.linkIn(t.mailer.lastTo(late.email));
    await t.db.admin((q) => q.query(`UPDATE signups SET expires_at = now() - interval '1 minute' WHERE email = $1`, [late.email]));
    expect((await b.get(lateLink)).status).to.equal(404);
    expect((await b.post(lateLink)).status).to.equal(404);
    expect((await t.db.admin((q) => q.query(`SELECT 1 FROM users WHERE email = $1`, [late.email]))).rowCount).to.equal(0);
  });

  it('two simultaneous uses of one link create one organisation', async () => {
    const form = signupForm();
    const b = new Browser(t.app);
    await b.get('/signup');
    await b.post('/signup', form);
    const link = t.mailer.linkIn(t.mailer.lastTo(form.email));
    await b.get(link);
    const results = await Promise.all([1, 2, 3].map(() => b.agent.post(link).type('form').send({ _csrf: b.csrf })));
    expect(results.map((r) => r.status).sort()).to.deep.equal([302, 404, 404]);
    const orgs = await t.db.admin((q) => q.query(`SELECT 1 FROM organizations WHERE name = $1`, [form.orgName]));
    expect(orgs.rowCount).to.equal(1);
  });

  it('a filled honeypot stores and sends nothing but answers like a success', async () => {
    const form = signupForm({ website: 'http://spam.example' });
    const sentBefore = t.mailer.sent.length;
    const b = new Browser(t.app);
    await b.get('/signup');
    const res = await b.post('/signup', form);
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('id="signup-sent"');
    expect(t.mailer.sent.length).to.equal(sentBefore);
    expect(await pendingFor(form.email)).to.equal(0);
  });

  it('refuses reserved names with an error on the name field', async () => {
    for (const orgName of ['Vigía', 'admin', 'Soporte Vigia México', 'DEMO']) {
      const form = signupForm({ orgName });
      const b = new Browser(t.app);
      await b.get('/signup');
      const res = await b.post('/signup', form);
      expect(res.status, orgName).to.equal(422);
      expect(res.text).to.match(/id="orgName-error">[^<]*nombre reservado/);
      expect(await pendingFor(form.email)).to.equal(0);
    }
  });

  it('names each bad field, keeps what was typed, and never echoes the password', async () => {
    const b = new Browser(t.app);
    await b.get('/signup');
    const res = await b.post('/signup', signupForm({ kind: 'government', email: 'not-an-email', password: 'short', confirm: 'different', orgName: 'Finca Buena Vista', name: 'R' }));
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('id="kind-error"').and.contain('id="email-error"').and.contain('id="password-error"')
      .and.contain('id="confirm-error"').and.contain('id="name-error"');
    expect(res.text).to.not.contain('id="orgName-error"');
    expect(res.text).to.contain('value="Finca Buena Vista"');
    expect(res.text).to.not.contain('different');
  });

  it('an address that already has an account gets a different mail and the same screen', async () => {
    const { form } = await signUpAndConfirm(t);
    const b = new Browser(t.app);
    await b.get('/signup');
    const res = await b.post('/signup', signupForm({ email: form.email.toUpperCase() }));
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('id="signup-sent"');
    expect(t.mailer.lastTo(form.email)?.subject).to.match(/ya tiene una cuenta/);
    expect(await pendingFor(form.email)).to.equal(0);
  });

  it('two organisations with the same name get different codes', async () => {
    const orgName = `Cafetalera ${Date.now()}`;
    const a = await signUpAndConfirm(t, { orgName });
    const b = await signUpAndConfirm(t, { orgName });
    expect(a.slug).to.not.equal(b.slug);
    expect(b.slug.startsWith(a.slug)).to.equal(true);
  });

  it('limits sign-ups per address', async () => {
    const limited = await buildTestApp({ signupLimit: 2 });
    const b = new Browser(limited.app);
    await b.get('/signup');
    expect((await b.post('/signup', signupForm())).status).to.equal(200);
    expect((await b.post('/signup', signupForm({ email: 'bad' }))).status).to.equal(422);
    const third = await b.post('/signup', signupForm());
    expect(third.status).to.equal(429);
    expect(third.text).to.contain('id="signup-form"');
  });
});
