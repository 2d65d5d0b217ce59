import { workforceConditions } from './assessment.conditions.ts';
import type { Queryable } from '../db/types.ts';
import type { DemoStep } from '../seed/demo.ts';
import { newToken } from '../auth/tokens.ts';
import { latestShippedTemplate } from '../questionnaires/default-template.ts';
import { ensureShippedTemplates } from '../questionnaires/template.service.ts';
import { findTemplateVersion } from '../questionnaires/template.queries.ts';
import { validateAnswers } from '../questionnaires/answers.ts';
import { evaluateAssessment } from '../questionnaires/evaluate.ts';
import type { AnswerValue } from '../questionnaires/conditions.ts';
import { addDays, dayOf, portalExpiry } from './assessment.dates.ts';
import { PORTAL_ACTOR_LABEL } from './assessment.service.ts';
import * as assessments from './assessment.queries.ts';

/**
 * A finca with seasonal families on site, answering questionnaire v2: several weak controls,
 * a few "don't know" answers, and the red flags of the breaches they show.
 */
const REVIEWED_ANSWERS: Record<string, AnswerValue> = {
  site_type: 'company', youngest_worker_age: 'age_16_17', seasonal_or_migrant_workers: true, families_accompany: 'sometimes', on_site_housing: true,
  written_policy: true, policy_communication: ['posted'], hazardous_tasks_identified: true, remediation_procedure: 'informal',
  age_verification_at_hiring: true, age_verification_docs: ['self_declaration'], age_records_kept: 'some', hr_trained_age_docs: false,
  young_worker_register: true, young_worker_medical_certificate: 'some', young_worker_overtime: 'no', young_worker_night_work: 'no',
  young_worker_rest_days: 'unknown', young_worker_school_schedule: 'yes', young_worker_hazardous_tasks: 'no', young_worker_schooling: 'some',
  uses_labour_contractors: true, contractor_age_verification: 'no', recruiters_registered: 'identified', recruiters_trained: 'no',
  recruitment_fees: 'no', identity_documents_retained: 'no', written_terms: 'some', subcontracting: false, migrant_documents: 'checked',
  housing_conditions: ['water_sanitation'],
  children_seen_on_site: 'accompanying', children_access_control: false, childcare_available: 'no_childcare', children_care_duties: 'yes', children_schooling: 'some',
  imss_registration: 'unknown', minimum_wage: 'yes', wage_payment: 'cash_receipt', piece_rate_pay: 'family_unit',
  grievance_channel: true, grievance_languages: false, supervisor_training: true, supervisors_trained_pct: 40,
  stps_distintivo: 'none', previous_findings: false,
};

/** Two sections answered so far. */
const IN_PROGRESS_ANSWERS: Record<string, AnswerValue> = {
  site_type: 'company', youngest_worker_age: 'adult', seasonal_or_migrant_workers: false, on_site_housing: false,
  written_policy: true, policy_communication: ['posted', 'induction', 'contractors'], hazardous_tasks_identified: true,
};

/**
 * Sends the shipped questionnaire to the first demo suppliers: one reviewed (with red
 * flags, so scores show a floor), one in progress, one just sent. Runs after the
 * supplier demo step; without demo suppliers it does nothing.
 */
