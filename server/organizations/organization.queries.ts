import type { Queryable } from '../db/types.ts';

export interface OrganizationRow {
  id: string;
  kind: 'company' | 'consultancy';
  name: string;
  slug: string;
  country: string;
}

export async function insertOrganization(q: Queryable, o: { kind: string; name: string; slug: string }): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO organizations (kind, name, slug) VALUES ($1, $2, $3) RETURNING id`,
    [o.kind, o.name, o.slug],
  );
  return r.rows[0].id;
}

export async function getOrganization(q: Queryable, id: string): Promise<OrganizationRow | undefined> {
  const r = await q.query<OrganizationRow>(`SELECT id, kind, name, slug, country FROM organizations WHERE id = $1`, [id]);
  return r.rows[0];
}

export async function insertMembership(q: Queryable, m: { orgId: string; userId: string; role: string; expiresAt?: Date | null }) {
  await q.query(
    `INSERT INTO memberships (organization_id, user_id, role, expires_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (organization_id, user_id) DO UPDATE SET role = EXCLUDED.role, expires_at = EXCLUDED.expires_at`,
    [m.orgId, m.userId, m.role, m.expiresAt ?? null],
  );
}

/** Portfolio: the clients that engaged the consultancy in context. */
export async function listClients(q: Queryable) {
  const r = await q.query<{ id: string; name: string; role: string; since: Date }>(
    `SELECT o.id, o.name, e.role, e.created_at AS since
       FROM engagements e JOIN organizations o ON o.id = e.organization_id
      WHERE e.consultancy_id = app_org() AND e.status = 'active'
      ORDER BY o.name`,
  );
  return r.rows;
}
