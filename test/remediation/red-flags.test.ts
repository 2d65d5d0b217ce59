import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';
import { addReviewedAssessment, addSupplierWithSites } from './fixtures.ts';
import { createFindingsFromRedFlags } from '../../server/remediation/finding.service.ts';
import { NotFound } from '../../server/errors.ts';
import { ensureShippedTemplates } from '../../server/questionnaires/template.service.ts';
import { findTemplateVersion } from '../../server/questionnaires/template.queries.ts';
import { defaultTemplate } from '../../server/questionnaires/default-template.ts';
import * as assessmentQueries from '../../server/assessments/assessment.queries.ts';

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

  it('the reviewer\'s "reviewed" decision opens the findings of the red flags raised', async () => {
    const o = await createOrg(t.db);
    const { supplierId, siteIds: [site] } = await addSupplierWithSites(t.db, o);
    const id = await t.db.tx({ orgId: o.id, userId: o.users.analyst.id }, async (q) => {
      await ensureShippedTemplates(q);
      const shipped = defaultTemplate();
      const template = (await findTemplateVersion(q, shipped.key, shipped.version))!;
      const a = await assessmentQueries.insertAssessment(q, {
        supplierId, siteId: site, templateId: template.id, templateKey: template.key, templateVersion: template.version,
        language: 'es-MX', contactEmail: 'finca@proveedor.test', dueDate: '2026-12-01', createdBy: o.users.analyst.id,
      });
      // The supplier says the youngest person working is 13: under the minimum age.
      await assessmentQueries.replaceAnswers(q, a, { youngest_worker_age: 13 });
      await assessmentQueries.setStatus(q, a, 'submitted');
      return a;
    });
    await t.services.assessments.review(o.actor('analyst'), id, 'review', {});
    const { rows } = await t.services.remediation.findings.list(o.actor('viewer'), { limit: 50, offset: 0 });
    const under15 = rows.find((r) => r.red_flag_code === 'under15_employed');
    expect(under15).to.include({ assessment_id: id, question_id: 'youngest_worker_age', category: 'child_labour_under_15', severity: 'critical', site_id: site });
  });
});
