import { expect } from 'chai';
import { useBrowserApp } from '../support/e2e.ts';
import { signIn, watchPageErrors } from '../support/server.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';

describe('e2e: commodities typed in Spanish show their DOL listing, unknown text is flagged, the demo badge is shown', () => {
  const { app, newPage } = useBrowserApp();

  it('saves "jitomate; café; nopal" and shows what each one is', async function () {
    this.timeout(90_000);
    const org = await createOrg(app.db);
    const page = await newPage();
    const errors = watchPageErrors(page);
    await signIn(page, app.url, org.users.analyst.email, PASSWORD);

    await page.goto(`${app.url}/suppliers/new`);
    await page.type('#legalName', 'Hortalizas La Joya');
    await page.type('#sectorCode', '111');
    await page.type('#commodities', 'jitomate; café; nopal');
    await Promise.all([page.waitForNavigation(), page.click('#supplier-form button[type=submit]')]);

    const items = await page.$$eval('#supplier-commodities li', (lis) =>
      lis.map((li) => ({ name: li.querySelector('.tag')?.textContent, dol: (li.querySelector('[data-dol]') as HTMLElement | null)?.dataset.dol ?? null, unknown: !!li.querySelector('[data-unknown]') })),
    );
    expect(items).to.deep.equal([
      { name: 'Jitomate (tomate rojo)', dol: 'Tomatoes', unknown: false },
      { name: 'Café', dol: 'Coffee', unknown: false },
      { name: 'nopal', dol: null, unknown: true },
    ]);
    expect(await page.$eval('[data-demo-badge]', (el) => el.textContent)).to.contain('Demo — datos no oficiales');
    expect(errors).to.deep.equal([]);
  });
});
