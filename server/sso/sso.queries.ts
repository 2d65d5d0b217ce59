import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/types.ts';

export interface SignInSettingsRow {
  organization_id: string;
  require_two_factor: boolean;
  sso_enabled: boolean;
  sso_issuer: string | null;
  sso_client_id: string | null;
  sso_client_secret_encrypted: string | null;
  sso_allowed_domains: string[];
  sso_default_role: 'admin' | 'analyst' | 'viewer';
}

export async function getSettings(q: Queryable): Promise<SignInSettingsRow | undefined> {
  const r = await q.query<SignInSettingsRow>(`SELECT * FROM organization_sign_in WHERE organization_id = app_org()`);
  return r.rows[0];
}

export async function saveRequireTwoFactor(q: Queryable, value: boolean, userId: string | null) {
  await q.query(
    `INSERT INTO organization_sign_in (organization_id, require_two_factor, updated_by) VALUES (app_org(), $1, $2)
     ON CONFLICT (organization_id) DO UPDATE SET require_two_factor = EXCLUDED.require_two_factor, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [value, userId],
  );
}

export async function saveSso(
  q: Queryable,
  s: { enabled: boolean; issuer: string | null; clientId: string | null; secretEncrypted: string | null; domains: string[]; defaultRole: string },
  userId: string | null,
) {
  await q.query(
    `INSERT INTO organization_sign_in (organization_id, sso_enabled, sso_issuer, sso_client_id, sso_client_secret_encrypted, sso_allowed_domains, sso_default_role, updated_by)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (organization_id) DO UPDATE SET sso_enabled = EXCLUDED.sso_enabled, sso_issuer = EXCLUDED.sso_issuer,
       sso_client_id = EXCLUDED.sso_client_id, sso_client_secret_encrypted = EXCLUDED.sso_client_secret_encrypted,
       sso_allowed_domains = EXCLUDED.sso_allowed_domains, sso_default_role = EXCLUDED.sso_default_role,
       updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [s.enabled, s.issuer, s.clientId, s.secretEncrypted, s.domains, s.defaultRole, userId],
  );
}

/**
 * Which organisations sign in a visitor through SSO, by organisation code or e-mail domain.
 * Runs before anyone is signed in, so across tenants (owner connection), and answers only ids.
 */
export async function findSsoOrganizations(q: Queryable, by: { slug?: string; domain?: string }): Promise<{ id: string; slug: string; name: string }[]> {
  const r = await q.query<{ id: string; slug: string; name: string }>(
    `SELECT o.id, o.slug, o.name FROM organization_sign_in s JOIN organizations o ON o.id = s.organization_id
      WHERE s.sso_enabled AND (lower(o.slug) = lower($1) OR $2 = ANY (s.sso_allowed_domains))
      ORDER BY o.name LIMIT 5`,
    [by.slug ?? null, by.domain ?? null],
  );
  return r.rows;
}

export async function findIdentity(q: Queryable, issuer: string, subject: string): Promise<string | undefined> {
  const r = await q.query<{ user_id: string }>(
    `UPDATE sso_identities SET last_sign_in_at = now() WHERE organization_id = app_org() AND issuer = $1 AND subject = $2 RETURNING user_id`,
    [issuer, subject],
  );
  return r.rows[0]?.user_id;
}

export async function linkIdentity(q: Queryable, issuer: string, subject: string, userId: string) {
  await q.query(
    `INSERT INTO sso_identities (organization_id, issuer, subject, user_id, last_sign_in_at) VALUES (app_org(), $1, $2, $3, now())`,
    [issuer, subject, userId],
  );
}

export async function findUserForSso(q: Queryable, email: string): Promise<{ id: string; is_platform_admin: boolean } | undefined> {
  const r = await q.query<{ id: string; is_platform_admin: boolean }>(`SELECT id, is_platform_admin FROM users WHERE lower(email) = lower($1)`, [email]);
  return r.rows[0];
}

export async function findMembershipRole(q: Queryable, userId: string): Promise<string | undefined> {
  const r = await q.query<{ role: string }>(
    `SELECT role FROM memberships WHERE organization_id = app_org() AND user_id = $1 AND (expires_at IS NULL OR expires_at > now())`,
    [userId],
  );
  return r.rows[0]?.role;
}

export async function insertMembershipIfMissing(q: Queryable, userId: string, role: string): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO memberships (organization_id, user_id, role) VALUES (app_org(), $1, $2) ON CONFLICT (organization_id, user_id) DO NOTHING`,
    [userId, role],
  );
  return r.rowCount > 0;
}

/** A user created at their first SSO sign-in has no password: the provider vouches for them. */
export async function createSsoUser(q: Queryable, u: { email: string; name: string; locale: string }): Promise<string> {
  // The id is made here: a request may insert a user but not read it back (row-level security on users).
  const id = randomUUID();
  await q.query(
    `INSERT INTO users (id, email, name, password_hash, locale) VALUES ($1, $2, $3, NULL, $4)`,
    [id, u.email.trim().toLowerCase(), u.name, u.locale],
  );
  return id;
}
