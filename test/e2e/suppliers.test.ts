import { expect } from 'chai';
import { useBrowserApp } from '../support/e2e.ts';
import { signIn, watchPageErrors } from '../support/server.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';

describe('e2e: a supplier, its site chosen with the territory picker, and the map', () => {
  const { app, newPage } = useBrowserApp();

  it('creates a supplier and a site in Tapachula through the picker, then sees it on the detail page and the map', async function () {
    this.timeout(90_000);
    const org = await createOrg(app.db);
    const page = await newPage();
    const errors = watchPageErrors(page);
    await signIn(page, app.url, org.users.analyst.email, PASSWORD);

    await page.goto(`${app.url}/suppliers/new`);
    await page.type('#legalName', 'Finca Cafetalera El Progreso');
    await page.type('#taxId', 'CFE370814QI0');
    await Promise.all([page.waitForNavigation(), page.click('#supplier-form button[type=submit]')]);
    expect(await page.$eval('#supplier-name', (el) => el.textContent)).to.equal('Finca Cafetalera El Progreso');

    await Promise.all([page.waitForNavigation(), page.click('#new-site')]);
    await page.type('#site-name', 'Beneficio El Progreso');
    await page.type('#site-territory', 'Tapach');
    await page.waitForSelector('#site-territory-list li[data-code="07089"]', { visible: true });
    await page.click('#site-territory-list li[data-code="07089"]');
    expect(await page.$eval('#site-territory-code', (el) => (el as HTMLInputElement).value)).to.equal('07089');
    expect(await page.$eval('#site-territory', (el) => (el as HTMLInputElement).value)).to.equal('Tapachula, Chiapas');
    await page.type('#site-workforceTotal', '35');
    await page.type('#site-workforceWomen', '12');
    await page.click('input[name=activities][value=harvest]');
    await Promise.all([page.waitForNavigation(), page.click('#site-form button[type=submit]')]);

    const place = await page.$eval('#site-table .site-place', (el) => el.textContent?.replace(/\s+/g, ' ').trim());
    expect(place).to.equal('Tapachula, Chiapas (07089)');
    expect(await page.$eval('#site-table', (el) => el.textContent)).to.contain('cosecha');

    await page.goto(`${app.url}/suppliers/map`);
    await page.waitForSelector('#sites-map[data-map-state]');
    expect(await page.$eval('#sites-map', (el) => (el as HTMLElement).dataset.mapState)).to.equal('ready');
    expect(await page.$$eval('#sites-map path.map-site', (els) => els.length)).to.equal(1);
    expect(await page.$$eval('#sites-map path.map-territory', (els) => els.length)).to.equal(32);
    expect(errors).to.deep.equal([]);
  });
});
