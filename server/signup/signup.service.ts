import { randomBytes } from 'node:crypto';
import type { Database } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { SessionUser } from '../auth/actor.ts';
import { insertAuditEntry } from '../audit/audit.queries.ts';
import { Conflict, NotFound, ValidationFailed, type FieldIssue } from '../errors.ts';
import { translator, pickLocale } from '../i18n/index.ts';
import { assertPassword } from '../auth/auth.service.ts';
import { createUser, findUserByEmail, findSessionUser } from '../auth/auth.queries.ts';
import { hashPassword } from '../auth/password.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import { insertMembership, insertOrganization } from '../organizations/organization.queries.ts';
import { parseInput } from '../http/validate.ts';
import { isReservedName, slugify } from './signup.names.ts';
import { signupSchema } from './signup.schema.ts';
import * as signups from './signup.queries.ts';

export const SIGNUP_LINK_HOURS = 24;

/**
 * Self-service sign-up. Nothing is created until the owner follows the e-mail link:
 * the pending row holds the request, the link creates the organisation and its owner.
 */
export function createSignupService(deps: { db: Database; mailer: Mailer; baseUrl: string }) {
  const { db, mailer, baseUrl } = deps;

  /** Validates every field at once, so the form can name each problem. */
  function validate(body: unknown) {
    const issues: FieldIssue[] = [];
    let input: ReturnType<typeof parseInput<typeof signupSchema>> | undefined;
    try {
      input = parseInput(signupSchema, body);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      issues.push(...e.issues);
    }
    const raw = (body ?? {}) as Record<string, unknown>;
    const orgName = String(raw.orgName ?? '').trim();
    if (orgName && !issues.some((i) => i.field === 'orgName')) {
      if (!slugify(orgName)) issues.push({ field: 'orgName', key: 'signup.errors.orgNameLetters' });
      else if (isReservedName(orgName)) issues.push({ field: 'orgName', key: 'signup.errors.reserved', params: { name: orgName } });
    }
    try {
      assertPassword(String(raw.password ?? ''), String(raw.confirm ?? ''));
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      issues.push(...e.issues);
    }
    if (issues.length || !input) throw new ValidationFailed(issues);
    return input;
  }

  /**
   * Records the request and mails the link. An address that already has an account gets
   * a different mail but the same answer on screen, so the form reveals no accounts.
   */
  async function request(body: unknown, locale: string, ip: string | null): Promise<void> {
    const input = validate(body);
    const t = translator(pickLocale(locale));
    // A look-up across all accounts, before anyone is signed in: the owner connection's job.
    const existing = await db.admin((q) => findUserByEmail(q, input.email));
    if (existing) {
      await mailer.send({ to: input.email, subject: t('signup.existingMail.subject'), text: t('signup.existingMail.body', { link: `${baseUrl}/login` }) });
      return;
    }
    const passwordHash = await hashPassword(input.password);
    const { token, hash } = newToken();
    await db.admin(async (q) => {
      await signups.deleteExpiredSignups(q);
      const id = await signups.insertSignup(q, {
        kind: input.kind, orgName: input.orgName, slug: slugify(input.orgName), email: input.email, name: input.name,
        passwordHash, locale: pickLocale(locale), tokenHash: hash, hours: SIGNUP_LINK_HOURS,
      });
      await insertAuditEntry(q, { organizationId: null, actorUserId: null, actorLabel: input.email, action: 'signup.requested', targetType: 'signup', targetId: id, details: { kind: input.kind, orgName: input.orgName }, ip });
    });
    await mailer.send({
      to: input.email,
      subject: t('signup.confirmMail.subject'),
      text: t('signup.confirmMail.body', { name: input.name, org: input.orgName, link: `${baseUrl}/signup/confirm/${token}`, hours: SIGNUP_LINK_HOURS }),
    });
  }

  /** What the confirmation page shows; NotFound for unknown, used or expired links. */
  async function open(token: string) {
    const row = await db.admin((q) => signups.findOpenSignup(q, hashToken(token)));
    if (!row) throw new NotFound('signup.errors.linkInvalid');
    return { orgName: row.org_name, kind: row.kind, email: row.email };
  }

  /** Claims the link (once) and creates the organisation with its first owner. */
  async function confirm(token: string, ip: string | null): Promise<{ user: SessionUser; orgId: string }> {
    return db.admin(async (q) => {
      const row = await signups.claimSignup(q, hashToken(token));
      if (!row) throw new NotFound('signup.errors.linkInvalid');
      if (await findUserByEmail(q, row.email)) throw new Conflict('signup.errors.accountExists');
      // Two organisations may share a name; their codes may not.
      let slug = row.slug;
      while (await signups.slugTaken(q, slug)) slug = `${row.slug.slice(0, 53)}-${randomBytes(3).toString('hex')}`;
      const orgId = await insertOrganization(q, { kind: row.kind, name: row.org_name, slug });
      const userId = await createUser(q, { email: row.email, name: row.name, passwordHash: row.password_hash, locale: row.locale });
      await insertMembership(q, { orgId, userId, role: 'owner' });
      await insertAuditEntry(q, { organizationId: null, actorUserId: userId, actorLabel: row.name, action: 'signup.confirmed', targetType: 'organization', targetId: orgId, details: { kind: row.kind, slug }, ip });
      await insertAuditEntry(q, { organizationId: orgId, actorUserId: userId, actorLabel: row.name, action: 'organization.created', targetType: 'organization', targetId: orgId, details: { kind: row.kind, name: row.org_name, slug }, ip });
      return { user: (await findSessionUser(q, userId))!, orgId };
    });
  }

  return { request, open, confirm };
}

export type SignupService = ReturnType<typeof createSignupService>;
