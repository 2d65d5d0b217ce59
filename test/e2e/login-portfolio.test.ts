import { expect } from 'chai';
import { useBrowserApp } from '../support/e2e.ts';
import { signIn, watchPageErrors } from '../support/server.ts';
import { createOrg, engage, PASSWORD } from '../support/factories.ts';

describe('e2e: sign-in, organisation switch and language', () => {
  const { app, newPage } = useBrowserApp();

  it('a consultant signs in, sees the portfolio, opens a client and switches to English', async () => {
    const company = await createOrg(app.db);
    const consultancy = await createOrg(app.db, 'consultancy');
    await engage(app.services, company, consultancy, 'analyst');
    const page = await newPage();
    const errors = watchPageErrors(page);
    await signIn(page, app.url, consultancy.users.owner.email, PASSWORD);
    expect(page.url()).to.match(/\/portfolio$/);
    expect(await page.$eval('#portfolio', (el) => el.textContent)).to.contain(company.name);
    await Promise.all([page.waitForNavigation(), page.click('#portfolio button[type=submit]')]);
    expect(await page.$eval('h1', (el) => el.textContent)).to.equal(company.name);
    expect(await page.$eval('.role-badge', (el) => el.textContent)).to.equal('Analista');
    await Promise.all([page.waitForNavigation(), page.click('a[lang=en]')]);
    expect(await page.$eval('.role-badge', (el) => el.textContent)).to.equal('Analyst');
    expect(await page.$eval('html', (el) => el.getAttribute('lang'))).to.equal('en');
    expect(errors).to.deep.equal([]);
  });
});
