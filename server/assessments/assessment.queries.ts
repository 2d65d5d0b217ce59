import type { Queryable } from '../db/types.ts';
import type { AnswerValue } from '../questionnaires/conditions.ts';

export type AssessmentStatus = 'draft' | 'sent' | 'in_progress' | 'submitted' | 'returned' | 'reviewed';
export const ASSESSMENT_STATUSES: AssessmentStatus[] = ['draft', 'sent', 'in_progress', 'submitted', 'returned', 'reviewed'];
/** Statuses in which the supplier is expected to answer (reminders, overdue, portal open). */
export const OPEN_STATUSES: AssessmentStatus[] = ['sent', 'in_progress', 'returned'];

export interface AssessmentRow {
  id: string;
  organization_id: string;
  supplier_id: string;
  supplier_name: string;
  site_id: string | null;
  site_name: string | null;
  template_id: string;
  template_key: string;
  template_version: number;
  template_title_es: string;
  template_title_en: string;
  status: AssessmentStatus;
  language: 'es-MX' | 'en';
  contact_email: string | null;
  /** YYYY-MM-DD */
  due_date: string | null;
  has_token: boolean;
  token_expires_at: Date | null;
  token_revoked_at: Date | null;
  sent_at: Date | null;
  started_at: Date | null;
  submitted_at: Date | null;
  returned_at: Date | null;
  reviewed_at: Date | null;
  reviewed_by_name: string | null;
  controls_score: string | null;
  evidence_level: string | null;
  verified_by: string | null;
  verified_on: string | null;
  verified_in_harvest: boolean | null;
  created_at: Date;
}

const SELECT = `
  SELECT a.id, a.organization_id, a.supplier_id, s.legal_name AS supplier_name, a.site_id, st.name AS site_name,
         a.template_id, a.template_key, a.template_version, t.title_es AS template_title_es, t.title_en AS template_title_en,
         a.status, a.language, a.contact_email, to_char(a.due_date, 'YYYY-MM-DD') AS due_date,
         (a.portal_token_hash IS NOT NULL) AS has_token, a.token_expires_at, a.token_revoked_at,
         a.sent_at, a.started_at, a.submitted_at, a.returned_at, a.reviewed_at, u.name AS reviewed_by_name,
         a.controls_score::text AS controls_score, a.evidence_level, a.verified_by,
         to_char(a.verified_on, 'YYYY-MM-DD') AS verified_on, a.verified_in_harvest, a.created_at
    FROM assessments a
    JOIN suppliers s ON s.organization_id = a.organization_id AND s.id = a.supplier_id
    JOIN questionnaire_templates t ON t.organization_id = a.organization_id AND t.id = a.template_id
    LEFT JOIN sites st ON st.organization_id = a.organization_id AND st.id = a.site_id
    LEFT JOIN users u ON u.id = a.reviewed_by`;

export async function insertAssessment(
  q: Queryable,
  a: { supplierId: string; siteId: string | null; templateId: string; templateKey: string; templateVersion: number;
    language: string; contactEmail: string; dueDate: string; createdBy: string | null },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO assessments (organization_id, supplier_id, site_id, template_id, template_key, template_version, language, contact_email, due_date, created_by)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [a.supplierId, a.siteId, a.templateId, a.templateKey, a.templateVersion, a.language, a.contactEmail, a.dueDate, a.createdBy],
  );
  return r.rows[0].id;
}

export async function getAssessment(q: Queryable, id: string, forUpdate = false): Promise<AssessmentRow | undefined> {
  const r = await q.query<AssessmentRow>(`${SELECT} WHERE a.id = $1${forUpdate ? ' FOR UPDATE OF a' : ''}`, [id]);
  return r.rows[0];
}

export interface ListFilter {
  status?: AssessmentStatus;
  supplierId?: string;
  /** Only open assessments whose due date is before this day (YYYY-MM-DD). */
  overdueBefore?: string;
  limit: number;
  offset: number;
}

