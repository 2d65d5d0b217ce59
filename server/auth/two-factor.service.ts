import { randomInt } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import type { Database, Queryable } from '../db/types.ts';
import { insertAuditEntry } from '../audit/audit.queries.ts';
import { Conflict, ValidationFailed } from '../errors.ts';
import type { SecretBox } from './secret-box.ts';
import { hashToken } from './tokens.ts';
import { verifyPassword } from './password.ts';
import * as tf from './two-factor.queries.ts';

export const MAX_CODE_ATTEMPTS = 5;
export const CODE_LOCK_MINUTES = 15;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'Vigía';
// No 0/1/o/l/i: recovery codes are copied by hand from paper.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export type CodeCheck = 'ok' | 'invalid' | 'locked';

export interface TwoFactorStatus {
  enabled: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}

function totpFor(secretBase32: string, email: string) {
  return new OTPAuth.TOTP({ issuer: ISSUER, label: email, secret: OTPAuth.Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: 30 });
}

/** Recovery codes are compared without case, spaces or dashes. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

export function newRecoveryCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** TOTP enrolment, sign-in checks and recovery codes; every method acts for one user about themself. */
export function createTwoFactorService(deps: { db: Database; box: SecretBox }) {
  const { db, box } = deps;
  const asUser = <T>(userId: string, fn: (q: Queryable) => Promise<T>): Promise<T> => db.tx({ orgId: null, userId }, fn);

  function audit(userId: string, action: string, ip: string | null, details: Record<string, unknown> = {}) {
    return asUser(userId, (q) => insertAuditEntry(q, { organizationId: null, actorUserId: userId, action, details, ip }));
  }

  async function status(userId: string): Promise<TwoFactorStatus> {
    return asUser(userId, async (q) => {
      const row = await tf.findTwoFactor(q, userId);
      const enabled = Boolean(row?.confirmed_at);
      return {
        enabled,
        required: await tf.isRequired(q, userId),
        recoveryCodesLeft: enabled ? await tf.countUnusedRecoveryCodes(q, userId) : 0,
      };
    });
  }

  /** What the sign-in gate needs on every request, in one query. */
  async function gateState(userId: string): Promise<{ enabled: boolean; required: boolean }> {
    return asUser(userId, (q) => tf.gateState(q, userId));
  }

  /** A new (or the pending) secret, shown as text and as an otpauth:// URI until confirmed. */
  async function enrolment(user: { id: string; email: string }): Promise<{ secret: string; uri: string }> {
    const existing = await asUser<tf.TwoFactorRow | undefined>(user.id, (q) => tf.findTwoFactor(q, user.id));
    if (existing?.confirmed_at) throw new Conflict('twoFactor.errors.alreadyEnabled');
    let secret = existing ? box.open(existing.secret_encrypted) : '';
    if (!existing) {
      secret = new OTPAuth.Secret({ size: 20 }).base32;
      await asUser(user.id, (q) => tf.saveUnconfirmedSecret(q, user.id, box.seal(secret)));
    }
    return { secret, uri: totpFor(secret, user.email).toString() };
  }

  /** Checks a TOTP code against the stored secret, counting the guess first. */
  async function checkTotp(userId: string, code: string, opts: { confirmed: boolean }): Promise<CodeCheck> {
    return asUser(userId, async (q) => {
      const row = await tf.findTwoFactor(q, userId);
      if (!row || Boolean(row.confirmed_at) !== opts.confirmed) return 'invalid';
      if (!(await tf.claimAttempt(q, userId, MAX_CODE_ATTEMPTS, CODE_LOCK_MINUTES))) return 'locked';
      const totp = totpFor(box.open(row.secret_encrypted), '');
      const token = code.replace(/\s/g, '');
      // One clock reading for both, so a step boundary between them cannot shift the step.
      const timestamp = Date.now();
      const delta = /^\d{6}$/.test(token) ? totp.validate({ token, window: 1, timestamp }) : null;
      if (delta === null) return 'invalid';
      return (await tf.recordSuccess(q, userId, totp.counter({ timestamp }) + delta)) ? 'ok' : 'invalid';
    });
  }

  /** Confirms enrolment with a first code; returns the recovery codes, shown this once. */
  async function confirmEnrolment(userId: string, code: string, ip: string | null): Promise<{ result: CodeCheck; recoveryCodes: string[] }> {
    const result = await checkTotp(userId, code, { confirmed: false });
    if (result !== 'ok') return { result, recoveryCodes: [] };
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await asUser(userId, async (q) => {
      await tf.confirm(q, userId);
      await tf.replaceRecoveryCodes(q, userId, recoveryCodes.map((c) => hashToken(normalizeRecoveryCode(c))));
    });
    await audit(userId, 'auth.two_factor_enabled', ip);
    return { result, recoveryCodes };
  }

  /** The second step of a sign-in: a TOTP code or an unused recovery code. */
  async function verifySignIn(userId: string, code: string, ip: string | null): Promise<CodeCheck> {
    const trimmed = code.trim();
    let result: CodeCheck;
    if (/^\d[\d\s]*$/.test(trimmed)) {
      result = await checkTotp(userId, trimmed, { confirmed: true });
    } else {
      result = await asUser<CodeCheck>(userId, async (q) => {
        const row = await tf.findTwoFactor(q, userId);
        if (!row?.confirmed_at) return 'invalid';
        if (!(await tf.claimAttempt(q, userId, MAX_CODE_ATTEMPTS, CODE_LOCK_MINUTES))) return 'locked';
        if (!(await tf.useRecoveryCode(q, userId, hashToken(normalizeRecoveryCode(trimmed))))) return 'invalid';
        await tf.recordSuccess(q, userId, null);
        return 'ok';
      });
      if (result === 'ok') await audit(userId, 'auth.two_factor_recovery_code_used', ip);
    }
    await audit(userId, result === 'ok' ? 'auth.two_factor_passed' : result === 'locked' ? 'auth.two_factor_locked' : 'auth.two_factor_failed', ip);
    return result;
  }

  /** New recovery codes (the old ones stop working) after a current code: shown once. */
  async function regenerateRecoveryCodes(userId: string, code: string, ip: string | null): Promise<{ result: CodeCheck; recoveryCodes: string[] }> {
    const result = await verifySignIn(userId, code, ip);
    if (result !== 'ok') return { result, recoveryCodes: [] };
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await asUser(userId, (q) => tf.replaceRecoveryCodes(q, userId, recoveryCodes.map((c) => hashToken(normalizeRecoveryCode(c)))));
    await audit(userId, 'auth.two_factor_recovery_codes_regenerated', ip);
    return { result, recoveryCodes };
  }

  /** Turning the factor off asks again for the password (if the account has one) and a current code. */
  async function disable(userId: string, input: { password: string; code: string }, ip: string | null): Promise<CodeCheck> {
    const hash = await asUser<string | null>(userId, (q) => tf.passwordHashOf(q, userId));
    if (hash && !(await verifyPassword(hash, input.password))) {
      throw new ValidationFailed([{ field: 'password', key: 'twoFactor.errors.wrongPassword' }]);
    }
    const result = await verifySignIn(userId, input.code, ip);
    if (result !== 'ok') return result;
    await asUser(userId, (q) => tf.remove(q, userId));
    await audit(userId, 'auth.two_factor_disabled', ip);
    return 'ok';
  }

  return { status, gateState, enrolment, confirmEnrolment, verifySignIn, regenerateRecoveryCodes, disable };
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;
