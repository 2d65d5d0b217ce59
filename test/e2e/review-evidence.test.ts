import { expect } from 'chai';
import { useBrowserApp } from '../support/e2e.ts';
import { signIn, watchPageErrors } from '../support/server.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';
import { addReviewedAssessment, addSupplier } from '../scores/fixtures.ts';

describe('e2e: evidence level on the assessment review form', () => {
  const { app, newPage } = useBrowserApp();

  it('an analyst records an on-site verification; a missing "who" is named and nothing is saved', async () => {
    const org = await createOrg(app.db);
    const { supplierId } = await addSupplier(app.db, org, { name: 'Finca El Triunfo', sectorCode: '111', sites: [] });
    const id = await addReviewedAssessment(app.db, org, { supplierId, siteId: null, reviewedAt: '', controlsScore: 0, status: 'submitted' });

    const page = await newPage();
    const errors = watchPageErrors(page);
    await signIn(page, app.url, org.users.analyst.email, PASSWORD);
    await page.goto(`${app.url}/assessments/${id}`);
    await page.select('#evidenceLevel', 'verified_on_site');
    await page.$eval('#verifiedOn', (e) => { (e as HTMLInputElement).value = '2026-11-20'; });
    await page.select('#verifiedInHarvest', 'yes');
    await Promise.all([page.waitForNavigation(), page.click('button[name="decision"][value="review"]')]);
    expect(await page.content()).to.contain('Indique quién hizo la verificación en sitio.');

    await page.goto(`${app.url}/assessments/${id}`);
    expect(await page.$eval('#assessment-status', (e) => e.textContent)).to.not.contain('Revisada');
    await page.select('#evidenceLevel', 'verified_on_site');
    await page.type('#verifiedBy', 'Equipo de campo');
    await page.$eval('#verifiedOn', (e) => { (e as HTMLInputElement).value = '2026-11-20'; });
    await page.select('#verifiedInHarvest', 'yes');
    await Promise.all([page.waitForNavigation(), page.click('button[name="decision"][value="review"]')]);
    expect(await page.$eval('#evidence-level', (e) => e.textContent)).to.equal(
      'Verificado en sitio con entrevistas a personas trabajadoras · Equipo de campo, 2026-11-20 (durante la cosecha)',
    );
    expect(errors).to.deep.equal([]);
  });
});
