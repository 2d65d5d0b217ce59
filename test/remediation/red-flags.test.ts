import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';
import { addReviewedAssessment, addSupplierWithSites } from './fixtures.ts';
import { createFindingsFromRedFlags } from '../../server/remediation/finding.service.ts';
import { NotFound } from '../../server/errors.ts';

describe('remediation: findings from the red flags of a reviewed assessment', () => {
  let t: TestApp;
  let org: TestOrg;
  let assessmentId: string;
  let siteId: string;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    const s = await addSupplierWithSites(t.db, org);
    siteId = s.siteIds[0];
    assessmentId = await addReviewedAssessment(t.db, org, s.supplierId, siteId);
  });

  const flags = [
    { code: 'under15_employed', severity: 'critical', questionId: 'youngest_worker_age' },
    { code: 'no_age_verification', severity: 'high', questionId: 'age_verification_at_hiring' },
    { code: 'no_age_verification', severity: 'high', questionId: 'age_verification_docs' },
    { code: 'children_in_work_areas', severity: 'high', questionId: 'children_seen_on_site' },
  ];

  it('opens one finding per flag and question, classified, on the assessment\'s site; again adds nothing', async () => {
    const actor = org.actor('analyst');
    const first = await t.db.tx({ orgId: org.id, userId: actor.userId }, (q) => createFindingsFromRedFlags(q, actor, assessmentId, flags));
    expect(first).to.have.length(4);
    const second = await t.db.tx({ orgId: org.id, userId: actor.userId }, (q) => createFindingsFromRedFlags(q, actor, assessmentId, flags));
    expect(second).to.deep.equal([]);
    // A re-review that raises one more flag adds only that one.
    const more = [...flags, { code: 'under18_hazardous_tasks', severity: 'critical', questionId: 'young_worker_hazardous_tasks' }];
    const third = await t.db.tx({ orgId: org.id, userId: actor.userId }, (q) => createFindingsFromRedFlags(q, actor, assessmentId, more));
    expect(third).to.have.length(1);

    const { rows } = await t.services.remediation.findings.list(org.actor('viewer'), { limit: 50, offset: 0 });
    expect(rows.map((r) => [r.red_flag_code, r.question_id, r.category, r.severity, r.source, r.site_id, r.title]).sort()).to.deep.equal([
      ['children_in_work_areas', 'children_seen_on_site', 'missing_controls', 'high', 'red_flag', siteId, 'Niñas o niños presentes en las áreas de trabajo'],
      ['no_age_verification', 'age_verification_at_hiring', 'missing_controls', 'high', 'red_flag', siteId, 'No se verifica la edad con documentos'],
      ['no_age_verification', 'age_verification_docs', 'missing_controls', 'high', 'red_flag', siteId, 'No se verifica la edad con documentos'],
      ['under15_employed', 'youngest_worker_age', 'child_labour_under_15', 'critical', 'red_flag', siteId, 'Trabajan personas menores de 15 años'],
      ['under18_hazardous_tasks', 'young_worker_hazardous_tasks', 'hazardous_under_18', 'critical', 'red_flag', siteId, 'Menores de 18 años en tareas peligrosas'],
    ].sort());
    // Most severe first in the list.
    expect(rows[0].severity).to.equal('critical');
  });

  it('refuses another organisation\'s assessment as if it did not exist', async () => {
    const other = await createOrg(t.db);
    const actor = other.actor('analyst');
    let error: unknown;
    try {
      await t.db.tx({ orgId: other.id, userId: actor.userId }, (q) => createFindingsFromRedFlags(q, actor, assessmentId, flags));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(NotFound);
  });
});
