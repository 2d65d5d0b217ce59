import type { Queryable } from '../db/types.ts';

export interface SignupRow {
  id: string;
  kind: 'company' | 'consultancy';
  org_name: string;
  slug: string;
  email: string;
  name: string;
  password_hash: string;
  locale: string;
}

export async function insertSignup(
  q: Queryable,
  s: { kind: string; orgName: string; slug: string; email: string; name: string; passwordHash: string; locale: string; tokenHash: string; hours: number },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO signups (kind, org_name, slug, email, name, password_hash, locale, token_hash, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(hours => $9)) RETURNING id`,
    [s.kind, s.orgName, s.slug, s.email, s.name, s.passwordHash, s.locale, s.tokenHash, s.hours],
  );
  return r.rows[0].id;
}

/** Pending sign-ups hold a password hash: nothing is kept past its link's expiry. */
export async function deleteExpiredSignups(q: Queryable): Promise<void> {
  await q.query(`DELETE FROM signups WHERE expires_at <= now()`);
}

export async function findOpenSignup(q: Queryable, tokenHash: string): Promise<SignupRow | undefined> {
  const r = await q.query<SignupRow>(`SELECT * FROM signups WHERE token_hash = $1 AND expires_at > now()`, [tokenHash]);
  return r.rows[0];
}

/** Single use: the delete is what claims the link. */
export async function claimSignup(q: Queryable, tokenHash: string): Promise<SignupRow | undefined> {
  const r = await q.query<SignupRow>(`DELETE FROM signups WHERE token_hash = $1 AND expires_at > now() RETURNING *`, [tokenHash]);
  return r.rows[0];
}

export async function slugTaken(q: Queryable, slug: string): Promise<boolean> {
  const r = await q.query(`SELECT 1 FROM organizations WHERE slug = $1`, [slug]);
  return r.rowCount > 0;
}
