import { expect } from 'chai';
import { testDb } from '../support/db.ts';
import { createOrg } from '../support/factories.ts';
import { addSupplier } from './fixtures.ts';
import { assessmentDemoStep } from '../../server/assessments/assessment.demo.ts';
import { latestReviewedEvaluations } from '../../server/assessments/assessment.evaluation.ts';

describe('assessments: demo data step', () => {
  it('does nothing without suppliers', async () => {
    const db = await testDb();
    const org = await createOrg(db);
    await db.admin((q) => assessmentDemoStep(q, { companyId: org.id, consultancyId: org.id, ownerId: org.users.owner.id }));
    const n = await db.tx({ orgId: org.id, userId: null }, (q) => q.query(`SELECT 1 FROM assessments`));
    expect(n.rowCount).to.equal(0);
  });

  it('sends the shipped questionnaire v2 to three suppliers: reviewed with red flags, in progress, sent', async () => {
    const db = await testDb();
    const org = await createOrg(db);
    const a = await addSupplier(db, org, 'A Finca');
    await addSupplier(db, org, 'B Empacadora');
    await addSupplier(db, org, 'C Transportes', false);
    await db.admin((q) => assessmentDemoStep(q, { companyId: org.id, consultancyId: org.id, ownerId: org.users.owner.id }));
    const rows = await db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ legal_name: string; status: string; answers: number }>(
        `SELECT s.legal_name, a.status, (SELECT count(*)::int FROM assessment_answers x WHERE x.assessment_id = a.id AND x.answer IS NOT NULL) AS answers
           FROM assessments a JOIN suppliers s ON s.id = a.supplier_id ORDER BY s.legal_name`));
    expect(rows.rows).to.deep.equal([
      { legal_name: 'A Finca', status: 'reviewed', answers: 46 },
      { legal_name: 'B Empacadora', status: 'in_progress', answers: 7 },
      { legal_name: 'C Transportes', status: 'sent', answers: 0 },
    ]);
    const evaluation = (await db.tx({ orgId: org.id, userId: null }, (q) => latestReviewedEvaluations(q))).get(a.siteId!)!;
    // Worked by hand over the visible scored questions: policy 3/6, hazards 5/5, remediation procedure 1/2,
    // age checks 3/7, records 1/2, adolescents 5/10 (rest days "don't know" 0/1), contractors 1/4, training 2/6,
    // fair recruitment 6/8, housing 1/4, site access 0/1, childcare and school 0/4, IMSS "don't know" 0/2,
    // pay 4/6, grievance 2/3 → 34/70.
    expect(evaluation.controlsScore).to.be.closeTo(34 / 70, 1e-5);
    // The breaches the review found silent in the v1 demo now raise their flags.
    expect(evaluation.redFlags).to.deep.equal([
      { code: 'no_age_verification', severity: 'high' },
      { code: 'young_worker_no_medical_certificate', severity: 'high' },
      { code: 'young_worker_hours_exceeded', severity: 'high' },
      { code: 'young_worker_no_basic_education', severity: 'high' },
      { code: 'contractor_no_age_verification', severity: 'high' },
      { code: 'children_in_work_areas', severity: 'high' },
      { code: 'families_on_site_no_childcare', severity: 'high' },
      { code: 'children_domestic_care_duties', severity: 'high' },
      { code: 'children_out_of_school', severity: 'high' },
      { code: 'piece_rate_family_pay', severity: 'high' },
    ]);
  });
});
