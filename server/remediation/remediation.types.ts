/** The closed vocabularies of remediation, as stored (CHECK constraints in 008_remediation.sql). */
export const FINDING_SOURCES = ['red_flag', 'reviewer', 'audit', 'field_report', 'grievance'] as const;
export const FINDING_CATEGORIES = ['child_labour_under_15', 'hazardous_under_18', 'adolescent_without_protections', 'missing_controls'] as const;
export const FINDING_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const FINDING_STATUSES = ['open', 'in_remediation', 'closed'] as const;
export const OWNER_KINDS = ['company', 'supplier', 'consultancy'] as const;
export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'verified', 'cancelled'] as const;
export const SERVICE_KINDS = [
  'school', 'dif', 'health', 'employment', 'other', 'procuraduria_proteccion', 'sipinna', 'inea', 'conafe',
  'childcare_imss', 'labour_inspection', 'fiscalia', 'migrant_protection',
] as const;
export const SEXES = ['female', 'male', 'other', 'undisclosed'] as const;
export const SITUATIONS = ['under_minimum_age', 'hazardous_work', 'permitted_without_protections', 'at_risk'] as const;
export const CASE_STATUSES = ['open', 'referred', 'in_follow_up', 'closed'] as const;
/**
 * How a case ended. Only the first three are good outcomes: removal from work counts as
 * success when the child is in school or protected (docs/casework.md).
 */
export const CLOSURE_REASONS = [
  'enrolled_in_school', 'under_protection', 'age_appropriate_work', 'withdrawn_without_alternative', 'lost_to_follow_up', 'other',
] as const;
export const GOOD_OUTCOMES = ['enrolled_in_school', 'under_protection', 'age_appropriate_work'] as const;
export const REFERRAL_OUTCOMES = ['pending', 'attended', 'not_attended', 'declined'] as const;

export type FindingSource = (typeof FINDING_SOURCES)[number];
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export type OwnerKind = (typeof OWNER_KINDS)[number];
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export type Sex = (typeof SEXES)[number];
export type Situation = (typeof SITUATIONS)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type ClosureReason = (typeof CLOSURE_REASONS)[number];
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];
