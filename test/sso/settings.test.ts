import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, engage, PASSWORD, type TestOrg } from '../support/factories.ts';
import { enrolTwoFactor } from '../support/two-factor.ts';

const SECRET = 'the-client-secret-1234567890';

describe('organisation sign-in settings: two-factor policy and SSO configuration', () => {
  let t: TestApp;
  let org: TestOrg;
  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
  });

  async function as(o: TestOrg, role: 'owner' | 'admin' | 'analyst' | 'viewer'): Promise<Browser> {
    const b = new Browser(t.app);
    await b.login(o.users[role].email, PASSWORD);
    // A page with a form, so the Browser knows the session's CSRF token.
    await b.get('/orgs');
    return b;
  }

  it('only owners and admins of the organisation itself reach the settings', async () => {
    expect((await (await as(org, 'analyst')).get('/settings/sign-in')).status).to.equal(403);
    const analyst = await as(org, 'analyst');
    expect((await analyst.post('/settings/sign-in/two-factor', { requireTwoFactor: 'on' })).status).to.equal(403);
    const admin = await as(org, 'admin');
    const page = await admin.get('/settings/sign-in');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('id="nav-sign-in"');
    expect(page.text).to.contain('<code id="sso-redirect-uri">http://vigia.test/sso/callback</code>');
    expect(page.text).to.contain('client_secret_basic');

    // A consultancy engaged as admin acts in the client, but does not change how its people sign in.
    const consultancy = await createOrg(t.db, 'consultancy');
    await engage(t.services, org, consultancy, 'admin');
    const consultant = await as(consultancy, 'owner');
    await consultant.post('/orgs/switch', { orgId: org.id });
    expect((await consultant.get('/settings/sign-in')).status).to.equal(403);
  });

  it('stores the client secret encrypted and never shows it back; an empty field keeps it', async () => {
    const o = await createOrg(t.db);
    const owner = await as(o, 'owner');
    await owner.get('/settings/sign-in');
    const saved = await owner.post('/settings/sign-in/sso', {
      enabled: 'on', issuer: 'https://login.example.com/realms/acme', clientId: 'vigia', clientSecret: SECRET, domains: 'Acme.MX, acme.com.mx', defaultRole: 'viewer',
    });
    expect(saved.status).to.equal(302);
    const page = await owner.get('/settings/sign-in');
    expect(page.text).to.not.contain(SECRET);
    expect(page.text).to.contain('Hay un secreto de cliente guardado');
    expect(page.text).to.contain('value="acme.mx, acme.com.mx"');
    const row = async () => (await t.db.admin((q) => q.query<{ sso_client_secret_encrypted: string; sso_allowed_domains: string[] }>(
      `SELECT sso_client_secret_encrypted, sso_allowed_domains FROM organization_sign_in WHERE organization_id = $1`, [o.id]))).rows[0];
    const first = await row();
    expect(first.sso_client_secret_encrypted).to.not.contain(SECRET);
    expect(first.sso_allowed_domains).to.deep.equal(['acme.mx', 'acme.com.mx']);
    await owner.post('/settings/sign-in/sso', { enabled: 'on', issuer: 'https://login.example.com/realms/acme', clientId: 'vigia', clientSecret: '', domains: 'acme.mx', defaultRole: 'analyst' });
    expect((await row()).sso_client_secret_encrypted).to.equal(first.sso_client_secret_encrypted);
    const audit = await t.db.admin((q) => q.query<{ details: unknown }>(`SELECT details FROM audit_log WHERE organization_id = $1 AND action = 'org.sso_updated'`, [o.id]));
    expect(audit.rows).to.have.length(2);
    expect(JSON.stringify(audit.rows)).to.not.contain(SECRET);
  });

  it('refuses bad settings naming each field, never an owner default role, and keeps what was saved', async () => {
    const o = await createOrg(t.db);
    const owner = await as(o, 'owner');
    await owner.get('/settings/sign-in');
    const bad = await owner.post('/settings/sign-in/sso', {
      enabled: 'on', issuer: 'http://idp.example.com', clientId: '', clientSecret: '', domains: 'not a domain', defaultRole: 'owner',
    });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('URL del emisor: escriba la dirección https://');
    expect(bad.text).to.contain('ID de cliente: es obligatorio');
    expect(bad.text).to.contain('Dominios de correo permitidos: escriba al menos un dominio válido');
    expect(bad.text).to.contain('Rol para las personas que entran por SSO: elija administrador, analista o lector.');
    expect(bad.text).to.contain('value="http://idp.example.com"');
    const noSecret = await owner.post('/settings/sign-in/sso', { enabled: 'on', issuer: 'https://idp.example.com', clientId: 'x', domains: 'acme.mx', defaultRole: 'viewer' });
    expect(noSecret.status).to.equal(422);
    expect(noSecret.text).to.contain('Secreto de cliente: es obligatorio');
    const rows = await t.db.admin((q) => q.query(`SELECT 1 FROM organization_sign_in WHERE organization_id = $1`, [o.id]));
    expect(rows.rowCount).to.equal(0);
  });

  it('"members must use two-factor": members without it are sent to enrol before anything else, also consultants engaged in it', async () => {
    const o = await createOrg(t.db);
    const consultancy = await createOrg(t.db, 'consultancy');
    await engage(t.services, o, consultancy, 'analyst');
    const analyst = await as(o, 'analyst');
    expect((await analyst.get('/suppliers')).status).to.equal(200);

    const owner = await as(o, 'owner');
    await owner.get('/settings/sign-in');
    expect((await owner.post('/settings/sign-in/two-factor', { requireTwoFactor: 'on' })).status).to.equal(302);
    // The owner too: the policy applies to every member, at the next request.
    expect((await owner.get('/settings/sign-in')).headers.location).to.equal('/account/two-factor');

    const blocked = await analyst.get('/suppliers');
    expect(blocked.status).to.equal(302);
    expect(blocked.headers.location).to.equal('/account/two-factor');
    const enrolPage = await analyst.get('/account/two-factor');
    expect(enrolPage.text).to.contain('Su organización o su función exigen la verificación en dos pasos.');
    expect((await (await as(consultancy, 'viewer')).get('/')).headers.location).to.equal('/account/two-factor');
    await enrolTwoFactor(analyst);
    expect((await analyst.get('/suppliers')).status).to.equal(200);

    // Another organisation's members are not affected.
    expect((await (await as(org, 'viewer')).get('/suppliers')).status).to.equal(200);
    const audit = await t.db.admin((q) => q.query(`SELECT 1 FROM audit_log WHERE organization_id = $1 AND action = 'org.two_factor_policy_updated'`, [o.id]));
    expect(audit.rowCount).to.equal(1);
  });
});
