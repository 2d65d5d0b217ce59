import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addReviewedAssessment, addSupplier, TAPACHULA_WORKFORCE } from './fixtures.ts';
import { currentSupplierScores } from '../../server/scores/score.service.ts';

/** Edits and reviews made through the pages queue a re-scoring of the supplier they touch. */
describe('scores: re-scoring after supplier edits and assessment reviews', () => {
  let t: TestApp;
  let org: TestOrg;
  let analyst: Browser;
  const scoresOf = (ids: string[]) => t.db.tx({ orgId: org.id, userId: null }, (q) => currentSupplierScores(q, ids));
  const queued = () =>
    t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ payload: { supplierIds: string[] | null; reason: string } }>(`SELECT payload FROM jobs WHERE kind = 'rescore' AND status = 'queued'`),
    ).then((r) => r.rows.map((x) => x.payload));

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
  });

  it('a supplier created on its page is scored by the queued job', async () => {
    await analyst.get('/suppliers/new');
    const res = await analyst.post('/suppliers', { legalName: 'Empacadora del Valle', sectorCode: '46', tier: '1' });
    expect(res.status).to.equal(302);
    const id = /\/suppliers\/([0-9a-f-]{36})/.exec(res.headers.location)![1];
    expect(await queued()).to.deep.equal([{ supplierIds: [id], reason: 'supplier' }]);
    await t.services.jobs.drain();
    // No site: unknown territory 50 × 0.45 + retail 52 × 0.3 + unknown workforce 50 × 0.25 = 50.6 → high.
    expect((await scoresOf([id])).get(id)).to.include({ level: 'high', worstResidual: 50.6, siteCount: 0 });
  });

  it('a reviewed assessment re-scores its supplier with the controls it evidences', async () => {
    const farm = await addSupplier(t.db, org, {
      name: 'Finca', sectorCode: '111',
      sites: [{ name: 'Tapachula', territoryCode: '07089', workforce: TAPACHULA_WORKFORCE }],
    });
    await t.services.scores.rescoreOrganization(org.actor('admin'), { supplierIds: [farm.supplierId] });
    expect((await scoresOf([farm.supplierId])).get(farm.supplierId)).to.include({ worstResidual: 72.63 });
    const assessmentId = await addReviewedAssessment(t.db, org, { supplierId: farm.supplierId, siteId: null, reviewedAt: '', controlsScore: 0, status: 'submitted' });
    await analyst.get(`/assessments/${assessmentId}`);
    const res = await analyst.post(`/assessments/${assessmentId}/review`, { decision: 'review' });
    expect(res.status).to.equal(302);
    expect(await queued()).to.deep.equal([{ supplierIds: [farm.supplierId], reason: 'assessment' }]);
    await t.services.jobs.drain();
    const site = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ assessment_id: string }>(`SELECT assessment_id FROM current_site_scores WHERE site_id = $1`, [farm.siteIds[0]]));
    expect(site.rows[0].assessment_id).to.equal(assessmentId);
  });

  it('viewers cannot edit, so nothing is queued for them', async () => {
    const viewer = new Browser(t.app);
    await viewer.login(org.users.viewer.email, PASSWORD);
    expect((await viewer.post('/suppliers', { legalName: 'X', sectorCode: '46', tier: '1' })).status).to.equal(403);
    expect(await queued()).to.deep.equal([]);
  });
});
