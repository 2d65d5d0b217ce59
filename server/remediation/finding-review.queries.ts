import type { Queryable } from '../db/types.ts';
import type { FindingCategory, FindingSeverity } from './remediation.types.ts';

/** Proposals to close or downgrade a critical finding, waiting for a second person. */
export interface ChangeRequestRow {
  id: string;
  finding_id: string;
  change: 'close' | 'downgrade';
  to_category: FindingCategory | null;
  to_severity: FindingSeverity | null;
  reason: string;
  proposed_by: string;
  proposed_by_name: string | null;
  proposed_at: Date;
  decision: 'approved' | 'rejected' | null;
  decided_by_name: string | null;
  decided_at: Date | null;
}

const SELECT = `
  SELECT r.id, r.finding_id, r.change, r.to_category, r.to_severity, r.reason, r.proposed_by, pu.name AS proposed_by_name,
         r.proposed_at, r.decision, du.name AS decided_by_name, r.decided_at
    FROM finding_change_requests r
    LEFT JOIN users pu ON pu.id = r.proposed_by
    LEFT JOIN users du ON du.id = r.decided_by`;

export async function listChangeRequests(q: Queryable, findingId: string): Promise<ChangeRequestRow[]> {
  return (await q.query<ChangeRequestRow>(`${SELECT} WHERE r.finding_id = $1 ORDER BY r.proposed_at DESC`, [findingId])).rows;
}

export async function getChangeRequest(q: Queryable, id: string, forUpdate = false): Promise<ChangeRequestRow | undefined> {
  return (await q.query<ChangeRequestRow>(`${SELECT} WHERE r.id = $1${forUpdate ? ' FOR UPDATE OF r' : ''}`, [id])).rows[0];
}

export async function pendingChangeRequest(q: Queryable, findingId: string): Promise<ChangeRequestRow | undefined> {
  return (await q.query<ChangeRequestRow>(`${SELECT} WHERE r.finding_id = $1 AND r.decision IS NULL`, [findingId])).rows[0];
}

export async function insertChangeRequest(
  q: Queryable, r: { findingId: string; change: 'close' | 'downgrade'; toCategory: string | null; toSeverity: string | null; reason: string; proposedBy: string },
): Promise<string> {
  const res = await q.query<{ id: string }>(
    `INSERT INTO finding_change_requests (organization_id, finding_id, change, to_category, to_severity, reason, proposed_by)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6) RETURNING id`,
    [r.findingId, r.change, r.toCategory, r.toSeverity, r.reason, r.proposedBy],
  );
  return res.rows[0].id;
}

export async function decideChangeRequest(q: Queryable, id: string, decision: 'approved' | 'rejected', decidedBy: string): Promise<void> {
  await q.query(`UPDATE finding_change_requests SET decision = $2, decided_by = $3, decided_at = now() WHERE id = $1`, [id, decision, decidedBy]);
}
