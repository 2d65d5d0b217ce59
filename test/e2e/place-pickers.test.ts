import { expect } from 'chai';
import type { Page } from 'puppeteer-core';
import { useBrowserApp } from '../support/e2e.ts';
import { signIn, watchPageErrors } from '../support/server.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';
import { addSupplier } from '../scores/fixtures.ts';
import { supplierSearchText } from '../../server/suppliers/search-text.ts';

/** The training and finding forms' supplier and site type-ahead fields (client/supplier-lookup.ts) in a real browser. */
describe('e2e: training and finding places picked with the supplier and site type-ahead', () => {
  const { app, newPage, newContext } = useBrowserApp();

  const optionsOf = (page: Page, id: string) => page.$$eval(`#${id} option`, (els) => els.map((e) => (e as HTMLOptionElement).value));

  it('suggests suppliers as one types, then only that supplier\'s sites, and saves the picked place', async function () {
    this.timeout(90_000);
    const org = await createOrg(app.db);
    for (const [name, rfc] of [['Finca La Esperanza', 'FLE010101AB1'], ['Finca del Sur', 'FSU020202CD2']]) {
      const { supplierId } = await addSupplier(app.db, org, { name, sectorCode: '111', sites: [{ name: 'Beneficio Central', territoryCode: '07089' }] });
      await app.db.tx({ orgId: org.id, userId: null }, (q) =>
        q.query(`UPDATE suppliers SET tax_id = $2, search_text = $3 WHERE id = $1`, [supplierId, rfc, supplierSearchText({ legalName: name, taxId: rfc })]));
    }
    const page = await newPage();
    const errors = watchPageErrors(page);
    await signIn(page, app.url, org.users.analyst.email, PASSWORD);
    await page.goto(`${app.url}/training/new`);

    await page.type('#training-supplier', 'finca');
    await page.waitForFunction(() => document.querySelectorAll('#training-supplier-options option').length === 2, { timeout: 10_000 });
    expect(await optionsOf(page, 'training-supplier-options')).to.have.members(['Finca del Sur (FSU020202CD2)', 'Finca La Esperanza (FLE010101AB1)']);
    // Picking a suggestion writes its label into the field, as the browser does with a datalist.
    await page.$eval('#training-supplier', (el) => { (el as HTMLInputElement).value = ''; });
    await page.type('#training-supplier', 'Finca del Sur (FSU020202CD2)');

    await page.type('#training-site', 'benef');
    await page.waitForFunction(() => document.querySelectorAll('#training-site-options option').length > 0, { timeout: 10_000 });
    expect(await optionsOf(page, 'training-site-options')).to.deep.equal(['Beneficio Central · Finca del Sur']);
    await page.$eval('#training-site', (el) => { (el as HTMLInputElement).value = 'Beneficio Central · Finca del Sur'; });

    await page.click('input[name=topics][value=child_labour_law]');
    await page.type('#training-facilitator', 'STPS Chiapas');
    await page.type('input[name=attendeesWomen]', '2');
    await page.type('input[name=workers]', '2');
    await Promise.all([page.waitForNavigation(), page.click('#training-form button[type=submit]')]);
    expect(page.url()).to.match(/\/training\/[0-9a-f-]{36}$/);
    expect(await page.$eval('main', (el) => el.textContent)).to.contain('Finca del Sur — Beneficio Central');
    expect(errors).to.deep.equal([]);
  });

  it('finding form: site suggestions follow the typed supplier, and the picked site is saved', async function () {
    this.timeout(90_000);
    const org = await createOrg(app.db);
    for (const [name, rfc] of [['Finca La Esperanza', 'FLE010101AB1'], ['Finca del Sur', 'FSU020202CD2']]) {
      const { supplierId } = await addSupplier(app.db, org, { name, sectorCode: '111', sites: [{ name: 'Beneficio Central', territoryCode: '07089' }] });
      await app.db.tx({ orgId: org.id, userId: null }, (q) =>
        q.query(`UPDATE suppliers SET tax_id = $2, search_text = $3 WHERE id = $1`, [supplierId, rfc, supplierSearchText({ legalName: name, taxId: rfc })]));
    }
    // Its own browser context: the first test's session cookie would skip the sign-in form.
    const context = await newContext();
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await signIn(page, app.url, org.users.analyst.email, PASSWORD);
    await page.goto(`${app.url}/findings/new`);

    await page.type('#finding-supplier', 'Finca La Esperanza (FLE010101AB1)');
    await page.type('#finding-site', 'benef');
    await page.waitForFunction(() => document.querySelectorAll('#finding-site-options option').length > 0, { timeout: 10_000 });
    expect(await optionsOf(page, 'finding-site-options')).to.deep.equal(['Beneficio Central · Finca La Esperanza']);
    await page.$eval('#finding-site', (el) => { (el as HTMLInputElement).value = 'Beneficio Central · Finca La Esperanza'; });
    await page.type('#finding-title', 'Adolescentes en fumigación');
    await Promise.all([page.waitForNavigation(), page.click('#finding-form button[type=submit]')]);
    expect(page.url()).to.match(/\/findings\/[0-9a-f-]{36}$/);
    expect(await page.$eval('main', (el) => el.textContent)).to.contain('Beneficio Central').and.contain('Finca La Esperanza');
    expect(errors).to.deep.equal([]);
    await context.close();
  });
});
