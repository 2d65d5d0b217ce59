import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { startTestIdp, type TestIdp } from '../support/oidc-provider.ts';
import { signInThroughIdp, startAtVigia } from './flow.ts';

const DOMAIN = 'cliente.example';

describe('single sign-on with OpenID Connect (against a real provider)', () => {
  let t: TestApp;
  let idp: TestIdp;
  let org: TestOrg;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    // A member of the organisation who already has a password account at Vigía.
    await t.db.admin((q) => q.query(`UPDATE users SET email = $2 WHERE id = $1`, [org.users.viewer.id, `viewer.${org.slug}@${DOMAIN}`]));
    idp = await startTestIdp({
      redirectUri: 'http://vigia.test/sso/callback',
      accounts: {
        ana: { email: `ana.${org.slug}@${DOMAIN}`, emailVerified: true, name: 'Ana Pérez' },
        outsider: { email: `eve.${org.slug}@elsewhere.example`, emailVerified: true, name: 'Eve' },
        unverified: { email: `nov.${org.slug}@${DOMAIN}`, emailVerified: false, name: 'No Verificada' },
        member: { email: `viewer.${org.slug}@${DOMAIN}`, emailVerified: true, name: 'Viewer' },
        stranger: { email: `stranger.${org.slug}@${DOMAIN}`, emailVerified: true, name: 'Stranger' },
      },
    });
    const other = await createOrg(t.db);
    await t.db.admin((q) => q.query(`UPDATE users SET email = $2 WHERE id = $1`, [other.users.analyst.id, `stranger.${org.slug}@${DOMAIN}`]));

    const owner = new Browser(t.app);
    await owner.login(org.users.owner.email, PASSWORD);
    await owner.get('/settings/sign-in');
    const saved = await owner.post('/settings/sign-in/sso', {
      enabled: 'on', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, domains: DOMAIN, defaultRole: 'analyst',
    });
    expect(saved.status, saved.text).to.equal(302);
  });
  after(async () => idp?.close());

  const userByEmail = (email: string) =>
    t.db.admin(async (q) => (await q.query<{ id: string; password_hash: string | null }>(`SELECT id, password_hash FROM users WHERE lower(email) = lower($1)`, [email])).rows[0]);
  const roleIn = (orgId: string, userId: string) =>
    t.db.admin(async (q) => (await q.query<{ role: string }>(`SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2`, [orgId, userId])).rows[0]?.role);

  it('signs a new person in through the provider (code flow with PKCE, state and nonce) and makes them a member with the default role', async () => {
    const b = new Browser(t.app);
    const { authorization, callback } = await signInThroughIdp(b, idp, `ana.${org.slug}@${DOMAIN}`, 'ana');
    const p = authorization.searchParams;
    expect(p.get('response_type')).to.equal('code');
    expect(p.get('client_id')).to.equal(idp.clientId);
    expect(p.get('redirect_uri')).to.equal('http://vigia.test/sso/callback');
    expect(p.get('code_challenge_method')).to.equal('S256');
    expect(p.get('code_challenge')).to.match(/^[\w-]{43}$/);
    expect(p.get('state')).to.match(/^[\w-]{20,}$/);
    expect(p.get('nonce')).to.match(/^[\w-]{20,}$/);
    expect(p.get('scope')).to.equal('openid email profile');
    expect(p.get('login_hint')).to.equal(`ana.${org.slug}@${DOMAIN}`);

    expect(callback.status, callback.text).to.equal(302);
    expect(callback.headers.location).to.equal('/');
    const home = await b.get('/');
    expect(home.status).to.equal(200);
    expect(home.text).to.contain(org.name);
    expect(home.text).to.contain('Ana Pérez');
    const user = await userByEmail(`ana.${org.slug}@${DOMAIN}`);
    expect(user.password_hash).to.equal(null);
    expect(await roleIn(org.id, user.id)).to.equal('analyst');
    const audit = await t.db.admin((q) => q.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE organization_id = $1 AND action = 'sso.sign_in' AND actor_user_id = $2`, [org.id, user.id]));
    expect(audit.rows[0].details).to.include({ userCreated: true, membershipCreated: true, role: 'analyst', issuer: idp.issuer });

    // A second sign-in (by organisation code this time) finds the same person by issuer and subject.
    const again = await signInThroughIdp(new Browser(t.app), idp, org.slug, 'ana');
    expect(again.callback.status).to.equal(302);
    const count = await t.db.admin((q) => q.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE lower(email) = lower($1)`, [`ana.${org.slug}@${DOMAIN}`]));
    expect(count.rows[0].n).to.equal(1);
  });

  it('refuses an e-mail outside the allowed domains and an unverified e-mail; nobody is created', async () => {
    const outside = await signInThroughIdp(new Browser(t.app), idp, org.slug, 'outsider');
    expect(outside.callback.status).to.equal(403);
    expect(outside.callback.text).to.contain('no pertenece a un dominio que esta organización permita');
    expect(await userByEmail(`eve.${org.slug}@elsewhere.example`)).to.equal(undefined);

    const unverified = await signInThroughIdp(new Browser(t.app), idp, org.slug, 'unverified');
    expect(unverified.callback.status).to.equal(403);
    expect(unverified.callback.text).to.contain('no confirmó que su correo esté verificado');
    expect(await userByEmail(`nov.${org.slug}@${DOMAIN}`)).to.equal(undefined);
    const refusals = await t.db.admin((q) => q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE organization_id = $1 AND action = 'sso.refused'`, [org.id]));
    expect(refusals.rows[0].n).to.be.at.least(2);
  });

  it('links an existing member (role kept) but never takes over an account that is not a member', async () => {
    const member = await signInThroughIdp(new Browser(t.app), idp, org.slug, 'member');
    expect(member.callback.status).to.equal(302);
    expect(await roleIn(org.id, org.users.viewer.id)).to.equal('viewer');

    const stranger = await signInThroughIdp(new Browser(t.app), idp, org.slug, 'stranger');
    expect(stranger.callback.status).to.equal(403);
    expect(stranger.callback.text).to.contain('Ya existe una cuenta de Vigía con este correo');
    const u = await userByEmail(`stranger.${org.slug}@${DOMAIN}`);
    expect(await roleIn(org.id, u.id)).to.equal(undefined);
  });

  it('refuses a callback whose state does not match, and one replayed or without a sign-in under way', async () => {
    const b = new Browser(t.app);
    const start = await startAtVigia(b, org.slug);
    const state = new URL(start.headers.location).searchParams.get('state');
    const forged = await b.get(`/sso/callback?code=forged&state=${state}x&iss=${encodeURIComponent(idp.issuer)}`);
    expect(forged.status).to.equal(400);
    expect(forged.text).to.contain('No se pudo verificar la respuesta del proveedor');
    // The flow was single-use: the same callback again finds nothing to complete.
    const replay = await b.get(`/sso/callback?code=forged&state=${state}&iss=${encodeURIComponent(idp.issuer)}`);
    expect(replay.status).to.equal(400);
    expect(replay.text).to.contain('ya se usó');
    expect((await b.get('/')).status).to.equal(302);

    const completed = await signInThroughIdp(new Browser(t.app), idp, org.slug, 'ana');
    const replayed = await new Browser(t.app).get(completed.callbackUrl.pathname + completed.callbackUrl.search);
    expect(replayed.status).to.equal(400);
  });

  it('forgets a sign-in started more than 15 minutes ago', async () => {
    const late = await signInThroughIdp(new Browser(t.app), idp, org.slug, 'ana', {
      beforeCallback: (state) => t.db.admin(async (q) => {
        const r = await q.query(`UPDATE sessions SET sess = jsonb_set(sess, '{sso,startedAt}', to_jsonb((extract(epoch FROM now()) * 1000)::bigint - 16 * 60000))
                                  WHERE sess->'sso'->>'state' = $1`, [state]);
        expect(r.rowCount).to.equal(1);
      }),
    });
    expect(late.callback.status).to.equal(400);
    expect(late.callback.text).to.contain('El inicio de sesión tardó demasiado');
  });

  it('answers an unknown domain or code with a clear message', async () => {
    const b = new Browser(t.app);
    await b.get('/login/sso');
    const res = await b.post('/login/sso', { identifier: 'someone@nowhere.example' });
    expect(res.status).to.equal(404);
    expect(res.text).to.contain('No encontramos una organización con inicio de sesión único');
    // The strict CSP stays: no inline script, forms only to Vigía itself.
    const csp = String(res.headers['content-security-policy']);
    expect(csp).to.contain("script-src 'self'");
    expect(csp).to.contain("form-action 'self'");
    const empty = await b.post('/login/sso', { identifier: '' });
    expect(empty.status).to.equal(422);
    expect(empty.text).to.contain('Su correo de trabajo o el código de su organización: escriba uno de los dos.');
  });
});
