import type { Queryable } from '../db/types.ts';

/** Follow-up reminders and retention: the SQL of the casework jobs (case-jobs.service.ts). */

/** Days before a 3- or 6-month follow-up is due that its reminder goes out. */
export const REMINDER_LEAD_DAYS = 7;
/** A visit this many days before the due date already counts (case.rules.ts MILESTONE_TOLERANCE_DAYS). */
const TOLERANCE = 14;

// Milestones of open cases that are due (or due within the lead time) with no visit recorded for them.
const DUE = `
  SELECT c.organization_id, c.id AS case_id, m.months, (c.identified_on + make_interval(months => m.months))::date AS due_on
    FROM child_cases c CROSS JOIN (VALUES (3), (6)) AS m(months)
   WHERE c.status <> 'closed'
     AND (c.identified_on + make_interval(months => m.months))::date - ${REMINDER_LEAD_DAYS} <= $1::date
     AND NOT EXISTS (SELECT 1 FROM case_followups f WHERE f.organization_id = c.organization_id AND f.case_id = c.id
                       AND f.visit_date >= (c.identified_on + make_interval(months => m.months))::date - ${TOLERANCE})
     AND NOT EXISTS (SELECT 1 FROM case_reminders r WHERE r.organization_id = c.organization_id AND r.case_id = c.id
                       AND r.milestone_months = m.months)`;

/** Organisations with a reminder to send and no reminder job waiting (owner connection: crosses tenants). */
export async function organizationsWithDueReminders(q: Queryable, today: string, kind: string) {
  return (await q.query<{ organization_id: string; name: string; kind: 'company' | 'consultancy' }>(
    `SELECT DISTINCT o.id AS organization_id, o.name, o.kind FROM (${DUE}) d JOIN organizations o ON o.id = d.organization_id
      WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.organization_id = d.organization_id AND j.kind = $2 AND j.status IN ('queued', 'running'))`,
    [today, kind],
  )).rows;
}

export interface ClaimedReminder {
  case_id: string;
  milestone_months: number;
  due_on: string;
  site_name: string;
  identified_on: string;
}

/**
 * Records the due reminders as sent and returns them. The primary key (case, milestone)
 * with ON CONFLICT DO NOTHING is what makes each reminder go out once, even with two workers.
 */
export async function claimReminders(q: Queryable, today: string): Promise<ClaimedReminder[]> {
  return (await q.query<ClaimedReminder>(
    `WITH due AS (${DUE}),
     claimed AS (
       INSERT INTO case_reminders (organization_id, case_id, milestone_months, due_on)
       SELECT organization_id, case_id, months, due_on FROM due
       ON CONFLICT DO NOTHING RETURNING case_id, milestone_months, due_on)
     SELECT cl.case_id, cl.milestone_months, to_char(cl.due_on, 'YYYY-MM-DD') AS due_on, st.name AS site_name,
            to_char(c.identified_on, 'YYYY-MM-DD') AS identified_on
       FROM claimed cl JOIN child_cases c ON c.id = cl.case_id
       JOIN sites st ON st.organization_id = c.organization_id AND st.id = c.site_id
      ORDER BY cl.due_on, cl.case_id`,
    [today],
  )).rows;
}

/** The case workers to remind, with their language. */
export async function reminderRecipients(q: Queryable, caseIds: string[]) {
  return (await q.query<{ case_id: string; email: string; locale: string | null }>(
    `SELECT a.case_id, u.email, u.locale FROM case_assignments a JOIN users u ON u.id = a.user_id WHERE a.case_id = ANY($1::uuid[])`,
    [caseIds],
  )).rows;
}

/** Gives a reminder back when its e-mail could not be sent, so the next run retries. */
export async function unclaimReminder(q: Queryable, caseId: string, months: number) {
  await q.query(`DELETE FROM case_reminders WHERE case_id = $1 AND milestone_months = $2`, [caseId, months]);
}

// Closed cases past the organisation's retention period, details not yet removed.
const EXPIRED = `
  SELECT c.organization_id, c.id FROM child_cases c
    LEFT JOIN casework_settings s ON s.organization_id = c.organization_id
   WHERE c.status = 'closed' AND c.anonymised_at IS NULL
     AND c.closed_at < $1::timestamptz - make_interval(months => coalesce(s.retention_months, 36))`;

export async function organizationsWithExpiredCases(q: Queryable, now: Date, kind: string) {
  return (await q.query<{ organization_id: string; name: string; kind: 'company' | 'consultancy' }>(
    `SELECT DISTINCT o.id AS organization_id, o.name, o.kind FROM (${EXPIRED}) e JOIN organizations o ON o.id = e.organization_id
      WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.organization_id = e.organization_id AND j.kind = $2 AND j.status IN ('queued', 'running'))`,
    [now, kind],
  )).rows;
}

/**
 * Anonymises one organisation's expired cases (owner connection: follow-ups and
 * amendments are append-only for the application). Free text and the sensitive fields go;
 * age, sex, situation, dates and outcome stay for the aggregated indicators.
 */
export async function anonymiseExpiredCases(q: Queryable, orgId: string, now: Date): Promise<string[]> {
  const ids = (await q.query<{ id: string }>(`${EXPIRED} AND c.organization_id = $2 FOR UPDATE OF c`, [now, orgId])).rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const args = [orgId, ids];
  await q.query(`DELETE FROM case_followup_amendments WHERE organization_id = $1 AND case_id = ANY($2::uuid[])`, args);
  await q.query(`UPDATE case_followups SET notes = NULL WHERE organization_id = $1 AND case_id = ANY($2::uuid[])`, args);
  await q.query(`UPDATE case_referrals SET out_of_area_reason = NULL WHERE organization_id = $1 AND case_id = ANY($2::uuid[])`, args);
  await q.query(
    `UPDATE child_cases SET notes = NULL, closure_note = NULL, protection_measure = CASE WHEN protection_on IS NULL THEN NULL ELSE '' END,
            indigenous = NULL, migrant = NULL, afro_descendant = NULL, household_chores = NULL, sensitive_consent_on = NULL, anonymised_at = now(), updated_at = now()
      WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
    args,
  );
  return ids;
}
