import type { Queryable } from '../db/types.ts';

export interface ApiKeyRow {
  id: string;
  organization_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  role: 'analyst' | 'viewer';
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  scopes: string[];
  expires_at: Date | null;
  rate_limit_per_minute: number;
}

/**
 * Cross-tenant by design (the key itself names the tenant): run with Database.admin only.
 * A key made through an engagement also needs that engagement still active.
 */
export async function findApiKeyByPrefix(q: Queryable, prefix: string) {
  const r = await q.query<ApiKeyRow & { org_name: string; org_kind: 'company' | 'consultancy' }>(
    `SELECT k.*, o.name AS org_name, o.kind AS org_kind FROM api_keys k
       JOIN organizations o ON o.id = k.organization_id
      WHERE k.prefix = $1 AND k.revoked_at IS NULL
        AND (k.via_consultancy_id IS NULL OR EXISTS (
              SELECT 1 FROM engagements e WHERE e.organization_id = k.organization_id
                 AND e.consultancy_id = k.via_consultancy_id AND e.status = 'active'))`,
    [prefix],
  );
  return r.rows[0];
}

export async function touchApiKey(q: Queryable, id: string) {
  await q.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [id]);
}

export async function insertApiKey(
  q: Queryable,
  k: { name: string; prefix: string; keyHash: string; role: string; createdBy: string | null; viaConsultancyId: string | null; scopes: string[]; expiresAt: Date | null; ratePerMinute: number },
) {
  const r = await q.query<{ id: string }>(
    `INSERT INTO api_keys (organization_id, name, prefix, key_hash, role, created_by, via_consultancy_id, scopes, expires_at, rate_limit_per_minute)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [k.name, k.prefix, k.keyHash, k.role, k.createdBy, k.viaConsultancyId, k.scopes, k.expiresAt, k.ratePerMinute],
  );
  return r.rows[0].id;
}

export async function listApiKeys(q: Queryable) {
  const r = await q.query<ApiKeyRow>(`SELECT * FROM api_keys ORDER BY created_at DESC`);
  return r.rows;
}

export async function revokeApiKey(q: Queryable, id: string) {
  const r = await q.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
  return r.rowCount > 0;
}

/** Ending an engagement: every key the consultancy made in this organisation stops working. */
export async function revokeKeysMadeThrough(q: Queryable, consultancyId: string): Promise<number> {
  const r = await q.query(
    `UPDATE api_keys SET revoked_at = now() WHERE organization_id = app_org() AND via_consultancy_id = $1 AND revoked_at IS NULL`,
    [consultancyId],
  );
  return r.rowCount;
}
