import type { Queryable } from '../db/types.ts';
import type { OrgAccess, SessionUser } from './actor.ts';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  locale: string;
  is_platform_admin: boolean;
  password_hash: string | null;
  failed_logins: number;
  locked_until: Date | null;
}

export async function findUserByEmail(q: Queryable, email: string): Promise<UserRow | undefined> {
  const r = await q.query<UserRow>(`SELECT * FROM users WHERE lower(email) = lower($1)`, [email.trim()]);
  return r.rows[0];
}

export async function findSessionUser(q: Queryable, id: string): Promise<SessionUser | undefined> {
  const r = await q.query<SessionUser>(
    `SELECT id, email, name, locale, is_platform_admin AS "isPlatformAdmin" FROM users WHERE id = $1`,
    [id],
  );
  return r.rows[0];
}

export async function recordLoginFailure(q: Queryable, userId: string, maxFailures: number, lockMinutes: number) {
  await q.query(
    `UPDATE users SET failed_logins = failed_logins + 1,
            locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
      WHERE id = $1`,
    [userId, maxFailures, lockMinutes],
  );
}

export async function recordLoginSuccess(q: Queryable, userId: string) {
  await q.query(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [userId]);
}

export async function createUser(
  q: Queryable,
  u: { email: string; name: string; passwordHash: string; locale?: string; isPlatformAdmin?: boolean },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO users (email, name, password_hash, locale, is_platform_admin) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [u.email.trim().toLowerCase(), u.name, u.passwordHash, u.locale ?? 'es-MX', u.isPlatformAdmin ?? false],
  );
  return r.rows[0].id;
}

export async function setPassword(q: Queryable, userId: string, passwordHash: string) {
  await q.query(`UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1`, [userId, passwordHash]);
}

export async function setUserLocale(q: Queryable, userId: string, locale: string) {
  await q.query(`UPDATE users SET locale = $2 WHERE id = $1`, [userId, locale]);
}

/**
 * Every organisation the user can act in: own memberships (auditors only until expiry)
 * and the clients of the consultancies they belong to, through active engagements.
 */
export async function listOrgAccess(q: Queryable): Promise<OrgAccess[]> {
  const r = await q.query<OrgAccess>(
    `SELECT o.id AS "orgId", o.name AS "orgName", o.kind AS "orgKind", m.role, 'membership' AS via,
            NULL AS "consultancyId", NULL AS "consultancyName", m.expires_at AS "expiresAt", o.time_zone AS "timeZone"
       FROM memberships m JOIN organizations o ON o.id = m.organization_id
      WHERE m.user_id = app_user() AND (m.expires_at IS NULL OR m.expires_at > now())
     UNION ALL
     SELECT o.id, o.name, o.kind, e.role, 'engagement', c.id, c.name, NULL, o.time_zone
       FROM memberships m
       JOIN organizations c ON c.id = m.organization_id AND c.kind = 'consultancy'
       JOIN engagements e ON e.consultancy_id = c.id AND e.status = 'active'
       JOIN organizations o ON o.id = e.organization_id
      WHERE m.user_id = app_user() AND m.role IN ('owner', 'admin', 'analyst', 'viewer')
      ORDER BY 5 DESC, 2`,
  );
  return r.rows;
}

export async function createPasswordReset(q: Queryable, userId: string, tokenHash: string, minutes: number) {
  await q.query(
    `INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3))`,
    [tokenHash, userId, minutes],
  );
}

export async function consumePasswordReset(q: Queryable, tokenHash: string): Promise<string | undefined> {
  const r = await q.query<{ user_id: string }>(
    `UPDATE password_resets SET used_at = now()
      WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id`,
    [tokenHash],
  );
  return r.rows[0]?.user_id;
}

export async function findValidPasswordReset(q: Queryable, tokenHash: string): Promise<boolean> {
  const r = await q.query(`SELECT 1 FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`, [tokenHash]);
  return r.rowCount > 0;
}
