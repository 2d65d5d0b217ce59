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
const ANON = { orgId: null, userId: null };

export type LoginResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: 'invalid' | 'locked' };

export function createAuthService(deps: { db: Database; mailer: Mailer; baseUrl: string }) {
  const { db, mailer, baseUrl } = deps;

  /** Checks credentials; after MAX_FAILED_LOGINS failures the account locks for LOCK_MINUTES. */
  async function login(email: string, password: string, ip: string | null): Promise<LoginResult> {
    const user = await db.tx(ANON, (q) => users.findUserByEmail(q, email));
    if (user?.locked_until && user.locked_until > new Date()) {
      await audit(user.id, 'auth.login_locked', { email }, ip);
      return { ok: false, reason: 'locked' };
    }
    const valid = await verifyPassword(user?.password_hash, password);
    if (!user || !valid) {
      if (user) {
        await db.tx({ orgId: null, userId: user.id }, (q) => users.recordLoginFailure(q, user.id, MAX_FAILED_LOGINS, LOCK_MINUTES));
      }
      await audit(user?.id ?? null, 'auth.login_failed', { email: email.slice(0, 200) }, ip);
      return { ok: false, reason: 'invalid' };
    }
    await db.tx({ orgId: null, userId: user.id }, (q) => users.recordLoginSuccess(q, user.id));
    await audit(user.id, 'auth.login', {}, ip);
    return {
      ok: true,
      user: { id: user.id, email: user.email, name: user.name, locale: user.locale, isPlatformAdmin: user.is_platform_admin },
    };
  }

  function audit(userId: string | null, action: string, details: Record<string, unknown>, ip: string | null) {
    return db.tx({ orgId: null, userId }, (q) =>
      insertAuditEntry(q, { organizationId: null, actorUserId: userId, action, details, ip }),
    );
  }

  /** Always answers the same way, whether or not the address has an account. */
  async function requestPasswordReset(email: string, ip: string | null): Promise<void> {
    const user = await db.tx(ANON, (q) => users.findUserByEmail(q, email));
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

  async function isResetTokenValid(token: string): Promise<boolean> {
    return db.tx(ANON, (q) => users.findValidPasswordReset(q, hashToken(token)));
  }

  async function resetPassword(token: string, password: string, confirm: string, ip: string | null): Promise<boolean> {
    assertPassword(password, confirm);
    const passwordHash = await hashPassword(password);
    const userId = await db.tx(ANON, async (q) => {
      const id = await users.consumePasswordReset(q, hashToken(token));
      if (id) await users.setPassword(q, id, passwordHash);
      return id;
    });
    if (userId) await audit(userId, 'auth.password_reset', {}, ip);
    return Boolean(userId);
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

  return { login, requestPasswordReset, isResetTokenValid, resetPassword, setLocale, findUser, listAccess, logout };
}

export type AuthService = ReturnType<typeof createAuthService>;

export function assertPassword(password: string, confirm: string): void {
  const issues = [];
  if (password.length < MIN_PASSWORD_LENGTH) issues.push({ field: 'password', key: 'auth.errors.passwordTooShort', params: { min: MIN_PASSWORD_LENGTH } });
  if (password !== confirm) issues.push({ field: 'confirm', key: 'auth.errors.passwordMismatch' });
  if (issues.length) throw new ValidationFailed(issues);
}
