import type { Queryable } from '../db/types.ts';
import type { AnswerValue } from '../questionnaires/conditions.ts';

export type ShareStatus = 'offered' | 'accepted' | 'update_requested' | 'revoked';

// ── Supplier side: owner connection, always bounded by the supplier account ──

export interface AccountShareRow {
  id: string;
  receiver_organization_id: string;
  target_assessment_id: string;
  source_assessment_id: string;
  status: ShareStatus;
  show_source_name: boolean;
  consented_at: Date;
  revoked_at: Date | null;
  decided_at: Date | null;
}

export async function listAccountShares(q: Queryable, accountId: string): Promise<AccountShareRow[]> {
  const r = await q.query<AccountShareRow>(
    `SELECT s.id, src.receiver_organization_id, s.target_assessment_id, src.source_assessment_id, s.status, s.show_source_name,
            s.consented_at, s.revoked_at, s.decided_at
       FROM submission_share_sources src
       JOIN submission_shares s ON s.organization_id = src.receiver_organization_id AND s.id = src.share_id
      WHERE src.supplier_account_id = $1
      ORDER BY s.consented_at DESC, s.id`,
    [accountId],
  );
  return r.rows;
}

export async function insertShare(
  q: Queryable,
  s: { accountId: string; receiverOrgId: string; targetAssessmentId: string; sourceOrgId: string; sourceAssessmentId: string; templateKey: string; templateVersion: number; showSourceName: boolean },
): Promise<string | undefined> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO submission_shares (organization_id, target_assessment_id, template_key, template_version, show_source_name)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organization_id, target_assessment_id) WHERE status = 'offered' DO NOTHING RETURNING id`,
    [s.receiverOrgId, s.targetAssessmentId, s.templateKey, s.templateVersion, s.showSourceName],
  );
  const id = r.rows[0]?.id;
  if (!id) return undefined;
  await q.query(
    `INSERT INTO submission_share_sources (share_id, receiver_organization_id, supplier_account_id, source_organization_id, source_assessment_id)
     VALUES ($1, $2, $3, $4, $5)`,
    [id, s.receiverOrgId, s.accountId, s.sourceOrgId, s.sourceAssessmentId],
  );
  return id;
}

/** Withdraws consent for an offer not yet accepted; returns where to record it. */
export async function revokeShare(q: Queryable, accountId: string, shareId: string): Promise<{ organization_id: string; target_assessment_id: string } | undefined> {
  const r = await q.query<{ organization_id: string; target_assessment_id: string }>(
    `UPDATE submission_shares s SET status = 'revoked', revoked_at = now()
       FROM submission_share_sources src
      WHERE s.id = $2 AND src.share_id = s.id AND src.receiver_organization_id = s.organization_id
        AND src.supplier_account_id = $1 AND s.status = 'offered'
      RETURNING s.organization_id, s.target_assessment_id`,
    [accountId, shareId],
  );
  return r.rows[0];
}

/** History entry in the receiving organisation, written by the owner for the supplier. */
export async function insertEventFor(q: Queryable, orgId: string, assessmentId: string, kind: string, actorLabel: string, details: Record<string, unknown>) {
  await q.query(
    `INSERT INTO assessment_events (organization_id, assessment_id, kind, from_status, to_status, actor_user_id, actor_label, details)
     SELECT organization_id, id, $3, status, status, NULL, $4, $5 FROM assessments WHERE organization_id = $1 AND id = $2`,
    [orgId, assessmentId, kind, actorLabel, JSON.stringify(details)],
  );
}

// ── Receiving organisation: its own RLS transaction ──

export interface ShareRow {
  id: string;
  target_assessment_id: string;
  template_key: string;
  template_version: number;
  status: ShareStatus;
  consented_at: Date;
  decided_at: Date | null;
}

const SHARE = `SELECT id, target_assessment_id, template_key, template_version, status, consented_at, decided_at FROM submission_shares`;

export async function sharesForAssessment(q: Queryable, assessmentId: string): Promise<ShareRow[]> {
  const r = await q.query<ShareRow>(`${SHARE} WHERE target_assessment_id = $1 ORDER BY consented_at DESC, id`, [assessmentId]);
  return r.rows;
}

export async function getShare(q: Queryable, assessmentId: string, shareId: string, forUpdate = false): Promise<ShareRow | undefined> {
  const r = await q.query<ShareRow>(`${SHARE} WHERE id = $1 AND target_assessment_id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [shareId, assessmentId]);
  return r.rows[0];
}

export async function decideShare(q: Queryable, shareId: string, status: 'accepted' | 'update_requested', userId: string | null) {
  await q.query(`UPDATE submission_shares SET status = $2, decided_at = now(), decided_by = $3 WHERE id = $1 AND status = 'offered'`, [shareId, status, userId]);
}

export interface SharedSubmission {
  submitted_at: Date | null;
  reviewed_at: Date | null;
  source_name: string | null;
  template_key: string;
  template_version: number;
}

export async function sharedSubmission(q: Queryable, shareId: string): Promise<SharedSubmission | undefined> {
  const r = await q.query<SharedSubmission>(`SELECT * FROM shared_submission($1)`, [shareId]);
  return r.rows[0];
}

export async function sharedAnswers(q: Queryable, shareId: string): Promise<Record<string, AnswerValue>> {
  const r = await q.query<{ question_id: string; answer: AnswerValue }>(`SELECT question_id, answer FROM shared_submission_answers($1)`, [shareId]);
  return Object.fromEntries(r.rows.map((row) => [row.question_id, row.answer]));
}

export interface SharedEvidenceRow {
  id: string;
  question_id: string;
  original_name: string;
  mime: string;
  size: number;
  sha256: string;
  source_organization_id: string;
  stored_name: string;
}

export async function sharedEvidence(q: Queryable, shareId: string): Promise<SharedEvidenceRow[]> {
  const r = await q.query<SharedEvidenceRow>(`SELECT * FROM shared_submission_evidence($1)`, [shareId]);
  return r.rows.map((row) => ({ ...row, size: Number(row.size) }));
}