export async function listAssessments(q: Queryable, f: ListFilter): Promise<{ rows: AssessmentRow[]; total: number }> {
  const where = `WHERE ($1::text IS NULL OR a.status = $1) AND ($2::uuid IS NULL OR a.supplier_id = $2)
      AND ($3::date IS NULL OR (a.due_date < $3::date AND a.status = ANY($4::text[])))`;
  const params = [f.status ?? null, f.supplierId ?? null, f.overdueBefore ?? null, OPEN_STATUSES];
  const rows = await q.query<AssessmentRow>(
    `${SELECT} ${where} ORDER BY a.due_date NULLS LAST, s.legal_name, a.created_at DESC LIMIT $5 OFFSET $6`,
    [...params, f.limit, f.offset],
  );
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM assessments a ${where}`, params);
  return { rows: rows.rows, total: total.rows[0].n };
}

/** Sets or replaces the portal link; the previous link stops working. */
export async function setPortalToken(q: Queryable, id: string, t: { tokenHash: string; expiresAt: Date; dueDate: string; contactEmail: string }) {
  await q.query(
    `UPDATE assessments SET portal_token_hash = $2, token_expires_at = $3, token_revoked_at = NULL, due_date = $4, contact_email = $5, updated_at = now()
      WHERE id = $1`,
    [id, t.tokenHash, t.expiresAt, t.dueDate, t.contactEmail],
  );
}

export async function revokePortalToken(q: Queryable, id: string) {
  await q.query(`UPDATE assessments SET token_revoked_at = now(), updated_at = now() WHERE id = $1`, [id]);
}

/** Moves to a status and stamps the matching timestamp column. */
export async function setStatus(q: Queryable, id: string, status: AssessmentStatus) {
  const stamp: Partial<Record<AssessmentStatus, string>> = {
    sent: 'sent_at', in_progress: 'started_at', submitted: 'submitted_at', returned: 'returned_at',
  };
  const column = stamp[status];
  // started_at keeps the first start; the others record the latest time.
  const set = column ? `, ${column} = ${column === 'started_at' ? 'coalesce(started_at, now())' : 'now()'}` : '';
  await q.query(`UPDATE assessments SET status = $2, updated_at = now()${set} WHERE id = $1`, [id, status]);
}

export async function storeReview(
  q: Queryable,
  id: string,
  r: {
    reviewedBy: string | null; controlsScore: number; redFlags: unknown; evaluation: unknown; conditions: unknown;
    evidence: { evidenceLevel: string; verifiedBy: string | null; verifiedOn: string | null; verifiedInHarvest: boolean | null };
  },
) {
  await q.query(
    `UPDATE assessments SET status = 'reviewed', reviewed_at = now(), reviewed_by = $2, controls_score = $3, red_flags = $4, evaluation = $5,
            conditions = $6, evidence_level = $7, verified_by = $8, verified_on = $9, verified_in_harvest = $10, updated_at = now()
      WHERE id = $1`,
    [id, r.reviewedBy, r.controlsScore, JSON.stringify(r.redFlags), JSON.stringify(r.evaluation), JSON.stringify(r.conditions),
      r.evidence.evidenceLevel, r.evidence.verifiedBy, r.evidence.verifiedOn, r.evidence.verifiedInHarvest],
  );
}

export interface AnswerRow {
  question_id: string;
  answer: AnswerValue | null;
  reviewer_comment: string | null;
  commented_at: Date | null;
}

export async function getAnswers(q: Queryable, assessmentId: string): Promise<AnswerRow[]> {
  const r = await q.query<AnswerRow>(
    `SELECT question_id, answer, reviewer_comment, commented_at FROM assessment_answers WHERE assessment_id = $1`,
    [assessmentId],
  );
  return r.rows;
}

/** The stored answers become exactly `answers`; reviewer comments on other questions are kept. */
export async function replaceAnswers(q: Queryable, assessmentId: string, answers: Record<string, AnswerValue>) {
  const ids = Object.keys(answers);
  await q.query(
    `UPDATE assessment_answers SET answer = NULL, updated_at = now() WHERE assessment_id = $1 AND answer IS NOT NULL AND NOT (question_id = ANY($2::text[]))`,
    [assessmentId, ids],
  );
  await q.query(`DELETE FROM assessment_answers WHERE assessment_id = $1 AND answer IS NULL AND reviewer_comment IS NULL`, [assessmentId]);
  for (const [questionId, value] of Object.entries(answers)) {
    await q.query(
      `INSERT INTO assessment_answers (organization_id, assessment_id, question_id, answer) VALUES (app_org(), $1, $2, $3)
       ON CONFLICT (organization_id, assessment_id, question_id) DO UPDATE SET answer = EXCLUDED.answer, updated_at = now()
       WHERE assessment_answers.answer IS DISTINCT FROM EXCLUDED.answer`,
      [assessmentId, questionId, JSON.stringify(value)],
    );
  }
}

/** Sets (or clears, with an empty text) the reviewer's comment on each question given. */
export async function setComments(q: Queryable, assessmentId: string, userId: string | null, comments: Record<string, string>) {
  for (const [questionId, text] of Object.entries(comments)) {
    await q.query(
      `INSERT INTO assessment_answers (organization_id, assessment_id, question_id, reviewer_comment, commented_by, commented_at)
       VALUES (app_org(), $1, $2, nullif($3, ''), $4, now())
       ON CONFLICT (organization_id, assessment_id, question_id) DO UPDATE
         SET reviewer_comment = nullif($3, ''), commented_by = $4, commented_at = now()`,
      [assessmentId, questionId, text, userId],
    );
  }
  await q.query(`DELETE FROM assessment_answers WHERE assessment_id = $1 AND answer IS NULL AND reviewer_comment IS NULL`, [assessmentId]);
}

export interface EventRow {
  id: string;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  actor_user_id: string | null;
  actor_label: string;
  details: Record<string, unknown>;
  created_at: Date;
}

export async function insertEvent(
  q: Queryable,
  e: { assessmentId: string; kind: string; from?: string | null; to?: string | null; actorUserId: string | null; actorLabel: string; details?: Record<string, unknown> },
) {
  await q.query(
    `INSERT INTO assessment_events (organization_id, assessment_id, kind, from_status, to_status, actor_user_id, actor_label, details)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7)`,
    [e.assessmentId, e.kind, e.from ?? null, e.to ?? null, e.actorUserId, e.actorLabel, JSON.stringify(e.details ?? {})],
  );
}

export async function listEvents(q: Queryable, assessmentId: string): Promise<EventRow[]> {
  const r = await q.query<EventRow>(
    `SELECT id, kind, from_status, to_status, actor_user_id, actor_label, details, created_at
       FROM assessment_events WHERE assessment_id = $1 ORDER BY created_at, id`,
    [assessmentId],
  );
  return r.rows;
}

/** Portal look-up crosses tenants (the link names nothing else): Database.admin only. */
export async function findByTokenHash(q: Queryable, tokenHash: string) {
  const r = await q.query<{ organization_id: string; id: string; org_name: string; org_slug: string; status: AssessmentStatus; language: string; token_expires_at: Date; token_revoked_at: Date | null }>(
    `SELECT a.organization_id, a.id, o.name AS org_name, o.slug AS org_slug, a.status, a.language, a.token_expires_at, a.token_revoked_at
       FROM assessments a JOIN organizations o ON o.id = a.organization_id WHERE a.portal_token_hash = $1`,
    [tokenHash],
  );
  return r.rows[0];
}

export interface SupplierOption {
  id: string;
  legal_name: string;
  contact_email: string | null;
}

/** Whether any supplier can receive a questionnaire (the picker itself is a type-ahead search). */
export async function hasActiveSuppliers(q: Queryable): Promise<boolean> {
  const r = await q.query(`SELECT 1 FROM suppliers WHERE status = 'active' LIMIT 1`);
  return r.rowCount > 0;
}

export async function getSupplierOption(q: Queryable, id: string): Promise<SupplierOption | undefined> {
  const r = await q.query<SupplierOption>(`SELECT id, legal_name, contact_email FROM suppliers WHERE id = $1`, [id]);
  return r.rows[0];
}

export async function listSiteOptions(q: Queryable, supplierId: string): Promise<{ id: string; name: string }[]> {
  const r = await q.query<{ id: string; name: string }>(
    `SELECT id, name FROM sites WHERE supplier_id = $1 AND status = 'active' ORDER BY name`,
    [supplierId],
  );
  return r.rows;
}
