import type { Queryable } from '../db/types.ts';

export async function scheduleDeletion(q: Queryable, userId: string | null, days: number): Promise<Date | undefined> {
  const r = await q.query<{ delete_after: Date }>(
    `UPDATE organizations SET deletion_requested_at = now(), deletion_requested_by = $1, delete_after = now() + make_interval(days => $2)
      WHERE id = app_org() AND delete_after IS NULL RETURNING delete_after`,
    [userId, days],
  );
  return r.rows[0]?.delete_after;
}

export async function cancelDeletion(q: Queryable): Promise<boolean> {
  const r = await q.query(
    `UPDATE organizations SET deletion_requested_at = NULL, deletion_requested_by = NULL, delete_after = NULL
      WHERE id = app_org() AND delete_after IS NOT NULL`,
  );
  return r.rowCount > 0;
}

/** The purge job's own run time is the end of the grace period. */
export async function delayJob(q: Queryable, jobId: string, until: Date): Promise<void> {
  await q.query(`UPDATE jobs SET run_after = $2 WHERE organization_id = app_org() AND id = $1`, [jobId, until]);
}

export async function dueForPurge(q: Queryable, orgId: string) {
  const r = await q.query<{ name: string; slug: string; kind: string }>(
    `SELECT name, slug, kind FROM organizations WHERE id = $1 AND delete_after IS NOT NULL AND delete_after <= now()`,
    [orgId],
  );
  return r.rows[0];
}

/** Accounts whose only memberships were in this organisation (personal data with no other use). */
export async function soleMembers(q: Queryable, orgId: string): Promise<string[]> {
  const r = await q.query<{ user_id: string }>(
    `SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.organization_id = $1 AND NOT u.is_platform_admin
        AND NOT EXISTS (SELECT 1 FROM memberships o WHERE o.user_id = m.user_id AND o.organization_id <> $1)`,
    [orgId],
  );
  return r.rows.map((x) => x.user_id);
}
