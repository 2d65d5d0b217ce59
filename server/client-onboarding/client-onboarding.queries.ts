import type { Queryable } from '../db/types.ts';

export async function enterOrg(q: Queryable, orgId: string): Promise<void> {
  await q.query(`SELECT set_config('app.org_id', $1, true)`, [orgId]);
}

export interface AccessRow {
  user_id: string;
  name: string;
  email: string;
  role: string;
  via: 'membership' | 'engagement';
  consultancy_name: string | null;
  consultancy_role: string | null;
  since: Date;
  expires_at: Date | null;
}

/**
 * Everyone who can act in the organisation: its members, and the members of every
 * consultancy with an active engagement (read across tenants, bounded to this one's engagements).
 */
export async function listAccess(q: Queryable, orgId: string): Promise<AccessRow[]> {
  const r = await q.query<AccessRow>(
    `SELECT u.id AS user_id, u.name, u.email, m.role, 'membership' AS via, NULL AS consultancy_name, NULL AS consultancy_role,
            m.created_at AS since, m.expires_at
       FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.organization_id = $1 AND (m.expires_at IS NULL OR m.expires_at > now())
     UNION ALL
     SELECT u.id, u.name, u.email, e.role, 'engagement', c.name, cm.role,
            greatest(e.created_at, cm.created_at), NULL
       FROM engagements e
       JOIN organizations c ON c.id = e.consultancy_id
       JOIN memberships cm ON cm.organization_id = e.consultancy_id AND cm.role IN ('owner', 'admin', 'analyst', 'viewer')
       JOIN users u ON u.id = cm.user_id
      WHERE e.organization_id = $1 AND e.status = 'active'
      ORDER BY 5 DESC, 6 NULLS FIRST, 2`,
    [orgId],
  );
  return r.rows;
}
