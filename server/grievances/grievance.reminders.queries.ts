import type { Queryable } from '../db/types.ts';

/** Days before the 7-day acknowledgment deadline that handlers are reminded. */
export const ACKNOWLEDGE_LEAD_DAYS = 2;
/** Days before the 3-month feedback deadline that handlers are reminded. */
export const FEEDBACK_LEAD_DAYS = 14;

// Deadlines near or past with nothing done and no reminder sent yet.
const DUE = `
  SELECT r.organization_id, r.id AS report_id, d.deadline, d.due_on
    FROM grievance_reports r
   CROSS JOIN LATERAL (VALUES ('acknowledge', r.acknowledge_due_on, r.status = 'received', ${ACKNOWLEDGE_LEAD_DAYS}),
                              ('feedback', r.feedback_due_on, r.status <> 'closed' AND r.feedback_on IS NULL, ${FEEDBACK_LEAD_DAYS}))
        AS d(deadline, due_on, pending, lead)
   WHERE d.pending AND d.due_on - d.lead <= $1::date
     AND NOT EXISTS (SELECT 1 FROM grievance_reminders m WHERE m.organization_id = r.organization_id AND m.report_id = r.id AND m.deadline = d.deadline)`;

/** Organisations with a reminder to send and no reminder job waiting (owner connection). */
export async function organizationsWithDueReminders(q: Queryable, today: string, kind: string) {
  return (await q.query<{ organization_id: string; name: string; kind: 'company' | 'consultancy' }>(
    `SELECT DISTINCT o.id AS organization_id, o.name, o.kind FROM (${DUE}) d JOIN organizations o ON o.id = d.organization_id
      WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.organization_id = d.organization_id AND j.kind = $2 AND j.status IN ('queued', 'running'))`,
    [today, kind],
  )).rows;
}

export interface ClaimedReminder {
  report_id: string;
  receipt: string;
  deadline: 'acknowledge' | 'feedback';
  due_on: string;
}

/** Records due reminders as sent and returns them; the primary key makes each one-off. */
export async function claimReminders(q: Queryable, today: string): Promise<ClaimedReminder[]> {
  return (await q.query<ClaimedReminder>(
    `WITH due AS (${DUE}),
     claimed AS (
       INSERT INTO grievance_reminders (organization_id, report_id, deadline, due_on)
       SELECT organization_id, report_id, deadline, due_on FROM due
       ON CONFLICT DO NOTHING RETURNING report_id, deadline, due_on)
     SELECT c.report_id, r.receipt, c.deadline, to_char(c.due_on, 'YYYY-MM-DD') AS due_on
       FROM claimed c JOIN grievance_reports r ON r.id = c.report_id ORDER BY c.due_on, r.receipt`,
    [today],
  )).rows;
}

/** Owners and admins (current members) and the named handlers, each once. */
export async function handlerRecipients(q: Queryable) {
  return (await q.query<{ email: string; locale: string | null }>(
    `SELECT DISTINCT u.email, u.locale FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.organization_id = app_org() AND (m.expires_at IS NULL OR m.expires_at > now())
        AND (m.role IN ('owner', 'admin')
             OR (m.role = 'analyst' AND EXISTS (SELECT 1 FROM grievance_handlers h WHERE h.user_id = m.user_id)))
      ORDER BY u.email`,
  )).rows;
}

export async function unclaimReminder(q: Queryable, reportId: string, deadline: string) {
  await q.query(`DELETE FROM grievance_reminders WHERE report_id = $1 AND deadline = $2`, [reportId, deadline]);
}
