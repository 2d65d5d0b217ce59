import type { AnswerValue } from '../questionnaires/conditions.ts';

/**
 * The STPS distintivos' requirements as Vigía can evidence them (docs/distintivos.md).
 * `basis` says where each requirement comes from: 'guideline' = stated in the official
 * source we hold (its summary), 'law' = the Federal Labour Law the scheme presupposes,
 * 'vigia' = Vigía's reading of what evidences the guideline, named as such on the page.
 * The full text of the DEALTI guidelines (DOF 23/07/2018) and of the MEXSTI rules is not
 * in our sources: no requirement here quotes them.
 */

export type Scheme = 'dealti' | 'mexsti';
export const SCHEMES: readonly Scheme[] = ['dealti', 'mexsti'];

export type Check =
  /** A questionnaire answer (by question id, any template that has it) among accepted values. */
  | { kind: 'answer'; questionId: string; accept: readonly AnswerValue[]; naWhen?: { questionId: string; values: readonly AnswerValue[] } }
  /** A file attached to a file question of the assessment. */
  | { kind: 'document'; questionId: string }
  /** A training session at the site or its supplier in the last 12 months on one of the topics. */
  | { kind: 'training'; topics: readonly string[]; verified: boolean }
  /** No open finding of child labour (under 15 or hazardous under 18) and no open child case at the site. */
  | { kind: 'noOpenChildLabour' }
  /** Every open finding at the site has a remediation plan. */
  | { kind: 'remediation' }
  /** Nothing in Vigía evidences it: named as a gap for the applicant to bring. */
  | { kind: 'external'; key: string };

export interface Requirement {
  id: string;
  scheme: Scheme;
  basis: 'guideline' | 'law' | 'vigia';
  /** Source ids of clrisk-sources.md. */
  sources: readonly string[];
  checks: readonly Check[];
}

const FAMILIES_NEVER = { questionId: 'families_accompany', values: ['never'] } as const;
const NO_CHILD_WORK: readonly Check[] = [
  { kind: 'noOpenChildLabour' },
  { kind: 'answer', questionId: 'children_seen_on_site', accept: ['never', 'accompanying'] },
];

export const REQUIREMENTS: readonly Requirement[] = [
  // DEALTI — agricultural workplaces (DOF 23/07/2018, summarised in [S49][S79][S95]).
  { id: 'dealti_policy', scheme: 'dealti', basis: 'guideline', sources: ['S79', 'S49'], checks: [
    { kind: 'answer', questionId: 'written_policy', accept: [true] },
    { kind: 'document', questionId: 'policy_document' },
    { kind: 'answer', questionId: 'hazardous_tasks_identified', accept: [true] },
  ] },
  { id: 'dealti_childcare', scheme: 'dealti', basis: 'guideline', sources: ['S79', 'S49'], checks: [
    { kind: 'answer', questionId: 'childcare_available', accept: ['on_site_childcare', 'nearby_childcare'], naWhen: FAMILIES_NEVER },
    { kind: 'answer', questionId: 'children_access_control', accept: [true] },
  ] },
  { id: 'dealti_schooling', scheme: 'dealti', basis: 'guideline', sources: ['S79', 'S49'], checks: [
    { kind: 'answer', questionId: 'children_schooling', accept: ['all'], naWhen: FAMILIES_NEVER },
    { kind: 'answer', questionId: 'young_worker_schooling', accept: ['all'] },
  ] },
  { id: 'dealti_health', scheme: 'dealti', basis: 'guideline', sources: ['S79'], checks: [
    { kind: 'external', key: 'health' },
  ] },
  { id: 'dealti_no_child_labour', scheme: 'dealti', basis: 'law', sources: ['S59', 'S64'], checks: [
    ...NO_CHILD_WORK,
    { kind: 'answer', questionId: 'age_verification_at_hiring', accept: [true] },
    { kind: 'answer', questionId: 'young_worker_hazardous_tasks', accept: [false, 'no'] },
  ] },
  { id: 'dealti_training', scheme: 'dealti', basis: 'vigia', sources: ['S79'], checks: [
    { kind: 'training', topics: ['child_labour_law', 'hazardous_work_minors', 'stps_distintivos'], verified: true },
  ] },
  { id: 'dealti_remediation', scheme: 'dealti', basis: 'vigia', sources: ['S79'], checks: [
    { kind: 'remediation' },
    { kind: 'answer', questionId: 'remediation_procedure', accept: ['written'] },
  ] },

  // MEXSTI — other sectors; five components (STPS boletín 1004, 19 Sep 2017).
  { id: 'mexsti_policy', scheme: 'mexsti', basis: 'guideline', sources: ['STPS-1004'], checks: [
    { kind: 'answer', questionId: 'written_policy', accept: [true] },
    { kind: 'document', questionId: 'policy_document' },
    { kind: 'answer', questionId: 'age_verification_at_hiring', accept: [true] },
    ...NO_CHILD_WORK,
  ] },
  { id: 'mexsti_children_rights', scheme: 'mexsti', basis: 'guideline', sources: ['STPS-1004'], checks: [
    { kind: 'answer', questionId: 'young_worker_register', accept: [true] },
    { kind: 'answer', questionId: 'young_worker_hazardous_tasks', accept: [false, 'no'] },
    { kind: 'answer', questionId: 'childcare_available', accept: ['on_site_childcare', 'nearby_childcare'], naWhen: FAMILIES_NEVER },
  ] },
  { id: 'mexsti_value_chain', scheme: 'mexsti', basis: 'guideline', sources: ['STPS-1004'], checks: [
    { kind: 'answer', questionId: 'contractor_age_verification', accept: [true, 'yes'], naWhen: { questionId: 'uses_labour_contractors', values: [false] } },
    { kind: 'answer', questionId: 'subcontractor_monitoring', accept: ['visits', 'contract_clause'], naWhen: { questionId: 'subcontracting', values: [false] } },
    { kind: 'training', topics: ['responsible_recruitment', 'age_verification'], verified: false },
  ] },
  { id: 'mexsti_community', scheme: 'mexsti', basis: 'guideline', sources: ['STPS-1004'], checks: [
    { kind: 'external', key: 'community' },
  ] },
  { id: 'mexsti_decent_work', scheme: 'mexsti', basis: 'guideline', sources: ['STPS-1004'], checks: [
    { kind: 'answer', questionId: 'grievance_channel', accept: [true] },
    { kind: 'answer', questionId: 'supervisor_training', accept: [true] },
    { kind: 'remediation' },
  ] },
];

/** DEALTI is for agricultural workplaces (SCIAN sector 11); MEXSTI for the others. */
export function schemeFor(scianCode: string | null): Scheme | null {
  if (!scianCode) return null;
  return scianCode.startsWith('11') ? 'dealti' : 'mexsti';
}
