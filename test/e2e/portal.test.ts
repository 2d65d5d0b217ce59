import { expect } from 'chai';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { useBrowserApp } from '../support/e2e.ts';
import { watchPageErrors } from '../support/server.ts';
import { createOrg } from '../support/factories.ts';
import { addSupplier } from '../assessments/fixtures.ts';
import { smallTemplate } from '../questionnaires/small-template.ts';
import { exportTemplate } from '../../server/questionnaires/template.json.ts';
import { addDays, dayOf } from '../../server/assessments/assessment.dates.ts';
import { PDF } from '../assessments/helpers.ts';

describe('e2e: supplier portal', () => {
  const { app, newPage } = useBrowserApp();
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vigia-portal-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const hidden = (page: Page, id: string) => page.$eval(`#q-${id}`, (el) => (el as HTMLElement).hidden);
  const submitAndWait = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);

  it('fills the questionnaire: follow-ups appear, draft is saved, evidence uploaded, then submitted', async () => {
    const org = await createOrg(app.db);
    const { supplierId, siteId } = await addSupplier(app.db, org, 'Finca Santa Rosa');
    const analyst = org.actor('analyst');
    const { id: templateId } = await app.services.templates.importJson(analyst, exportTemplate(smallTemplate()));
    await app.services.assessments.create(analyst, {
      supplierId, siteId, templateId, dueDate: addDays(dayOf(), 10), contactEmail: 'finca@santarosa.test', language: 'es-MX', action: 'send',
    });
    const link = app.mailer.linkIn(app.mailer.lastTo('finca@santarosa.test'));

    const page = await newPage();
    const errors = watchPageErrors(page);
    await page.goto(`${app.url}${link}`);
    expect(await page.$eval('h1', (el) => el.textContent)).to.equal('Cuestionario de prueba');
    expect(await hidden(page, 'policy_channels')).to.equal(true);
    await page.click('input[name=has_policy][value=yes]');
    expect(await hidden(page, 'policy_channels')).to.equal(false);
    await page.click('input[name=has_policy][value=no]');
    expect(await hidden(page, 'policy_channels')).to.equal(true);
    await page.click('input[name=has_policy][value=yes]');
    await page.click('#q-policy_channels-a');
    await page.type('#in-workers_count', '25');
    await submitAndWait(page, '#save-draft');
    expect(await page.$eval('#portal-saved', (el) => el.textContent)).to.equal('Borrador guardado.');
    // The server rendered the follow-up visible from the saved answer.
    expect(await hidden(page, 'policy_channels')).to.equal(false);
    expect(await page.$eval('#q-policy_channels-a', (el) => (el as HTMLInputElement).checked)).to.equal(true);

    await page.click('input[name=checks_age][value=yes]');
    expect(await hidden(page, 'evidence')).to.equal(false);
    expect(await hidden(page, 'docs')).to.equal(false);
    const file = path.join(dir, 'procedimiento.pdf');
    writeFileSync(file, PDF);
    const input = (await page.$('input#up-evidence')) as ElementHandle<HTMLInputElement> | null;
    await input!.uploadFile(file);
    await submitAndWait(page, '#q-evidence button[type=submit]');
    expect(await page.$eval('#portal-saved', (el) => el.textContent)).to.equal('Borrador guardado con 1 archivo nuevo.');
    expect(await page.$eval('#q-evidence .evidence-list', (el) => el.textContent)).to.contain('procedimiento.pdf');

    await page.type('#in-youngest_age', '16');
    await page.click('#q-docs-curp');
    await submitAndWait(page, '#submit-questionnaire');
    expect(await page.$eval('#portal-closed h1', (el) => el.textContent)).to.equal('¡Gracias!');
    expect(errors).to.deep.equal([]);

    const status = await app.db.tx({ orgId: org.id, userId: null }, async (q) =>
      (await q.query<{ status: string }>(`SELECT status FROM assessments WHERE supplier_id = $1`, [supplierId])).rows[0].status);
    expect(status).to.equal('submitted');
  });
});
