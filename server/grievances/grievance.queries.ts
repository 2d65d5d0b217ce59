import type { Queryable } from '../db/types.ts';

export const GRIEVANCE_CATEGORIES = ['child_labour', 'hazardous_work', 'working_conditions', 'recruitment', 'housing_childcare', 'retaliation', 'other'] as const;
export type GrievanceCategory = (typeof GRIEVANCE_CATEGORIES)[number];
export const GRIEVANCE_OUTCOMES = ['substantiated', 'partly_substantiated', 'not_substantiated', 'referred', 'outside_scope'] as const;
export type GrievanceOutcome = (typeof GRIEVANCE_OUTCOMES)[number];
export type GrievanceStatus = 'received' | 'acknowledged' | 'closed';

export interface ReportRow {
  id: string;
  receipt: string;
  secret_hash: string;
  category: GrievanceCategory;
  site_id: string | null;
  site_name: string | null;
  supplier_id: string | null;
  municipality: string | null;
  place: string | null;
  description: string;
  contact: string | null;
  language: string;
  status: GrievanceStatus;
  received_on: string;
  acknowledge_due_on: string;
  feedback_due_on: string;
  acknowledged_on: string | null;
  feedback_on: string | null;
  closed_on: string | null;
  outcome: GrievanceOutcome | null;
  outcome_note: string | null;
  finding_id: string | null;
  case_id: string | null;
}

const DAY = (c: string) => `to_char(${c}, 'YYYY-MM-DD') AS ${c.split('.').pop()}`;

const REPORT_COLUMNS = `r.id, r.receipt, r.secret_hash, r.category, r.site_id, s.name AS site_name, s.supplier_id, t.name AS municipality,
  r.place, r.description, r.contact, r.language, r.status, ${DAY('r.received_on')}, ${DAY('r.acknowledge_due_on')},
  ${DAY('r.feedback_due_on')}, ${DAY('r.acknowledged_on')}, ${DAY('r.feedback_on')}, ${DAY('r.closed_on')},
  r.outcome, r.outcome_note, r.finding_id,
  (SELECT c.id FROM child_cases c WHERE c.organization_id = r.organization_id AND c.finding_id = r.finding_id ORDER BY c.created_at LIMIT 1) AS case_id`;
const REPORT_FROM = `grievance_reports r
  LEFT JOIN sites s ON s.organization_id = r.organization_id AND s.id = r.site_id
  LEFT JOIN territories t ON t.country = 'MX' AND t.level = 'municipality' AND t.code = s.territory_code`;

/** The organisation behind a public page (owner connection: the reporter has no tenant yet). */
export async function organizationBySlug(q: Queryable, slug: string) {
  return (await q.query<{ id: string; name: string; slug: string; kind: 'company' | 'consultancy' }>(
    `SELECT id, name, slug, kind FROM organizations WHERE slug = $1`, [slug],
  )).rows[0];
}

/** Active sites for the reporter's pick list, by municipality (names a worker knows). */
export async function siteChoices(q: Queryable) {
  return (await q.query<{ id: string; name: string; municipality: string | null; state: string | null }>(
    `SELECT s.id, s.name, t.name AS municipality, st.name AS state
       FROM sites s LEFT JOIN territories t ON t.country = 'MX' AND t.level = 'municipality' AND t.code = s.territory_code
       LEFT JOIN territories st ON st.country = 'MX' AND st.level = 'state' AND st.code = s.state_code
      WHERE s.status = 'active' ORDER BY st.name NULLS LAST, t.name NULLS LAST, s.name LIMIT 500`,
  )).rows;
}

export async function siteExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM sites WHERE id = $1 AND status = 'active'`, [id])).rowCount > 0;
}

export interface NewReport {
  receipt: string;
  secretHash: string;
  category: GrievanceCategory;
  siteId: string | null;
  place: string | null;
  description: string;
  contact: string | null;
  language: string;
  receivedOn: string;
  acknowledgeDueOn: string;
  feedbackDueOn: string;
}

/** Inserts unless the receipt is taken (then null: the caller draws another). */
export async function insertReport(q: Queryable, r: NewReport): Promise<string | null> {
  const res = await q.query<{ id: string }>(
    `INSERT INTO grievance_reports (organization_id, receipt, secret_hash, category, site_id, place, description, contact, language,
                                    received_on, acknowledge_due_on, feedback_due_on)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (organization_id, receipt) DO NOTHING RETURNING id`,
    [r.receipt, r.secretHash, r.category, r.siteId, r.place, r.description, r.contact, r.language, r.receivedOn, r.acknowledgeDueOn, r.feedbackDueOn],
  );
  return res.rows[0]?.id ?? null;
}

export async function getReport(q: Queryable, id: string, forUpdate = false): Promise<ReportRow | undefined> {
  return (await q.query<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE r.id = $1${forUpdate ? ' FOR UPDATE OF r' : ''}`, [id])).rows[0];
}

