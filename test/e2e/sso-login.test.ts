import { expect } from 'chai';
import { useBrowserApp } from '../support/e2e.ts';
import { watchPageErrors } from '../support/server.ts';
import { startTestIdp, type TestIdp } from '../support/oidc-provider.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';

describe('e2e: sign in through the organisation\'s OpenID provider', () => {
  const { app, newPage } = useBrowserApp({ ownBaseUrl: true });
  let idp: TestIdp;
  let org: TestOrg;
  before(async () => {
    org = await createOrg(app.db);
    idp = await startTestIdp({
      redirectUri: `${app.url}/sso/callback`,
      accounts: { lucia: { email: `lucia.${org.slug}@empresa.example`, emailVerified: true, name: 'Lucía Gómez' } },
    });
    await app.services.sso.saveSso(org.actor('owner'), {
      enabled: 'on', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, domains: 'empresa.example', defaultRole: 'analyst',
    });
  });
  after(async () => {
    await idp?.close();
  });

  it('from the login page, by work e-mail, through the provider\'s login form, into the organisation as analyst', async () => {
    const page = await newPage();
    const errors = watchPageErrors(page);
    // A visitor from Mexico: the account created at the first sign-in keeps this language.
    await page.setExtraHTTPHeaders({ 'Accept-Language': 'es-MX,es;q=0.9' });
    await page.goto(`${app.url}/login`);
    await Promise.all([page.waitForNavigation(), page.click('#sso-link')]);
    expect(await page.$eval('h1', (el) => el.textContent)).to.equal('Iniciar sesión con su organización');
    await page.type('#identifier', `lucia.${org.slug}@empresa.example`);
    await Promise.all([page.waitForNavigation(), page.click('#sso-form button[type=submit]')]);
    expect(await page.$eval('#sso-continue', (el) => el.textContent)).to.equal(`Continuar al inicio de sesión de ${org.name}`);
    await Promise.all([page.waitForNavigation(), page.click('#sso-continue')]);

    // The provider's own sign-in page (another origin).
    expect(new URL(page.url()).origin).to.equal(idp.issuer);
    await page.waitForSelector('input[name=login]');
    const login = await page.$eval('input[name=login]', (el) => (el as HTMLInputElement).value);
    if (!login) await page.type('input[name=login]', 'lucia');
    else {
      await page.$eval('input[name=login]', (el) => { (el as HTMLInputElement).value = ''; });
      await page.type('input[name=login]', 'lucia');
    }
    await page.type('input[name=password]', 'any-password');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);

    expect(page.url()).to.equal(`${app.url}/`);
    expect(await page.$eval('.role-badge', (el) => el.textContent)).to.equal('Analista');
    expect(await page.$eval('.who', (el) => el.textContent)).to.equal('Lucía Gómez');
    expect(await page.content()).to.contain(org.name);
    // Only Vigía's own pages are watched for CSP violations (the provider is another site).
    expect(errors.filter((e) => !e.includes(idp.issuer))).to.deep.equal([]);
  });
});
