import type { FindingCategory, FindingSeverity } from './remediation.types.ts';

export interface FindingClass {
  category: FindingCategory;
  severity: FindingSeverity;
}

/**
 * How each red flag of the default questionnaire becomes a finding. The category follows
 * Mexican law (clrisk.md): work under 15 is child labour; hazardous work is prohibited
 * under 18; 15–17 may work with protections. Choices beyond the obvious ones:
 * - piece_rate_family_pay → missing_controls, high: paying a family by the piece is the
 *   classic pull on children to "help"; it is a control gap, not yet a child found working.
 * - children_in_work_areas → missing_controls, high: children present but not seen working
 *   call for childcare/exclusion controls; children_working_on_site is the critical one.
 * - unremediated_findings → missing_controls, high: past findings left open show the
 *   remediation system itself is missing.
 * Questionnaire v2 (docs/questionnaire.md has the legal basis of each):
 * - breaches of an adolescent's protections (LFT 22, 22 Bis, 174, 175, 177, 178) and not
 *   knowing an under-18's tasks → adolescent_without_protections, high;
 * - a "don't know" on the youngest age, contractors or families' children, and the
 *   recruitment and childcare gaps → missing_controls, high: no child is yet found working.
 */
export const RED_FLAG_FINDINGS: Record<string, FindingClass> = {
  under15_employed: { category: 'child_labour_under_15', severity: 'critical' },
  children_working_on_site: { category: 'child_labour_under_15', severity: 'critical' },
  under18_hazardous_tasks: { category: 'hazardous_under_18', severity: 'critical' },
  young_worker_no_medical_certificate: { category: 'adolescent_without_protections', severity: 'high' },
  young_worker_hours_exceeded: { category: 'adolescent_without_protections', severity: 'high' },
  no_age_verification: { category: 'missing_controls', severity: 'high' },
  piece_rate_family_pay: { category: 'missing_controls', severity: 'high' },
  children_in_work_areas: { category: 'missing_controls', severity: 'high' },
  unremediated_findings: { category: 'missing_controls', severity: 'high' },
  young_worker_no_parental_authorisation: { category: 'adolescent_without_protections', severity: 'high' },
  young_worker_no_basic_education: { category: 'adolescent_without_protections', severity: 'high' },
  young_worker_night_work: { category: 'adolescent_without_protections', severity: 'high' },
  young_worker_tasks_unknown: { category: 'adolescent_without_protections', severity: 'high' },
  youngest_age_unknown: { category: 'missing_controls', severity: 'high' },
  contractor_no_age_verification: { category: 'missing_controls', severity: 'high' },
  subcontractors_unchecked: { category: 'missing_controls', severity: 'high' },
  families_on_site_no_childcare: { category: 'missing_controls', severity: 'high' },
  children_out_of_school: { category: 'missing_controls', severity: 'high' },
  children_domestic_care_duties: { category: 'missing_controls', severity: 'high' },
  family_child_work_unknown: { category: 'missing_controls', severity: 'high' },
  remediation_by_dismissal: { category: 'missing_controls', severity: 'high' },
  recruitment_fees_charged: { category: 'missing_controls', severity: 'high' },
  identity_documents_retained: { category: 'missing_controls', severity: 'high' },
};

/**
 * Class of a finding raised from a red flag. Codes of imported templates that this table
 * does not know become missing_controls with the flag's own severity, so nothing raised
 * is dropped and a reviewer can re-classify.
 */
export function classifyRedFlag(code: string, flagSeverity: string): FindingClass {
  const known = RED_FLAG_FINDINGS[code];
  if (known) return known;
  return { category: 'missing_controls', severity: flagSeverity === 'critical' ? 'critical' : 'high' };
}
