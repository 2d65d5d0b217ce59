import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { ElementHandle, Page } from 'puppeteer-core';
import { useBrowserApp } from '../support/e2e.ts';
import { signIn, watchPageErrors } from '../support/server.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';
import { addSupplier } from '../scores/fixtures.ts';

describe('e2e: a training session recorded, evidenced and verified, then seen in the distintivo readiness', function () {
  this.timeout(120_000);
  const { app, newContext } = useBrowserApp();

  const submitAndWait = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);
  const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');

  it('records the session through the form, uploads the attendance sheet, and the admin verifies it', async () => {
    const org = await createOrg(app.db);
    const farm = await addSupplier(app.db, org, { name: 'Finca Soconusco', sectorCode: '111', sites: [{ name: 'Finca Tapachula', territoryCode: '07089' }] });
    const page = await (await newContext()).newPage();
    const errors = watchPageErrors(page);
    await signIn(page, app.url, org.users.analyst.email, PASSWORD);
    await page.goto(`${app.url}/training/new`);
    // The site alone names the place: the server finds its supplier.
    await page.type('#training-site', 'Finca Tapachula');
    await page.click('input[name=topics][value=hazardous_work_minors]');
    await page.type('#training-facilitator', 'Inspección STPS Chiapas');
    await page.type('#training-attendeesWomen', '4');
    await page.type('#training-attendeesMen', '3');
    await page.type('#training-supervisors', '5');
    await page.type('#training-workers', '1');
    await submitAndWait(page, '#training-form button[type=submit]');
    // 4 + 3 by sex but 6 by role: the form comes back with the totals named and the input kept.
    expect(await text(page, '#form-issues')).to.contain('el total por puesto (6) debe ser igual al total por sexo (7)');
    expect(await page.$eval('#training-facilitator', (el) => (el as HTMLInputElement).value)).to.equal('Inspección STPS Chiapas');
    expect(await page.$eval('#training-site', (el) => (el as HTMLInputElement).value)).to.equal('Finca Tapachula');
    await page.type('#training-managers', '1');
    await submitAndWait(page, '#training-form button[type=submit]');
    expect(page.url()).to.match(/\/training\/[0-9a-f-]{36}$/);
    expect(await text(page, '#training-session')).to.contain('Finca Soconusco — Finca Tapachula');

    const dir = mkdtempSync(path.join(tmpdir(), 'vigia-training-'));
    const file = path.join(dir, 'lista.pdf');
    writeFileSync(file, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const input = (await page.$('#training-file')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    await submitAndWait(page, 'form[enctype="multipart/form-data"] button[type=submit]');
    expect(await text(page, '#training-materials')).to.contain('lista.pdf');
    const sessionUrl = page.url();

    const admin = await (await newContext()).newPage();
    await signIn(admin, app.url, org.users.admin.email, PASSWORD);
    await admin.goto(sessionUrl);
    await submitAndWait(admin, `form[action$="/verify"] button[type=submit]`);
    expect(await text(admin, '#training-verification')).to.contain(`Verificada por admin ${org.slug}`);

    await admin.goto(`${app.url}/distintivos/sites/${farm.siteIds[0]}`);
    expect(await text(admin, '#req-dealti_training')).to.contain('Sesión de capacitación verificada del');
    expect(await admin.$eval('#req-dealti_training', (el) => el.getAttribute('data-status'))).to.equal('met');
    expect(errors).to.deep.equal([]);
  });
});
