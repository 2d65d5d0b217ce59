import type { Database } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import { insertAuditEntry } from '../audit/audit.queries.ts';
import { ValidationFailed } from '../errors.ts';
import { translator, pickLocale } from '../i18n/index.ts';
import type { SessionUser } from './actor.ts';
import * as users from './auth.queries.ts';
import { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from './password.ts';
import { newToken, hashToken } from './tokens.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
const RESET_MINUTES = 60;

export type LoginResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: 'invalid' | 'locked' };

export function createAuthService(deps: { db: Database; mailer: Mailer; baseUrl: string; hashPassword?: (plain: string) => Promise<string> }) {
  const { db, mailer, baseUrl } = deps;
  const hash = deps.hashPassword ?? hashPassword;

  /**
   * Checks credentials; after MAX_FAILED_LOGINS failures the account locks for LOCK_MINUTES.
   * The look-up by e-mail crosses tenants before anyone is signed in, so it runs on the owner
   * connection (requests cannot read other users' password hashes).
   */
  async function login(email: string, password: string, ip: string | null): Promise<LoginResult> {
    const attempt = await db.admin((q) => users.beginLoginAttempt(q, email, MAX_FAILED_LOGINS, LOCK_MINUTES));
    if (!attempt) {
      // Unknown or locked: spend the same time as a real check, so neither can be told apart.
      await verifyPassword(null, password);
      const lockedId = await db.admin((q) => users.findUserIdByEmail(q, email));
      if (lockedId) {
        await audit(lockedId, 'auth.login_locked', { email: email.slice(0, 200) }, ip);
        return { ok: false, reason: 'locked' };
      }
      await audit(null, 'auth.login_failed', { email: email.slice(0, 200) }, ip);
      return { ok: false, reason: 'invalid' };
    }
    if (!(await verifyPassword(attempt.password_hash, password))) {
      await audit(attempt.id, 'auth.login_failed', { email: email.slice(0, 200) }, ip);
      return { ok: false, reason: 'invalid' };
    }
    await db.admin((q) => users.recordLoginSuccess(q, attempt.id));
    await audit(attempt.id, 'auth.login', {}, ip);
    return {
      ok: true,
      user: { id: attempt.id, email: attempt.email, name: attempt.name, locale: attempt.locale, isPlatformAdmin: attempt.is_platform_admin },
    };
  }

  function audit(userId: string | null, action: string, details: Record<string, unknown>, ip: string | null) {
    return db.tx({ orgId: null, userId }, (q) =>
      insertAuditEntry(q, { organizationId: null, actorUserId: userId, action, details, ip }),
    );
  }

  /** Always answers the same way, whether or not the address has an account. */
  async function requestPasswordReset(email: string, ip: string | null): Promise<void> {
    const user = await db.admin((q) => users.findUserByEmail(q, email));
    if (!user) return;
    const { token, hash } = newToken();
    await db.tx({ orgId: null, userId: user.id }, (q) => users.createPasswordReset(q, user.id, hash, RESET_MINUTES));
    await audit(user.id, 'auth.password_reset_requested', {}, ip);
    const t = translator(pickLocale(user.locale));
    const link = `${baseUrl}/reset/${token}`;
    await mailer.send({
      to: user.email,
      subject: t('auth.resetMail.subject'),
      text: t('auth.resetMail.body', { name: user.name, link, minutes: RESET_MINUTES }),
    });
  }

  /** Reset links are looked up by the hash of a secret before sign-in: owner connection. */
  async function isResetTokenValid(token: string): Promise<boolean> {
    return db.admin((q) => users.findValidPasswordReset(q, hashToken(token)));
  }

  /**
   * The token is checked first: hashing a password costs ~20 MiB and tens of milliseconds,
   * so unknown links must not reach it. A new password ends older links and every session.
   */
  async function resetPassword(token: string, password: string, confirm: string, ip: string | null): Promise<boolean> {
    if (!(await isResetTokenValid(token))) return false;
    assertPassword(password, confirm);
    const passwordHash = await hash(password);
    const userId = await db.admin(async (q) => {
      const id = await users.consumePasswordReset(q, hashToken(token));
      if (!id) return undefined;
      await users.setPassword(q, id, passwordHash);
      await users.revokeUserAccess(q, id);
      return id;
    });
    if (userId) await audit(userId, 'auth.password_reset', { sessionsEnded: true }, ip);
    return Boolean(userId);
  }

  /** Ends every session of the user, this one included (a lost laptop, a shared computer). */
  async function signOutEverywhere(userId: string, ip: string | null): Promise<number> {
    const ended = await db.tx({ orgId: null, userId }, (q) => users.deleteOwnSessions(q));
    await audit(userId, 'auth.signed_out_everywhere', { sessions: ended }, ip);
    return ended;
  }

  async function setLocale(userId: string, locale: string) {
    await db.tx({ orgId: null, userId }, (q) => users.setUserLocale(q, userId, locale));
  }

  async function findUser(id: string) {
    return db.tx({ orgId: null, userId: id }, (q) => users.findSessionUser(q, id));
  }

  async function listAccess(userId: string) {
    return db.tx({ orgId: null, userId }, (q) => users.listOrgAccess(q));
  }

  async function logout(userId: string, ip: string | null) {
    await audit(userId, 'auth.logout', {}, ip);
  }

  return { login, requestPasswordReset, isResetTokenValid, resetPassword, signOutEverywhere, setLocale, findUser, listAccess, logout };
}

export type AuthService = ReturnType<typeof createAuthService>;

export function assertPassword(password: string, confirm: string): void {
  const issues = [];
  if (password.length < MIN_PASSWORD_LENGTH) issues.push({ field: 'password', key: 'auth.errors.passwordTooShort', params: { min: MIN_PASSWORD_LENGTH } });
  if (password !== confirm) issues.push({ field: 'confirm', key: 'auth.errors.passwordMismatch' });
  if (issues.length) throw new ValidationFailed(issues);
}
