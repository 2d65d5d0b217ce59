import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addReviewedAssessment, addSupplier, daysAgo } from './fixtures.ts';

/**
 * Evidence outranks declarations, through the pages: opening, changing and closing a
 * finding or a child case re-scores its supplier, and the score follows. Worked by hand:
 * Tapachula (demo "high", 90) × 0.45 + crops 80 × 0.3 + 10 people, none at risk (0) = 64.5;
 * a perfect questionnaire verified on site removes 60 % → 25.8, medium. An open hazardous-work
 * finding raises it to 75 (critical); an open child case "at risk" to 50 (high).
 */
describe('scores: open findings and child cases set the floor (HTTP)', () => {
  let t: TestApp;
  let org: TestOrg;
  let analyst: Browser;
  let admin: Browser;
  let farm: { supplierId: string; siteIds: string[] };

  const current = () =>
    t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ level: string; residual: string; flags: string[]; explanation: unknown[][] }>(
        `SELECT level, residual::text, flags, explanation FROM current_site_scores WHERE site_id = $1`, [farm.siteIds[0]],
      ),
    ).then((r) => r.rows[0]);
  const idFrom = (location: string) => /[0-9a-f]{8}-[0-9a-f-]{27}/.exec(location)![0];

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    farm = await addSupplier(t.db, org, {
      name: 'Finca La Esperanza', sectorCode: '111',
      sites: [{ name: 'Tapachula', territoryCode: '07089', workforce: { total: 10, adolescents: 0, family: 0, seasonal: 0, migrant: 0, subcontracted: 0, indigenous: 0, women: 5 } }],
    });
    await addReviewedAssessment(t.db, org, { supplierId: farm.supplierId, siteId: null, reviewedAt: daysAgo(20), controlsScore: 1, verifiedOnSite: {} });
    analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
    admin = new Browser(t.app);
    await admin.login(org.users.admin.email, PASSWORD);
    await t.services.scores.rescoreOrganization(org.actor('admin'), { supplierIds: [farm.supplierId] });
  });

  it('starts from the computed level', async () => {
    const s = await current();
    expect(Number(s.residual)).to.equal(25.8);
    expect(s.level).to.equal('medium');
  });

  it('an open finding of hazardous work by a minor makes the site critical until it is closed', async () => {
    await analyst.get('/findings/new');
    const created = await analyst.post('/findings', {
      supplierId: farm.supplierId, siteId: farm.siteIds[0], source: 'field_report', category: 'hazardous_under_18', severity: 'high',
      title: 'Adolescente aplicando plaguicida',
    });
    expect(created.status).to.equal(302);
    const findingId = idFrom(created.headers.location);
    expect(await t.services.jobs.drain()).to.be.at.least(1);
    let s = await current();
    expect(s.level).to.equal('critical');
    expect(Number(s.residual)).to.equal(75);
    expect(s.flags).to.include.members(['openFindings', 'evidenceFloor']);
    expect(s.explanation.find((l) => l[0] === 'evidence')).to.deep.equal(['evidence', 75, 1, 49.2]);

    // The page names the finding by id and category, never anything about a child.
    const page = (await analyst.get(`/scores/sites/${farm.siteIds[0]}`)).text;
    expect(page).to.contain(`Hallazgo abierto ${findingId.slice(0, 8)} (trabajo peligroso de menor de 18 años, gravedad alta`);
    // The history says why the score was recomputed.
    expect(page).to.contain('hallazgo abierto, cambiado o cerrado');

    // Reclassified as missing controls, high: the high floor.
    await analyst.get(`/findings/${findingId}`);
    const edited = await analyst.post(`/findings/${findingId}`, { category: 'missing_controls', severity: 'high', title: 'Faltan controles de edad' });
    expect(edited.status).to.equal(302);
    await t.services.jobs.drain();
    s = await current();
    expect(s.level).to.equal('high');
    expect(Number(s.residual)).to.equal(50);

    const closed = await analyst.post(`/findings/${findingId}/status`, { status: 'closed' });
    expect(closed.status).to.equal(302);
    await t.services.jobs.drain();
    s = await current();
    expect(Number(s.residual)).to.equal(25.8);
    expect(s.level).to.equal('medium');
  });

  it('an open child case keeps a floor while it is open', async () => {
    await admin.get('/cases/new');
    const created = await admin.post('/cases', { siteId: farm.siteIds[0], age: '14', sex: 'female', situation: 'at_risk' });
    expect(created.status).to.equal(302);
    await t.services.jobs.drain();
    const s = await current();
    expect(s.level).to.equal('high');
    expect(s.flags).to.include('openChildCase');
    const page = (await analyst.get(`/scores/sites/${farm.siteIds[0]}`)).text;
    expect(page).to.contain(`Caso abierto ${idFrom(created.headers.location).slice(0, 8)} de una niña, niño o adolescente en el sitio`);
    // Nothing about the child reaches the score page.
    expect(page).not.to.contain('14 años');
  });
});
