import { expect } from 'chai';
import type { Browser } from 'puppeteer-core';
import { launchBrowser } from '../support/browser.ts';
import { startTestServer, signIn, watchPageErrors, type RunningApp } from '../support/server.ts';
import { unique } from '../support/app.ts';

describe('e2e: sign-up → e-mail link → sign-in → first supplier', () => {
  let app: RunningApp;
  let browser: Browser;
  before(async () => {
    app = await startTestServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a new company signs up, confirms its e-mail, signs in and adds its first supplier', async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await page.setExtraHTTPHeaders({ 'Accept-Language': 'es-MX,es;q=0.9' });
    const email = `${unique('e2e')}@empresa.example`;
    const orgName = `Comercializadora ${unique('e2e')}`;
    const password = 'una-contraseña-segura';

    await page.goto(`${app.url}/login`);
    await Promise.all([page.waitForNavigation(), page.click('#signup-link')]);
    expect(await page.$eval('h1', (el) => el.textContent)).to.equal('Crear una organización');
    // The honeypot is in the page but not visible to a person.
    expect(await page.$eval('input[name=website]', (el) => el.closest('.visually-hidden')!.getBoundingClientRect().width <= 1)).to.equal(true);
    await page.click('input[name=kind][value=company]');
    await page.type('#orgName', orgName);
    await page.type('#name', 'Laura Pérez');
    await page.type('#email', email);
    await page.type('#password', password);
    await page.type('#confirm', 'otra-contraseña-distinta');
    await Promise.all([page.waitForNavigation(), page.click('#signup-form button[type=submit]')]);
    expect(await page.$eval('#confirm-error', (el) => el.textContent)).to.contain('no coinciden');
    expect(await page.$eval('#orgName', (el) => (el as HTMLInputElement).value)).to.equal(orgName);
    await page.type('#password', password);
    await page.type('#confirm', password);
    await Promise.all([page.waitForNavigation(), page.click('#signup-form button[type=submit]')]);
    expect(await page.$eval('#signup-sent', (el) => el.textContent)).to.contain('enlace de confirmación');

    // Before confirming, the account cannot sign in.
    await signIn(page, app.url, email, password);
    expect(page.url()).to.match(/\/login$/);

    // The link from the outbox (the captured e-mail).
    const link = app.mailer.linkIn(app.mailer.lastTo(email));
    await page.goto(`${app.url}${link}`);
    expect(await page.$eval('main, body', (el) => el.textContent)).to.contain(orgName);
    await Promise.all([page.waitForNavigation(), page.click('#confirm-form button[type=submit]')]);
    expect(page.url()).to.match(/\/login$/);

    await signIn(page, app.url, email, password);
    expect(await page.$eval('h1', (el) => el.textContent)).to.equal(orgName);
    expect(await page.$$eval('#first-run-checklist [data-done=false]', (els) => els.length)).to.equal(4);

    await Promise.all([page.waitForNavigation(), page.click('#first-run-checklist a[href="/suppliers/new"]')]);
    await page.type('#legalName', 'Finca Cafetalera La Primera');
    await page.type('#taxId', 'CFE370814QI0');
    await Promise.all([page.waitForNavigation(), page.click('#supplier-form button[type=submit]')]);
    expect(page.url()).to.match(/\/suppliers\/[0-9a-f-]{36}$/);
    expect(await page.$eval('h1', (el) => el.textContent)).to.contain('Finca Cafetalera La Primera');

    await page.goto(`${app.url}/`);
    expect(await page.$eval('#first-run-checklist [data-step=suppliers]', (el) => el.getAttribute('data-done'))).to.equal('true');
    expect(errors).to.deep.equal([]);
  });
});
