import { expect } from 'chai';
import { testDb } from '../support/db.ts';
import { createOrg } from '../support/factories.ts';
import { addSupplier } from './fixtures.ts';
import { smallTemplate } from '../questionnaires/small-template.ts';
import { insertTemplateIfAbsent } from '../../server/questionnaires/template.queries.ts';
import { latestReviewedEvaluations, distinctFlags } from '../../server/assessments/assessment.evaluation.ts';
import type { Database } from '../../server/db/types.ts';

describe('assessments: latestReviewedEvaluations (what risk scoring reads)', () => {
  let db: Database;
  before(async () => {
    db = await testDb();
  });

  it('returns the latest reviewed assessment per site and per supplier, snapshot or recomputed', async () => {
    const org = await createOrg(db);
    const other = await createOrg(db);
    const a = await addSupplier(db, org, 'Finca A');
    const b = await addSupplier(db, org, 'Empacadora B', false);
    const foreign = await addSupplier(db, other, 'Ajena');
    const ctx = { orgId: org.id, userId: null };
    const { newest, recomputed } = await db.tx(ctx, async (q) => {
      const { id: templateId } = await insertTemplateIfAbsent(q, { definition: smallTemplate(), source: 'imported', createdBy: null });
      const insert = async (supplierId: string, siteId: string | null, status: string, reviewedAt: string | null, score: number | null, flags: unknown) => {
        const r = await q.query<{ id: string }>(
          `INSERT INTO assessments (organization_id, supplier_id, site_id, template_id, template_key, template_version, status, reviewed_at, controls_score, red_flags)
           VALUES (app_org(), $1, $2, $3, 'small-test', 3, $4, $5, $6, $7) RETURNING id`,
          [supplierId, siteId, templateId, status, reviewedAt, score, flags === null ? null : JSON.stringify(flags)],
        );
        return r.rows[0].id;
      };
      // Site A: an older review, a newer review (the one that counts), and a newer one still under way.
      await insert(a.supplierId, a.siteId, 'reviewed', '2025-01-10T10:00:00Z', 0.2, [{ code: 'under15', severity: 'critical', questionId: 'youngest_age' }]);
      const newest = await insert(a.supplierId, a.siteId, 'reviewed', '2025-06-01T10:00:00Z', 0.75, []);
      await insert(a.supplierId, a.siteId, 'submitted', null, null, null);
      // Supplier B (no site): reviewed without a snapshot, so it is evaluated from its answers.
      const recomputed = await insert(b.supplierId, null, 'reviewed', '2025-03-01T00:00:00Z', null, null);
      const answers = { has_policy: false, youngest_age: 14, checks_age: false, general: true };
      for (const [question, value] of Object.entries(answers)) {
        await q.query(`INSERT INTO assessment_answers (organization_id, assessment_id, question_id, answer) VALUES (app_org(), $1, $2, $3)`,
          [recomputed, question, JSON.stringify(value)]);
      }
      return { newest, recomputed };
    });
    const map = await db.tx(ctx, (q) => latestReviewedEvaluations(q));
    expect([...map.keys()].sort()).to.deep.equal([a.siteId!, `supplier:${b.supplierId}`].sort());
    // Stored before evidence levels and conditions existed: declared (null), conditions read from its answers (none: unknown).
    expect(map.get(a.siteId!)).to.deep.equal({
      assessmentId: newest, reviewedAt: '2025-06-01T10:00:00.000Z', supplierId: a.supplierId, siteId: a.siteId, controlsScore: 0.75, redFlags: [],
      evidenceLevel: null, verifiedOn: null, verifiedInHarvest: null,
      conditions: { adolescentProtections: 'unknown', familiesWithoutChildcare: null, campHousing: null, contractors: null, pieceRate: null },
    });
    // policy 0/2, age_verification 0/3 (docs and evidence hidden), training 0/2, other 1/1 → 1/8.
    const b1 = map.get(`supplier:${b.supplierId}`)!;
    expect(b1.assessmentId).to.equal(recomputed);
    expect(b1.controlsScore).to.be.closeTo(1 / 8, 1e-9);
    expect(b1.redFlags).to.deep.equal([{ code: 'under15', severity: 'critical' }, { code: 'no_age_check', severity: 'high' }]);
    // The small template has none of the shipped questions on conditions: all unknown, never "no risk".
    expect(b1.conditions).to.include({ familiesWithoutChildcare: null, campHousing: null, contractors: null, pieceRate: null });
    // Filter by supplier, and nothing from the other organisation.
    const onlyB = await db.tx(ctx, (q) => latestReviewedEvaluations(q, { ids: [b.supplierId, foreign.supplierId] }));
    expect([...onlyB.keys()]).to.deep.equal([`supplier:${b.supplierId}`]);
    const seenByOther = await db.tx({ orgId: other.id, userId: null }, (q) => latestReviewedEvaluations(q));
    expect(seenByOther.size).to.equal(0);
  });

  it('keeps one flag per code, the most severe', () => {
    expect(distinctFlags([
      { code: 'x', severity: 'high' }, { code: 'y', severity: 'high' }, { code: 'x', severity: 'critical' }, { code: 'y', severity: 'high' },
    ])).to.deep.equal([{ code: 'x', severity: 'critical' }, { code: 'y', severity: 'high' }]);
  });
});
