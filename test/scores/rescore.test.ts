import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';
import { addCoffeeFarm, addReviewedAssessment, addSupplier, brokenChains, daysAgo, TAPACHULA_WORKFORCE } from './fixtures.ts';
import { currentSupplierScores } from '../../server/scores/score.service.ts';
import { riskLevelFilterSql, riskLevelSortSql } from '../../server/scores/score.filters.ts';
import { lockOrganization } from '../../server/scores/rescore.queries.ts';

/**
 * Scoring through the service on real rows. Expected values are worked by hand from
 * docs/scoring.md and the demo dataset (data/mx/clrisk-demo.csv):
 *   Tapachula (07089) is "high" in the demo file → 0.9 → territorial 90;
 *   Aguascalientes (state 01) is "low" → 0.2 → territorial 20;
 *   SCIAN 111 (crop farming) → sector 11, base 0.8 → sector 80.
 */
describe('scores: re-scoring through the service', () => {
  let t: TestApp;
  let org: TestOrg;
  let farm: { supplierId: string; siteIds: string[] };

  const siteRows = (siteId: string) =>
    t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<Record<string, any>>(
        `SELECT c.*, i.inputs FROM site_score_history c
           JOIN site_score_inputs i ON i.organization_id = c.organization_id AND i.site_id = c.site_id AND i.inputs_key = c.inputs_key
          WHERE c.site_id = $1 ORDER BY c.computed_at, c.is_current`,
        [siteId],
      ),
    ).then((r) => r.rows);
  const currentSupplier = (supplierId: string) =>
    t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<Record<string, any>>(`SELECT * FROM current_supplier_scores WHERE supplier_id = $1`, [supplierId]),
    ).then((r) => r.rows[0]);

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    // Tapachula: 200 people, 4 adolescents, 100 seasonal, 50 migrant, 20 indigenous, no family labour, none
    // subcontracted, 80 women. Aguascalientes: only the state is known, no workforce data.
    farm = await addCoffeeFarm(t.db, org);
  });

  it('scores a site from territory, sector and workforce, names the dataset and flags the state fallback', async () => {
    const jobId = await t.services.scores.requestRescore(org.actor('analyst'), [farm.supplierId], 'supplier');
    // At least this job; other test files may have left jobs in the shared queue.
    expect(await t.services.jobs.drain()).to.be.at.least(1);
    const job = await t.services.jobs.get(org.actor('analyst'), jobId);
    expect(job.status).to.equal('succeeded');

    // No questionnaire, so the conditions are unknown and adolescents, seasonal and migrant workers count:
    // adolescents 2 % of 5 % → 40 × 0.25 = 10; family 0; seasonal 50 % of 50 % → 100 × 0.15 = 15;
    // migrant 25 % of 50 % → 50 × 0.15 = 7.5; subcontracted 0; indigenous shown, not scored → 32.5
    // inherent = 90 × 0.45 + 80 × 0.3 + 32.5 × 0.25 = 40.5 + 24 + 8.13 (8.125 rounded) = 72.63 → high; no assessment → residual = inherent.
    const [tap] = await siteRows(farm.siteIds[0]);
    expect(Number(tap.territorial)).to.equal(90);
    expect(Number(tap.sector)).to.equal(80);
    expect(Number(tap.workforce)).to.equal(32.5);
    expect(Number(tap.inherent)).to.equal(72.63);
    expect(Number(tap.residual)).to.equal(72.63);
    expect(tap.level).to.equal('high');
    expect(tap.is_current).to.equal(true);
    expect(tap.flags).to.include.members(['demoDataset', 'noEvidenceOfControls']);
    expect(tap.flags).not.to.include('territoryStateFallback');
    expect(tap.inputs).to.deep.equal({
      territoryCode: '07089', scianCode: '111', commodities: [], workforce: [200, 4, 0, 100, 50, 0, 20, 80], assessment: null,
      activities: [], evidence: null,
    });
    expect(tap.engine_version).to.equal('vigia-score/2');
    expect(tap.assessment_id).to.equal(null);
    // The stored arithmetic of each component, and the explanation re-derived from the inputs.
    expect(tap.explanation).to.deep.equal([
      ['territorial', 90, 0.45, 40.5], ['sector', 80, 0.3, 24], ['workforce', 32.5, 0.25, 8.13], ['controls', 0, 0.6, 0],
    ]);
    const view = await t.services.scores.siteScore(org.actor('viewer'), farm.siteIds[0]);
    expect(view.score!.explained.reproduced).to.equal(true);
    expect(view.score!.datasetVersion).to.equal('demo-2018');
    expect(view.score!.datasetIsDemo).to.equal(true);
    const territorial = view.score!.explained.lines[0];
    expect(territorial.reasonKey).to.equal('scoring.reason.territorial.municipalityDemo');
    expect(territorial.params).to.include({ territoryName: 'Tapachula, Chiapas', level: 'high', datasetVersion: 'demo-2018' });

    // State only: 20 × 0.45 + 80 × 0.3 + 50 (unknown workforce) × 0.25 = 9 + 24 + 12.5 = 45.5 → medium.
    const [ags] = await siteRows(farm.siteIds[1]);
    expect(Number(ags.territorial)).to.equal(20);
    expect(Number(ags.inherent)).to.equal(45.5);
    expect(ags.level).to.equal('medium');
    expect(ags.flags).to.include.members(['territoryStateFallback', 'workforceUnknown']);
    const agsView = await t.services.scores.siteScore(org.actor('viewer'), farm.siteIds[1]);
    expect(agsView.score!.explained.lines[0].reasonKey).to.equal('scoring.reason.territorial.stateDemo');
    expect(agsView.score!.explained.lines[0].params).to.include({ territoryName: 'Aguascalientes', level: 'low' });

    // Supplier: level of the worst site (72.63, high); the site of unknown size weighs as the mean known one (200):
    // (72.63 × 200 + 45.5 × 200) / 400 = 59.065 → 59.07 → high.
    const s = await currentSupplier(farm.supplierId);
    expect(s.level).to.equal('high');
    expect(s.worst_site_id).to.equal(farm.siteIds[0]);
    expect(Number(s.worst_residual)).to.equal(72.63);
    expect(Number(s.weighted_residual)).to.equal(59.07);
    expect(s.site_count).to.equal(2);
    expect(s.flags).to.include('siteSizeUnknown');

    // The run keeps the weights snapshot; the job result links to the supplier's score page.
    const run = await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query<Record<string, any>>(`SELECT * FROM score_runs WHERE id = $1`, [tap.run_id]));
    expect(run.rows[0].weights.components).to.deep.equal({ territorial: 0.45, sector: 0.3, workforce: 0.25 });
    expect(run.rows[0].reason).to.equal('supplier');
    expect(job.result).to.include({ href: `/suppliers/${farm.supplierId}/score`, sitesScored: 2, suppliersScored: 1 });
  });

  it('keeps history: a reviewed assessment lowers the residual, the old row stays, one is current', async () => {
    // Verified on site a month ago: 75 % of control points × min(0.7, 0.6) = 45 % off 72.63 → 32.68 removed → residual 39.95 → medium.
    const assessmentId = await addReviewedAssessment(t.db, org, {
      supplierId: farm.supplierId, siteId: farm.siteIds[0], reviewedAt: daysAgo(40), controlsScore: 0.75, verifiedOnSite: {},
    });
    await t.services.scores.requestRescore(org.actor('analyst'), [farm.supplierId], 'assessment');
    await t.services.jobs.drain();
    const rows = await siteRows(farm.siteIds[0]);
    expect(rows).to.have.length(2);
    expect(rows.filter((r) => r.is_current)).to.have.length(1);
    const now = rows.find((r) => r.is_current)!;
    expect(Number(now.inherent)).to.equal(72.63);
    expect(Number(now.residual)).to.equal(39.95);
    expect(now.level).to.equal('medium');
    expect(now.assessment_id).to.equal(assessmentId);
    expect(now.flags).not.to.include('noEvidenceOfControls');
    expect(rows.find((r) => !r.is_current)!.level).to.equal('high');
    // The other site's inputs did not change: nothing was written for it.
    expect(await siteRows(farm.siteIds[1])).to.have.length(1);
    // Now the state-only site (45.5) is the worst.
    const s = await currentSupplier(farm.supplierId);
    expect(s.worst_site_id).to.equal(farm.siteIds[1]);
    expect(s.level).to.equal('medium');
  });

  it('a later supplier-wide review with a critical red flag puts a floor of 75 under every site', async () => {
    // Full controls verified on site: 72.63 − 43.58 (60 %) = 29.05, raised to the floor 75 → critical; 45.5 − 27.3 = 18.2 → 75.
    await addReviewedAssessment(t.db, org, {
      supplierId: farm.supplierId, siteId: null, reviewedAt: daysAgo(10), controlsScore: 1, verifiedOnSite: {},
      redFlags: [{ code: 'children_seen_working', severity: 'critical' }],
    });
    await t.services.scores.requestRescore(org.actor('analyst'), [farm.supplierId], 'assessment');
    await t.services.jobs.drain();
    for (const siteId of farm.siteIds) {
      const now = (await siteRows(siteId)).find((r) => r.is_current)!;
      expect(Number(now.residual), siteId).to.equal(75);
      expect(now.level).to.equal('critical');
      expect(now.flags).to.include.members(['redFlags', 'redFlagFloor']);
    }
    const tap = (await siteRows(farm.siteIds[0])).find((r) => r.is_current)!;
    const controls = tap.explanation.find((l: any[]) => l[0] === 'controls');
    expect(controls[3]).to.equal(-43.58);
    const flags = tap.explanation.find((l: any[]) => l[0] === 'redFlags');
    expect(flags[3]).to.equal(45.95);
    expect((await currentSupplier(farm.supplierId)).level).to.equal('critical');
  });

  it('writes nothing when nothing changed, and says so in the run', async () => {
    const before = (await siteRows(farm.siteIds[0])).length;
    const r = await t.services.scores.rescoreOrganization(org.actor('admin'), { reason: 'manual' });
    expect(r).to.include({ scoresWritten: 0, suppliersScored: 1, sitesScored: 2 });
    expect(r.unchanged).to.equal(3);
    expect(await siteRows(farm.siteIds[0])).to.have.length(before);
  });

  it('retires the score of a site that is archived', async () => {
    const other = await addSupplier(t.db, org, { name: 'Taller', sectorCode: '315', sites: [{ name: 'A', territoryCode: '07089' }, { name: 'B', territoryCode: '07089' }] });
    await t.services.scores.rescoreOrganization(org.actor('admin'), { supplierIds: [other.supplierId] });
    await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query(`UPDATE sites SET status = 'archived' WHERE id = $1`, [other.siteIds[1]]));
    await t.services.scores.rescoreOrganization(org.actor('admin'), { supplierIds: [other.supplierId] });
    const archived = await siteRows(other.siteIds[1]);
    expect(archived.map((r) => r.is_current)).to.deep.equal([false]);
    expect((await currentSupplier(other.supplierId)).site_count).to.equal(1);
  });

  it('scores a supplier without active sites from its own data', async () => {
    const lone = await addSupplier(t.db, org, { name: 'Comercializadora', sectorCode: '43', sites: [] });
    await t.services.scores.rescoreOrganization(org.actor('admin'), { supplierIds: [lone.supplierId] });
    // Unknown territory 50 × 0.45 + commerce 52 × 0.3 + unknown workforce 50 × 0.25 = 22.5 + 15.6 + 12.5 = 50.6 → high.
    const s = await currentSupplier(lone.supplierId);
    expect(s.site_count).to.equal(0);
    expect(Number(s.worst_residual)).to.equal(50.6);
    expect(s.level).to.equal('high');
    expect(s.flags).to.include.members(['noActiveSites', 'territoryUnknown']);
  });

  it('widens a queued job instead of queueing another one', async () => {
    const o = await createOrg(t.db);
    const a = await addSupplier(t.db, o, { name: 'A', sectorCode: '11', sites: [] });
    const b = await addSupplier(t.db, o, { name: 'B', sectorCode: '11', sites: [] });
    const first = await t.services.scores.requestRescore(o.actor('analyst'), [a.supplierId], 'supplier');
    const second = await t.services.scores.requestRescore(o.actor('analyst'), [b.supplierId], 'assessment');
    expect(second).to.equal(first);
    const job = await t.services.jobs.get(o.actor('analyst'), first);
    expect(job.payload).to.deep.equal({ supplierIds: [a.supplierId, b.supplierId], reason: 'supplier,assessment' });
    await t.services.jobs.drain();
    const scores = await t.db.tx({ orgId: o.id, userId: null }, (q) => currentSupplierScores(q, [a.supplierId, b.supplierId]));
    expect(scores.size).to.equal(2);
  });

  it('gives other features current scores and a level filter and sort over suppliers', async () => {
    const map = await t.db.tx({ orgId: org.id, userId: null }, (q) => currentSupplierScores(q, [farm.supplierId]));
    expect(map.get(farm.supplierId)).to.include({ level: 'critical', worstResidual: 75, siteCount: 2 });
    const rows = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ legal_name: string }>(
        `SELECT s.legal_name FROM suppliers s WHERE s.organization_id = app_org() AND ${riskLevelFilterSql('s', '$1')}
          ORDER BY ${riskLevelSortSql('s')} DESC, s.legal_name`,
        [['critical', 'high']],
      ),
    );
    // Farm: critical 75; Taller: 90 × 0.45 + manufacturing 30 × 0.3 + unknown 50 × 0.25 = 62 → high; Comercializadora: high 50.6.
    expect(rows.rows.map((r) => r.legal_name)).to.deep.equal(['Finca Cafetalera del Soconusco', 'Taller', 'Comercializadora']);
    const unscored = await addSupplier(t.db, org, { name: 'Nuevo', sectorCode: '11', sites: [] });
    const none = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ id: string }>(`SELECT s.id FROM suppliers s WHERE ${riskLevelFilterSql('s', '$1')}`, [['unscored']]),
    );
    expect(none.rows.map((r) => r.id)).to.deep.equal([unscored.supplierId]);
  });

  it('another organisation sees none of these scores (RLS)', async () => {
    const other = await createOrg(t.db);
    const seen = await t.db.tx({ orgId: other.id, userId: null }, (q) => currentSupplierScores(q, [farm.supplierId]));
    expect(seen.size).to.equal(0);
  });

  it('a whole-organisation run retires the scores of an archived supplier', async () => {
    const gone = await addSupplier(t.db, org, { name: 'Cerrada', sectorCode: '11', sites: [{ name: 'X', territoryCode: '07089' }] });
    await t.services.scores.rescoreOrganization(org.actor('admin'), { supplierIds: [gone.supplierId] });
    expect(await currentSupplier(gone.supplierId)).to.not.equal(undefined);
    await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query(`UPDATE suppliers SET status = 'archived' WHERE id = $1`, [gone.supplierId]));
    await t.services.scores.rescoreOrganization(org.actor('admin'), { batchSize: 2 });
    expect(await currentSupplier(gone.supplierId)).to.equal(undefined);
    expect((await siteRows(gone.siteIds[0])).map((r) => r.is_current)).to.deep.equal([false]);
    // The others, in batches of two, are untouched and still current.
    expect((await currentSupplier(farm.supplierId)).level).to.equal('critical');
  });
  it('a whole-organisation run in batches of one reads every input a single batch reads', async () => {
    // Each batch reads its slice of the supplier order by range (server/suppliers/supplier-scope.ts):
    // a bound off by one would leave a supplier's assessment, finding or child case out of its batch.
    const other = await createOrg(t.db);
    const made = [];
    for (let i = 0; i < 6; i++) {
      made.push(await addSupplier(t.db, other, { name: `Proveedor ${i}`, sectorCode: '111', sites: [{ name: `Sitio ${i}`, territoryCode: '07089', workforce: TAPACHULA_WORKFORCE }] }));
    }
    for (const [i, s] of made.entries()) {
      if (i % 2 === 0) await addReviewedAssessment(t.db, other, { supplierId: s.supplierId, siteId: null, reviewedAt: daysAgo(30), controlsScore: 0.5 });
      await t.db.admin((q) => q.query(
        `INSERT INTO findings (organization_id, supplier_id, site_id, source, category, severity, title) VALUES ($1, $2, $3, 'audit', 'hazardous_under_18', 'high', 'Hallazgo')`,
        [other.id, s.supplierId, i % 3 === 0 ? null : s.siteIds[0]],
      ));
      await t.db.admin((q) => q.query(
        `INSERT INTO child_cases (organization_id, site_id, age, sex, situation) VALUES ($1, $2, 14, 'undisclosed', 'at_risk')`,
        [other.id, s.siteIds[0]],
      ));
    }
    const batched = await t.services.scores.rescoreOrganization(other.actor('admin'), { batchSize: 1 });
    expect(batched.scoresWritten).to.equal(12);
    const inputs = await t.db.tx({ orgId: other.id, userId: null }, (q) => q.query<{ inputs: any }>(
      `SELECT i.inputs FROM current_site_scores c
         JOIN site_score_inputs i ON i.organization_id = c.organization_id AND i.site_id = c.site_id AND i.inputs_key = c.inputs_key`,
    ));
    expect(inputs.rows.filter((r) => r.inputs.assessment !== null)).to.have.length(3);
    expect(inputs.rows.every((r) => r.inputs.evidence?.findings.length === 1 && r.inputs.evidence.cases.length === 1)).to.equal(true);
    // One batch finds the same inputs everywhere: nothing to write.
    const whole = await t.services.scores.rescoreOrganization(other.actor('admin'));
    expect(whole).to.include({ scoresWritten: 0, unchanged: 12 });
  });

  // The staging table's size is unknown to the planner, which then compiled the write's statements
  // (JIT) for more rows than they have: the batch's lock turns that off for its own transaction only.
  it('a batch write runs without JIT compilation, and only its own transaction does', async () => {
    const inBatch = await t.db.tx({ orgId: org.id, userId: null }, async (q) => {
      await lockOrganization(q, org.id);
      return (await q.query<{ jit: string }>(`SELECT current_setting('jit') AS jit`)).rows[0].jit;
    });
    expect(inBatch).to.equal('off');
    const after = await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query<{ jit: string }>(`SELECT current_setting('jit') AS jit`));
    expect(after.rows[0].jit).to.not.equal('off');
  });

  // Migration 037: a pointer names the current score; no foreign key holds it (a trigger per row of
  // a bulk write), so after every kind of run above each must still name a row of its own site or
  // supplier, with the values copied from it.
  it('after all of the above, every current-score pointer names a history row of its own site or supplier', async () => {
    const broken = await t.db.admin((q) => q.query<{ kind: string; id: string }>(
      `SELECT 'site' AS kind, p.site_id AS id FROM site_score_current p
         LEFT JOIN site_scores c ON c.organization_id = p.organization_id AND c.site_id = p.site_id AND c.id = p.score_id
        WHERE p.organization_id = $1 AND (c.id IS NULL OR c.supplier_id <> p.supplier_id OR c.input_hash <> p.input_hash
              OR c.inputs_key <> p.inputs_key OR c.dataset_id IS DISTINCT FROM p.dataset_id)
       UNION ALL
       SELECT 'supplier', p.supplier_id FROM supplier_score_current p
         LEFT JOIN supplier_scores c ON c.organization_id = p.organization_id AND c.supplier_id = p.supplier_id AND c.id = p.score_id
        WHERE p.organization_id = $1 AND (c.id IS NULL OR c.input_hash <> p.input_hash OR c.level <> p.level OR c.worst_residual <> p.worst_residual)`,
      [org.id],
    ));
    expect(broken.rows).to.deep.equal([]);
    const counted = await t.db.admin((q) => q.query<{ sites: number; suppliers: number }>(
      `SELECT (SELECT count(*)::int FROM site_score_current WHERE organization_id = $1) AS sites,
              (SELECT count(*)::int FROM supplier_score_current WHERE organization_id = $1) AS suppliers`,
      [org.id],
    ));
    expect(counted.rows[0].sites).to.be.greaterThan(0);
    expect(counted.rows[0].suppliers).to.be.greaterThan(0);
    // Every history row is on its site's or supplier's chain (migration 040), archived ones included.
    expect(await brokenChains(t.db, org.id)).to.deep.equal([]);
  });
});