export const assessmentDemoStep: DemoStep = async (q, { companyId, ownerId }) => {
  // The owner connection bypasses RLS; app_org() still names the tenant for the shared queries.
  await q.query(`SELECT set_config('app.org_id', $1, true)`, [companyId]);
  const suppliers = await q.query<{ id: string; legal_name: string; contact_email: string | null; site_id: string | null }>(
    `SELECT s.id, s.legal_name, s.contact_email,
            (SELECT st.id FROM sites st WHERE st.organization_id = s.organization_id AND st.supplier_id = s.id ORDER BY st.name LIMIT 1) AS site_id
       FROM suppliers s WHERE s.organization_id = $1 AND s.status = 'active' ORDER BY s.tier, s.legal_name LIMIT 3`,
    [companyId],
  );
  if (suppliers.rows.length === 0) return;
  await ensureShippedTemplates(q);
  const shipped = latestShippedTemplate();
  const template = (await findTemplateVersion(q, shipped.key, shipped.version))!;
  const owner = (await q.query<{ name: string }>(`SELECT name FROM users WHERE id = $1`, [ownerId])).rows[0]?.name ?? 'demo';
  const plans: { status: 'reviewed' | 'in_progress' | 'sent'; answers: Record<string, AnswerValue>; dueIn: number }[] = [
    { status: 'reviewed', answers: REVIEWED_ANSWERS, dueIn: -5 },
    { status: 'in_progress', answers: IN_PROGRESS_ANSWERS, dueIn: 6 },
    { status: 'sent', answers: {}, dueIn: 20 },
  ];
  for (const [i, s] of suppliers.rows.entries()) {
    const plan = plans[i];
    const check = validateAnswers(shipped, plan.answers, plan.status === 'reviewed' ? 'submit' : 'draft');
    if (!check.valid) throw new Error(`demo answers invalid: ${JSON.stringify(check.errors)}`);
    const dueDate = addDays(dayOf(), plan.dueIn);
    const contactEmail = s.contact_email ?? `contacto${i + 1}@proveedor-demo.mx`;
    const id = await assessments.insertAssessment(q, {
      supplierId: s.id, siteId: s.site_id, templateId: template.id, templateKey: template.key, templateVersion: template.version,
      language: 'es-MX', contactEmail, dueDate, createdBy: ownerId,
    });
    await assessments.setPortalToken(q, id, { tokenHash: newToken().hash, expiresAt: portalExpiry(dueDate), dueDate, contactEmail });
    const event = (kind: string, from: string | null, to: string | null, byPortal = false, details: Record<string, unknown> = {}) => assessments.insertEvent(q, {
      assessmentId: id, kind, from, to, actorUserId: byPortal ? null : ownerId, actorLabel: byPortal ? PORTAL_ACTOR_LABEL : owner, details,
    });
    await event('created', null, 'draft');
    await assessments.setStatus(q, id, 'sent');
    await event('sent', 'draft', 'sent', false, { dueDate, contactEmail });
    if (plan.status === 'sent') continue;
    await assessments.replaceAnswers(q, id, plan.answers);
    await assessments.setStatus(q, id, 'in_progress');
    await event('started', 'sent', 'in_progress', true);
    if (plan.status === 'in_progress') continue;
    await assessments.setStatus(q, id, 'submitted');
    await event('submitted', 'in_progress', 'submitted', true);
    const evaluation = await reviewDemo(q, id, ownerId, plan.answers);
    await event('reviewed', 'submitted', 'reviewed', false, { controlsScore: evaluation.controlsScore, redFlags: evaluation.redFlags.map((f) => f.code) });
  }
};

async function reviewDemo(q: Queryable, id: string, ownerId: string, answers: Record<string, AnswerValue>) {
  await assessments.setComments(q, id, ownerId, {
    piece_rate_pay: 'El pago por familia incentiva que niñas y niños trabajen: acordar pago individual en el plan de remediación.',
    children_seen_on_site: 'Visita de verificación programada durante la cosecha.',
  });
  const evaluation = evaluateAssessment(latestShippedTemplate(), answers);
  await assessments.storeReview(q, id, {
    reviewedBy: ownerId, controlsScore: evaluation.controlsScore,
    redFlags: evaluation.redFlags.map(({ code, severity, questionId }) => ({ code, severity, questionId })), evaluation,
    conditions: workforceConditions(answers, evaluation.controls),
    evidence: { evidenceLevel: 'documents_reviewed', verifiedBy: null, verifiedOn: null, verifiedInHarvest: null },
  });
  return evaluation;
}
