import type { AnswerValue } from '../../server/questionnaires/conditions.ts';

/**
 * Questionnaire v2 answers of a company with every control in place, adolescents aged 15
 * at work, migrant families on site, contractors, subcontracting, housing and a
 * distintivo: every hired-labour question is visible and answered.
 */
export function exemplaryV2(): Record<string, AnswerValue> {
  return {
    site_type: 'company',
    youngest_worker_age: 'age_15',
    seasonal_or_migrant_workers: true,
    families_accompany: 'usually',
    on_site_housing: true,
    written_policy: true,
    policy_communication: ['posted', 'induction', 'contractors'],
    policy_document: ['ev-policy'],
    hazardous_tasks_identified: true,
    remediation_procedure: 'written',
    age_verification_at_hiring: true,
    age_verification_docs: ['curp', 'birth_certificate'],
    age_records_kept: 'all',
    age_verification_procedure: ['ev-procedure'],
    hr_trained_age_docs: true,
    young_worker_register: true,
    young_worker_medical_certificate: 'all',
    parental_authorisation: 'yes',
    young_worker_overtime: 'no',
    young_worker_night_work: 'no',
    young_worker_rest_days: 'no',
    under16_daily_hours: 'yes',
    young_worker_school_schedule: 'yes',
    young_worker_hazardous_tasks: 'no',
    young_worker_schooling: 'all',
    uses_labour_contractors: true,
    contractor_age_verification: 'yes',
    recruiters_registered: 'registered',
    recruiters_trained: 'yes',
    recruitment_fees: 'no',
    identity_documents_retained: 'no',
    written_terms: 'all',
    subcontracting: true,
    subcontractor_monitoring: 'visits',
    migrant_documents: 'supported',
    housing_conditions: ['family_rooms', 'water_sanitation', 'agrochemicals_away', 'child_safe_space'],
    children_seen_on_site: 'never',
    children_access_control: true,
    childcare_available: 'on_site_childcare',
    children_care_duties: 'no',
    children_schooling: 'all',
    imss_registration: 'all',
    minimum_wage: 'yes',
    wage_payment: 'bank',
    piece_rate_pay: 'individual',
    grievance_channel: true,
    grievance_languages: true,
    supervisor_training: true,
    supervisors_trained_pct: 100,
    stps_distintivo: 'dealti',
    distintivo_year: 2025,
    distintivo_document: ['ev-distintivo'],
    previous_findings: true,
    findings_remediation: 'remediated',
    remediation_evidence: ['ev-remediation'],
  };
}

/** A family plot worked by the family alone, children helping with light tasks, in school. */
export function familyFarmV2(): Record<string, AnswerValue> {
  return {
    site_type: 'family_farm_only',
    family_children_help: 'yes',
    family_children_tasks: ['light'],
    family_children_school: 'yes',
    hazardous_tasks_identified: true,
    previous_findings: false,
  };
}
