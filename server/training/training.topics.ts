/** The topic catalogue (issue 13; seeds 002 and 004). Labels are i18n keys `training.topics.<id>`. */
export const TRAINING_TOPICS = [
  'child_labour_law',
  'hazardous_work_minors',
  'age_verification',
  'responsible_recruitment',
  'stps_distintivos',
  'protection_pathway',
] as const;
export type TrainingTopic = (typeof TRAINING_TOPICS)[number];

/**
 * Topics that match the questionnaire's supervisor-training control ("training on the
 * prohibition of child labour and on the tasks prohibited for adolescents").
 */
export const SUPERVISOR_CONTROL_TOPICS: ReadonlySet<string> = new Set(['child_labour_law', 'hazardous_work_minors']);

/** Attendance by role and by sex: counts only, never names. */
export const ATTENDANCE_ROLES = ['managers', 'supervisors', 'workers', 'recruiters'] as const;
export const ATTENDANCE_SEXES = ['attendeesWomen', 'attendeesMen', 'attendeesOther'] as const;
