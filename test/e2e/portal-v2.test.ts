import { expect } from 'chai';
import type { Page } from 'puppeteer-core';
import { useBrowserApp } from '../support/e2e.ts';
import { watchPageErrors } from '../support/server.ts';
import { createOrg } from '../support/factories.ts';
import { addSupplier } from '../assessments/fixtures.ts';
import { addDays, dayOf } from '../../server/assessments/assessment.dates.ts';

describe('e2e: supplier portal, questionnaire v2 short path and "don\'t know"', () => {
  const { app, newPage } = useBrowserApp();

  const hidden = (page: Page, id: string) => page.$eval(`#q-${id}`, (el) => (el as HTMLElement).hidden);
  const pick = (page: Page, id: string, value: string) => page.click(`#q-${id}-${value}`);

  it('a family plot sees only the short path; a company that does not know the youngest age sees the adolescent questions', async () => {
    const org = await createOrg(app.db);
    const { supplierId, siteId } = await addSupplier(app.db, org, 'Parcela Los Naranjos');
    const analyst = org.actor('analyst');
    const { defaultTemplateId } = await app.services.assessments.newForm(analyst, supplierId);
    await app.services.assessments.create(analyst, {
      supplierId, siteId, templateId: defaultTemplateId, dueDate: addDays(dayOf(), 10), contactEmail: 'parcela@naranjos.test', language: 'es-MX', action: 'send',
    });
    const link = app.mailer.linkIn(app.mailer.lastTo('parcela@naranjos.test'));

    const page = await newPage();
    const errors = watchPageErrors(page);
    await page.goto(`${app.url}${link}`);
    await pick(page, 'site_type', 'family_farm_only');
    for (const id of ['youngest_worker_age', 'written_policy', 'age_verification_at_hiring', 'uses_labour_contractors', 'imss_registration', 'stps_distintivo']) {
      expect(await hidden(page, id), id).to.equal(true);
    }
    for (const id of ['family_children_help', 'hazardous_tasks_identified', 'previous_findings']) expect(await hidden(page, id), id).to.equal(false);

    await pick(page, 'site_type', 'company');
    expect(await hidden(page, 'family_children_help')).to.equal(true);
    expect(await hidden(page, 'youngest_worker_age')).to.equal(false);
    await pick(page, 'youngest_worker_age', 'adult');
    expect(await hidden(page, 'young_worker_medical_certificate')).to.equal(true);
    await pick(page, 'youngest_worker_age', 'unknown');
    for (const id of ['young_worker_medical_certificate', 'parental_authorisation', 'young_worker_overtime', 'under16_daily_hours', 'young_worker_schooling']) {
      expect(await hidden(page, id), id).to.equal(false);
    }

    // Back to the family plot: six answers are enough to submit.
    await pick(page, 'site_type', 'family_farm_only');
    await pick(page, 'family_children_help', 'yes');
    await pick(page, 'family_children_tasks', 'light');
    await pick(page, 'family_children_school', 'yes');
    await page.click('input[name=hazardous_tasks_identified][value=yes]');
    await page.click('input[name=previous_findings][value=no]');
    await Promise.all([page.waitForNavigation(), page.click('#submit-questionnaire')]);
    expect(await page.$eval('#portal-closed h1', (el) => el.textContent)).to.equal('¡Gracias!');
    expect(errors).to.deep.equal([]);
  });
});
