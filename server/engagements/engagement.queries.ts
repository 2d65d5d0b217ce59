import type { Queryable } from '../db/types.ts';

export interface EngagementRow {
  consultancy_id: string;
  consultancy_name: string;
  role: string;
  status: string;
  created_at: Date;
}

export async function listEngagements(q: Queryable): Promise<EngagementRow[]> {
  const r = await q.query<EngagementRow>(
    `SELECT e.consultancy_id, c.name AS consultancy_name, e.role, e.status, e.created_at
       FROM engagements e JOIN organizations c ON c.id = e.consultancy_id
      WHERE e.organization_id = app_org() ORDER BY e.status, c.name`,
  );
  return r.rows;
}

export async function findConsultancyBySlug(q: Queryable, slug: string) {
  const r = await q.query<{ id: string; name: string }>(
    `SELECT id, name FROM organizations WHERE kind = 'consultancy' AND slug = lower($1)`,
    [slug.trim()],
  );
  return r.rows[0];
}

export async function upsertEngagement(q: Queryable, e: { consultancyId: string; role: string; createdBy: string | null }) {
  await q.query(
    `INSERT INTO engagements (organization_id, consultancy_id, role, created_by) VALUES (app_org(), $1, $2, $3)
     ON CONFLICT (organization_id, consultancy_id) DO UPDATE SET role = EXCLUDED.role, status = 'active'`,
    [e.consultancyId, e.role, e.createdBy],
  );
}

export async function revokeEngagement(q: Queryable, consultancyId: string) {
  const r = await q.query(
    `UPDATE engagements SET status = 'revoked' WHERE organization_id = app_org() AND consultancy_id = $1 AND status = 'active'`,
    [consultancyId],
  );
  return r.rowCount > 0;
}
