import { expect } from 'chai';
import type { Page } from 'puppeteer-core';
import { useBrowserApp } from '../support/e2e.ts';
import { signIn, watchPageErrors } from '../support/server.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';
import { addSupplierWithSites } from '../remediation/fixtures.ts';

describe('e2e: a case worker follows a child\'s case', () => {
  const { app, newPage } = useBrowserApp();

  const submitAndWait = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);
  const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');

  it('opens a case for a named case worker, is told what is missing before closing, records protection', async () => {
    const org = await createOrg(app.db);
    await addSupplierWithSites(app.db, org, { sites: [{ name: 'Finca Tapachula', territory: '07089' }] });
    const page = await newPage();
    const errors = watchPageErrors(page);
    await signIn(page, app.url, org.users.admin.email, PASSWORD);
    await page.goto(`${app.url}/cases/new`);
    expect(await text(page, '#best-interests')).to.contain('No lo despida sin una alternativa');
    // The site is a type-ahead: typing part of its name suggests it, and the suggestion's label is what is sent.
    await page.type('#case-site', 'tapach');
    await page.waitForFunction(() => document.querySelectorAll('#case-site-options option').length > 0, { timeout: 10_000 });
    expect(await page.$$eval('#case-site-options option', (els) => els.map((e) => (e as HTMLOptionElement).value))).to.deep.equal(['Finca Tapachula · Café del Soconusco S.A.']);
    await page.$eval('#case-site', (el) => { (el as HTMLInputElement).value = 'Finca Tapachula · Café del Soconusco S.A.'; });
    await page.type('#case-age', '12');
    await page.select('#case-situation', 'under_minimum_age');
    await submitAndWait(page, '#case-form button[type=submit]');
    expect(page.url()).to.match(/\/cases\/[0-9a-f-]{36}\/workers$/);
    expect(await text(page, '#workers')).to.contain(org.users.admin.email);
    expect(await text(page, '#register-entry')).to.contain('Café del Soconusco S.A. · Finca Tapachula');

    await page.goto(page.url().replace(/\/workers$/, ''));
    expect(await text(page, '#case-loop')).to.contain('Aún no se registra la protección inmediata');
    await submitAndWait(page, '#close-case-form button[type=submit]');
    const issues = await text(page, '#form-issues');
    expect(issues).to.contain('Protección inmediata');
    expect(issues).to.contain('Canalización');
    expect(issues).to.contain('Seguimiento a 3 meses');

    await page.type('#prot-measure', 'Dejó la tarea ese mismo día.');
    await submitAndWait(page, '#protection-form button[type=submit]');
    expect(await text(page, '#case-loop')).to.contain('Dejó la tarea ese mismo día.');
    expect(errors).to.deep.equal([]);
  });
});
