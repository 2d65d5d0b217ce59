import type { Queryable } from '../db/types.ts';

export interface PlatformOrgRow {
  id: string;
  kind: 'company' | 'consultancy';
  name: string;
  slug: string;
  created_at: Date;
  suspended_at: Date | null;
  suspended_reason: string | null;
  delete_after: Date | null;
  members: number;
  suppliers: number;
  assessments: number;
  last_activity: Date | null;
}

/** Every organisation with a few counts; the platform console reads across tenants (owner connection). */
export async function listOrganizations(q: Queryable, search: string | null, limit = 200): Promise<PlatformOrgRow[]> {
  const r = await q.query<PlatformOrgRow>(
    `SELECT o.id, o.kind, o.name, o.slug, o.created_at, o.suspended_at, o.suspended_reason, o.delete_after,
            (SELECT count(*) FROM memberships m WHERE m.organization_id = o.id)::int AS members,
            (SELECT count(*) FROM suppliers s WHERE s.organization_id = o.id)::int AS suppliers,
            (SELECT count(*) FROM assessments a WHERE a.organization_id = o.id)::int AS assessments,
            (SELECT l.created_at FROM audit_log l WHERE l.organization_id = o.id ORDER BY l.id DESC LIMIT 1) AS last_activity
       FROM organizations o
      WHERE $1::text IS NULL OR o.name ILIKE '%' || $1 || '%' OR o.slug ILIKE '%' || $1 || '%'
      ORDER BY last_activity DESC NULLS LAST, o.name
      LIMIT $2`,
    [search, limit],
  );
  return r.rows;
}

export async function findOrganization(q: Queryable, id: string) {
  const r = await q.query<{ id: string; name: string; suspended_at: Date | null }>(
    `SELECT id, name, suspended_at FROM organizations WHERE id = $1`,
    [id],
  );
  return r.rows[0];
}

export async function setSuspended(q: Queryable, id: string, reason: string | null): Promise<boolean> {
  const r = await q.query(
    reason === null
      ? `UPDATE organizations SET suspended_at = NULL, suspended_reason = NULL WHERE id = $1 AND suspended_at IS NOT NULL`
      : `UPDATE organizations SET suspended_at = now(), suspended_reason = $2 WHERE id = $1 AND suspended_at IS NULL`,
    reason === null ? [id] : [id, reason],
  );
  return r.rowCount > 0;
}

/** Whether the organisation in context is suspended (read as the request role). */
export async function isSuspended(q: Queryable): Promise<boolean> {
  const r = await q.query<{ suspended: boolean }>(`SELECT suspended_at IS NOT NULL AS suspended FROM organizations WHERE id = app_org()`);
  return r.rows[0]?.suspended ?? false;
}

export interface PlatformAuditRow {
  id: number;
  organization_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  created_at: Date;
}

/** The platform chain: events outside any organisation (sign-ins, sign-ups, suspensions). */
export async function listPlatformAudit(q: Queryable, limit: number, action: string | null): Promise<PlatformAuditRow[]> {
  const r = await q.query<PlatformAuditRow>(
    `SELECT id::int AS id, organization_id, actor_label, action, target_type, target_id, details, ip, created_at
       FROM audit_log WHERE organization_id IS NULL AND ($2::text IS NULL OR action LIKE $2 || '%')
      ORDER BY id DESC LIMIT $1`,
    [limit, action],
  );
  return r.rows;
}