export async function reportByReceipt(q: Queryable, receipt: string, forUpdate = false): Promise<ReportRow | undefined> {
  return (await q.query<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE r.receipt = $1${forUpdate ? ' FOR UPDATE OF r' : ''}`, [receipt])).rows[0];
}

export async function listReports(q: Queryable, status?: GrievanceStatus) {
  return (await q.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE ($1::text IS NULL OR r.status = $1)
      ORDER BY (r.status = 'closed'), r.received_on DESC, r.receipt LIMIT 500`,
    [status ?? null],
  )).rows;
}

export interface MessageRow {
  id: string;
  author: 'reporter' | 'handler';
  body: string;
  created_on: string;
}

export async function insertMessage(q: Queryable, m: { reportId: string; author: 'reporter' | 'handler'; userId: string | null; body: string; on: string }) {
  await q.query(
    `INSERT INTO grievance_messages (organization_id, report_id, author, author_user_id, body, created_on) VALUES (app_org(), $1, $2, $3, $4, $5)`,
    [m.reportId, m.author, m.userId, m.body, m.on],
  );
}

export async function messages(q: Queryable, reportId: string): Promise<MessageRow[]> {
  return (await q.query<MessageRow>(
    `SELECT id, author, body, ${DAY('created_on')} FROM grievance_messages WHERE report_id = $1 ORDER BY seq`, [reportId],
  )).rows;
}

export async function insertAttachment(q: Queryable, a: { reportId: string; mime: string; content: Buffer }) {
  await q.query(
    `INSERT INTO grievance_attachments (organization_id, report_id, mime, size, content) VALUES (app_org(), $1, $2, $3, $4)`,
    [a.reportId, a.mime, a.content.length, a.content],
  );
}

export async function attachments(q: Queryable, reportId: string) {
  return (await q.query<{ id: string; mime: string; size: number }>(
    `SELECT id, mime, size FROM grievance_attachments WHERE report_id = $1 ORDER BY id`, [reportId],
  )).rows;
}

export async function attachment(q: Queryable, reportId: string, id: string) {
  return (await q.query<{ mime: string; content: Buffer }>(
    `SELECT mime, content FROM grievance_attachments WHERE report_id = $1 AND id = $2`, [reportId, id],
  )).rows[0];
}

export async function markAcknowledged(q: Queryable, id: string, on: string, feedbackDueOn: string) {
  await q.query(
    `UPDATE grievance_reports SET status = 'acknowledged', acknowledged_on = $2, feedback_due_on = $3 WHERE id = $1 AND status = 'received'`,
    [id, on, feedbackDueOn],
  );
}

export async function markFeedback(q: Queryable, id: string, on: string) {
  await q.query(`UPDATE grievance_reports SET feedback_on = coalesce(feedback_on, $2) WHERE id = $1`, [id, on]);
}

export async function linkFinding(q: Queryable, id: string, findingId: string) {
  await q.query(`UPDATE grievance_reports SET finding_id = $2 WHERE id = $1`, [id, findingId]);
}

export async function close(q: Queryable, id: string, c: { outcome: GrievanceOutcome; note: string; on: string }) {
  await q.query(
    `UPDATE grievance_reports SET status = 'closed', outcome = $2, outcome_note = $3, closed_on = $4, feedback_on = coalesce(feedback_on, $4),
            acknowledged_on = coalesce(acknowledged_on, $4) WHERE id = $1`,
    [id, c.outcome, c.note, c.on],
  );
}

export async function namedHandlers(q: Queryable) {
  return (await q.query<{ user_id: string; name: string; email: string; role: string }>(
    `SELECT h.user_id, u.name, u.email, m.role FROM grievance_handlers h JOIN users u ON u.id = h.user_id
       JOIN memberships m ON m.organization_id = h.organization_id AND m.user_id = h.user_id ORDER BY u.name`,
  )).rows;
}

export async function isNamedHandler(q: Queryable, userId: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM grievance_handlers WHERE user_id = $1`, [userId])).rowCount > 0;
}

export async function addHandler(q: Queryable, userId: string, by: string | null): Promise<boolean> {
  return (await q.query(`INSERT INTO grievance_handlers (organization_id, user_id, assigned_by) VALUES (app_org(), $1, $2) ON CONFLICT DO NOTHING`, [userId, by])).rowCount > 0;
}

export async function removeHandler(q: Queryable, userId: string): Promise<boolean> {
  return (await q.query(`DELETE FROM grievance_handlers WHERE user_id = $1`, [userId])).rowCount > 0;
}

export async function memberRole(q: Queryable, userId: string) {
  return (await q.query<{ role: string }>(`SELECT role FROM memberships WHERE user_id = $1 AND organization_id = app_org()`, [userId])).rows[0]?.role;
}
