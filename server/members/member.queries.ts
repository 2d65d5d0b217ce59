import type { Queryable } from '../db/types.ts';

export interface MemberRow {
  user_id: string;
  name: string;
  email: string;
  role: string;
  expires_at: Date | null;
  created_at: Date;
  /** The consultancy whose invitation let them in: they leave when its engagement ends. */
  via_consultancy_name: string | null;
}

export async function listMembers(q: Queryable): Promise<MemberRow[]> {
  const r = await q.query<MemberRow>(
    `SELECT m.user_id, u.name, u.email, m.role, m.expires_at, m.created_at, c.name AS via_consultancy_name
       FROM memberships m JOIN users u ON u.id = m.user_id
       LEFT JOIN organizations c ON c.id = m.via_consultancy_id
      WHERE m.organization_id = app_org() ORDER BY u.name`,
  );
  return r.rows;
}

export async function getMember(q: Queryable, userId: string): Promise<MemberRow | undefined> {
  return (await listMembers(q)).find((m) => m.user_id === userId);
}

export async function countOwners(q: Queryable): Promise<number> {
  const r = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM memberships WHERE organization_id = app_org() AND role = 'owner'`);
  return r.rows[0].n;
}

export async function updateMemberRole(q: Queryable, userId: string, role: string, expiresAt: Date | null) {
  const r = await q.query(
    `UPDATE memberships SET role = $2, expires_at = $3 WHERE organization_id = app_org() AND user_id = $1`,
    [userId, role, expiresAt],
  );
  return r.rowCount > 0;
}

export async function deleteMember(q: Queryable, userId: string) {
  const r = await q.query(`DELETE FROM memberships WHERE organization_id = app_org() AND user_id = $1`, [userId]);
  return r.rowCount > 0;
}

export interface InvitationRow {
  id: string;
  organization_id: string;
  email: string;
  role: string;
  expires_at: Date;
  access_expires_at: Date | null;
  accepted_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
  via_consultancy_id: string | null;
}

export async function insertInvitation(
  q: Queryable,
  i: { email: string; role: string; tokenHash: string; accessExpiresAt: Date | null; createdBy: string | null; days: number; viaConsultancyId: string | null },
) {
  const r = await q.query<{ id: string }>(
    `INSERT INTO invitations (organization_id, email, role, token_hash, access_expires_at, created_by, expires_at, via_consultancy_id)
     VALUES (app_org(), lower($1), $2, $3, $4, $5, now() + make_interval(days => $6), $7) RETURNING id`,
    [i.email.trim(), i.role, i.tokenHash, i.accessExpiresAt, i.createdBy, i.days, i.viaConsultancyId],
  );
  return r.rows[0].id;
}

export async function listPendingInvitations(q: Queryable): Promise<(InvitationRow & { via_consultancy_name: string | null })[]> {
  const r = await q.query<InvitationRow & { via_consultancy_name: string | null }>(
    `SELECT i.*, c.name AS via_consultancy_name FROM invitations i LEFT JOIN organizations c ON c.id = i.via_consultancy_id
      WHERE i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now() ORDER BY i.created_at DESC`,
  );
  return r.rows;
}

export async function revokeInvitation(q: Queryable, id: string) {
  const r = await q.query(`UPDATE invitations SET revoked_at = now() WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL`, [id]);
  return r.rowCount > 0;
}

/**
 * Token look-up crosses tenants (the link names the organisation): Database.admin only.
 * An invitation sent through an engagement also needs that engagement still active.
 */
export async function findOpenInvitationByHash(q: Queryable, tokenHash: string) {
  const r = await q.query<InvitationRow & { org_name: string }>(
    `SELECT i.*, o.name AS org_name FROM invitations i JOIN organizations o ON o.id = i.organization_id
      WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
        AND (i.via_consultancy_id IS NULL OR EXISTS (
              SELECT 1 FROM engagements e WHERE e.organization_id = i.organization_id
                 AND e.consultancy_id = i.via_consultancy_id AND e.status = 'active'))`,
    [tokenHash],
  );
  return r.rows[0];
}

export async function markInvitationAccepted(q: Queryable, id: string): Promise<boolean> {
  const r = await q.query(`UPDATE invitations SET accepted_at = now() WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL`, [id]);
  return r.rowCount > 0;
}

/** Ending an engagement: pending invitations the consultancy sent in this organisation are revoked. */
export async function revokeInvitationsSentThrough(q: Queryable, consultancyId: string): Promise<number> {
  const r = await q.query(
    `UPDATE invitations SET revoked_at = now()
      WHERE organization_id = app_org() AND via_consultancy_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL`,
    [consultancyId],
  );
  return r.rowCount;
}

export async function markMembershipGrantedThrough(q: Queryable, userId: string, consultancyId: string) {
  await q.query(`UPDATE memberships SET via_consultancy_id = $2 WHERE organization_id = app_org() AND user_id = $1`, [userId, consultancyId]);
}

/**
 * Ending an engagement: members who joined through the consultancy's invitations leave with it.
 * Owners stay: a consultancy onboarding a client invites the client's own owner, who then
 * decides about the engagement.
 */
export async function removeMembersGrantedThrough(q: Queryable, consultancyId: string): Promise<number> {
  const r = await q.query(
    `DELETE FROM memberships WHERE organization_id = app_org() AND via_consultancy_id = $1 AND role <> 'owner'`,
    [consultancyId],
  );
  return r.rowCount;
}
