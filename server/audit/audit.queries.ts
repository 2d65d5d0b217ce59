import type { Queryable } from '../db/types.ts';

export interface AuditEntryInput {
  organizationId: string | null;
  actorUserId: string | null;
  actorLabel?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export async function insertAuditEntry(q: Queryable, e: AuditEntryInput): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (organization_id, actor_user_id, actor_label, action, target_type, target_id, details, ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [e.organizationId, e.actorUserId, e.actorLabel ?? null, e.action, e.targetType ?? null, e.targetId ?? null,
     JSON.stringify(e.details ?? {}), e.ip ?? null],
  );
}

export interface AuditRow {
  id: number;
  actor_label: string | null;
  actor_user_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
  created_at: Date;
  hash: string;
}

export async function listAuditEntries(q: Queryable, limit: number, action?: string): Promise<AuditRow[]> {
  const r = await q.query<AuditRow>(
    `SELECT id::int AS id, actor_label, actor_user_id, action, target_type, target_id, details, created_at, hash
       FROM audit_log WHERE organization_id = app_org() AND ($2::text IS NULL OR action LIKE $2 || '%')
      ORDER BY id DESC LIMIT $1`,
    [limit, action ?? null],
  );
  return r.rows;
}

/**
 * Recomputes the chain of the organisation in context: each entry's prev_hash must be
 * its predecessor's hash and its hash must match its content. Returns the first broken id.
 */
export async function findChainBreak(q: Queryable): Promise<{ checked: number; brokenAt: number | null }> {
  const r = await q.query<{ checked: number; broken_at: number | null }>(
    `WITH chain AS (
       SELECT id, hash, prev_hash,
              audit_row_hash(prev_hash, organization_id, actor_user_id, action, target_type, target_id, details, created_at) AS recomputed,
              lag(hash) OVER (ORDER BY id) AS previous
         FROM audit_log WHERE organization_id = app_org())
     SELECT count(*)::int AS checked,
            min(id) FILTER (WHERE hash <> recomputed OR prev_hash <> coalesce(previous, repeat('0', 64)))::int AS broken_at
       FROM chain`,
  );
  return { checked: r.rows[0].checked, brokenAt: r.rows[0].broken_at };
}
