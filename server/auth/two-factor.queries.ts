import type { Queryable } from '../db/types.ts';

export interface TwoFactorRow {
  user_id: string;
  secret_encrypted: string;
  confirmed_at: Date | null;
  last_step: string;
  attempts: number;
  locked_until: Date | null;
}

export async function findTwoFactor(q: Queryable, userId: string): Promise<TwoFactorRow | undefined> {
  const r = await q.query<TwoFactorRow>(`SELECT * FROM user_two_factor WHERE user_id = $1`, [userId]);
  return r.rows[0];
}

/** Starting (again) an enrolment replaces an unconfirmed secret, never a confirmed one. */
export async function saveUnconfirmedSecret(q: Queryable, userId: string, secretEncrypted: string): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO user_two_factor (user_id, secret_encrypted) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET secret_encrypted = EXCLUDED.secret_encrypted, created_at = now(), attempts = 0, locked_until = NULL
       WHERE user_two_factor.confirmed_at IS NULL`,
    [userId, secretEncrypted],
  );
  return r.rowCount > 0;
}

/**
 * Takes one guess from the allowance, atomically (the UPDATE locks the row, so parallel
 * guesses queue): false when the factor is locked or the allowance is spent.
 */
export async function claimAttempt(q: Queryable, userId: string, maxAttempts: number, lockMinutes: number): Promise<boolean> {
  const r = await q.query<{ attempts: number }>(
    `UPDATE user_two_factor
        SET attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE attempts + 1 END,
            locked_until = CASE
              WHEN locked_until IS NOT NULL AND locked_until <= now() THEN NULL
              WHEN attempts + 1 >= $2 THEN now() + make_interval(mins => $3)
              ELSE locked_until END
      WHERE user_id = $1 AND (locked_until IS NULL OR locked_until <= now())
      RETURNING attempts`,
    [userId, maxAttempts, lockMinutes],
  );
  return r.rowCount > 0;
}

/** Accepts a time step only if it is newer than the last one used (no replay). */
export async function recordSuccess(q: Queryable, userId: string, step: number | null): Promise<boolean> {
  const r = await q.query(
    `UPDATE user_two_factor SET attempts = 0, locked_until = NULL, last_step = GREATEST(last_step, coalesce($2::bigint, last_step))
      WHERE user_id = $1 AND ($2::bigint IS NULL OR last_step < $2::bigint)`,
    [userId, step],
  );
  return r.rowCount > 0;
}

export async function confirm(q: Queryable, userId: string) {
  await q.query(`UPDATE user_two_factor SET confirmed_at = now() WHERE user_id = $1`, [userId]);
}

export async function replaceRecoveryCodes(q: Queryable, userId: string, hashes: string[]) {
  await q.query(`DELETE FROM two_factor_recovery_codes WHERE user_id = $1`, [userId]);
  for (const h of hashes) {
    await q.query(`INSERT INTO two_factor_recovery_codes (user_id, code_hash) VALUES ($1, $2)`, [userId, h]);
  }
}

export async function useRecoveryCode(q: Queryable, userId: string, hash: string): Promise<boolean> {
  const r = await q.query(
    `UPDATE two_factor_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
    [userId, hash],
  );
  return r.rowCount > 0;
}

export async function countUnusedRecoveryCodes(q: Queryable, userId: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM two_factor_recovery_codes WHERE user_id = $1 AND used_at IS NULL`, [userId]);
  return r.rows[0].n;
}

export async function remove(q: Queryable, userId: string) {
  await q.query(`DELETE FROM two_factor_recovery_codes WHERE user_id = $1`, [userId]);
  await q.query(`DELETE FROM user_two_factor WHERE user_id = $1`, [userId]);
}

export async function gateState(q: Queryable, userId: string): Promise<{ enabled: boolean; required: boolean }> {
  const r = await q.query<{ enabled: boolean; required: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM user_two_factor WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS enabled,
            app_two_factor_required($1) AS required`,
    [userId],
  );
  return r.rows[0];
}

export async function isRequired(q: Queryable, userId: string): Promise<boolean> {
  const r = await q.query<{ required: boolean }>(`SELECT app_two_factor_required($1) AS required`, [userId]);
  return r.rows[0].required;
}

export async function passwordHashOf(q: Queryable, userId: string): Promise<string | null> {
  const r = await q.query<{ password_hash: string | null }>(`SELECT password_hash FROM users WHERE id = $1`, [userId]);
  return r.rows[0]?.password_hash ?? null;
}
