import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/types.ts';
import type { OrgAccess, Role, SessionUser } from './actor.ts';
import { accessFromRows } from './request-context.ts';

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

export interface LoginAttempt {
  id: string;
  email: string;
  name: string;
  locale: string;
  is_platform_admin: boolean;
  password_hash: string | null;
}

/**
 * Counts the attempt as a failure *before* the password is checked, in one statement, and
 * returns nothing while the account is locked. Parallel guesses queue on the row lock, so no
 * more than `maxFailures` of them ever reach the password check (a success resets the count).
 * An expired lock starts a fresh count.
 */
export async function beginLoginAttempt(q: Queryable, email: string, maxFailures: number, lockMinutes: number): Promise<LoginAttempt | undefined> {
  const r = await q.query<LoginAttempt>(
    // Computed from the row itself (not a prior SELECT): a waiting UPDATE re-reads the row it
    // locked, so each parallel attempt sees the count the previous one left.
    `UPDATE users SET
            failed_logins = CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END,
            locked_until = CASE WHEN (CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END) >= $2
                                THEN now() + make_interval(mins => $3) ELSE NULL END
      WHERE lower(email) = lower($1) AND (locked_until IS NULL OR locked_until <= now())
      RETURNING id, email, name, locale, is_platform_admin, password_hash`,
    [email.trim(), maxFailures, lockMinutes],
  );
  return r.rows[0];
}

export async function findUserIdByEmail(q: Queryable, email: string): Promise<string | undefined> {
  const r = await q.query<{ id: string }>(`SELECT id FROM users WHERE lower(email) = lower($1)`, [email.trim()]);
  return r.rows[0]?.id;
}

export async function recordLoginSuccess(q: Queryable, userId: string) {
  await q.query(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [userId]);
}

/**
 * The id is made here, not by RETURNING: under row-level security a request transaction may
 * insert an account but sees only its own row, so it cannot read a new one back.
 */
export async function createUser(
  q: Queryable,
  u: { email: string; name: string; passwordHash: string; locale?: string; isPlatformAdmin?: boolean; id?: string },
): Promise<string> {
  const id = u.id ?? randomUUID();
  await q.query(
    `INSERT INTO users (id, email, name, password_hash, locale, is_platform_admin) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, u.email.trim().toLowerCase(), u.name, u.passwordHash, u.locale ?? 'es-MX', u.isPlatformAdmin ?? false],
  );
  return id;
}

export async function setPassword(q: Queryable, userId: string, passwordHash: string) {
  await q.query(`UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1`, [userId, passwordHash]);
}

export async function setUserLocale(q: Queryable, userId: string, locale: string) {
  await q.query(`UPDATE users SET locale = $2 WHERE id = $1`, [userId, locale]);
}

/**
 * Every organisation the user can act in: own memberships (auditors only until expiry)
 * and the clients of the consultancies they belong to, through active engagements, where
 * the role is the lesser of the engagement's and their own (a consultancy viewer stays a viewer).
 */
export async function listOrgAccess(q: Queryable): Promise<OrgAccess[]> {
  const r = await q.query<OrgAccess & { memberRole: Role | null }>(
    `SELECT o.id AS "orgId", o.name AS "orgName", o.kind AS "orgKind", m.role, NULL AS "memberRole", 'membership' AS via,
            NULL AS "consultancyId", NULL AS "consultancyName", m.expires_at AS "expiresAt", o.time_zone AS "timeZone"
       FROM memberships m JOIN organizations o ON o.id = m.organization_id
      WHERE m.user_id = app_user() AND (m.expires_at IS NULL OR m.expires_at > now())
     UNION ALL
     SELECT o.id, o.name, o.kind, e.role, m.role, 'engagement', c.id, c.name, NULL, o.time_zone
       FROM memberships m
       JOIN organizations c ON c.id = m.organization_id AND c.kind = 'consultancy'
       JOIN engagements e ON e.consultancy_id = c.id AND e.status = 'active'
       JOIN organizations o ON o.id = e.organization_id
      WHERE m.user_id = app_user() AND m.role IN ('owner', 'admin', 'analyst', 'viewer')
      ORDER BY 6 DESC, 2`,
  );
  return accessFromRows(r.rows);
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

/** A new password ends every other way in: older reset links and all open sessions. */
export async function revokeUserAccess(q: Queryable, userId: string) {
  await q.query(`UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [userId]);
  await q.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
}

/** "Sign out everywhere": the signed-in user's own sessions (row-level security limits it to them). */
export async function deleteOwnSessions(q: Queryable): Promise<number> {
  const r = await q.query(`DELETE FROM sessions WHERE user_id = app_user()`);
  return r.rowCount;
}

export async function findValidPasswordReset(q: Queryable, tokenHash: string): Promise<boolean> {
  const r = await q.query(`SELECT 1 FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`, [tokenHash]);
  return r.rowCount > 0;
}
