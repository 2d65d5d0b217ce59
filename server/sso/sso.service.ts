import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { insertAuditEntry } from '../audit/audit.queries.ts';
import { DomainError, Forbidden, NotFound, ValidationFailed } from '../errors.ts';
import { parseInput } from '../http/validate.ts';
import type { FlowChecks, OidcClient } from './sso.client.ts';
import { policySchema, ssoSchema, startSchema } from './sso.schema.ts';
import * as sso from './sso.queries.ts';

/** An SSO sign-in the rules refuse; the key says why, in words the visitor can act on. */
export class SsoRefused extends DomainError {
  constructor(reason: 'unverifiedEmail' | 'domain' | 'existingAccount' | 'platformAdmin' | 'disabled' | 'failed') {
    super(403, `sso.errors.${reason}`);
  }
}

export const SSO_CALLBACK_PATH = '/sso/callback';

/**
 * Organisation sign-in settings (two-factor policy, OpenID Connect) and the SSO sign-in
 * itself: which user an identity is, and just-in-time membership with the default role.
 */
export function createSsoService(deps: { db: Database; box: SecretBox; oidc: OidcClient; baseUrl: string }) {
  const { db, box, oidc } = deps;
  const redirectUri = `${deps.baseUrl}${SSO_CALLBACK_PATH}`;

  /** Sign-in settings are the organisation's own: not changed through a consultancy's engagement. */
  function authorizeSettings(actor: Actor) {
    authorize(actor, 'signIn.manage');
    if (actor.via !== 'membership') throw new Forbidden();
  }

  function audit(q: Queryable, actor: { orgId: string; userId: string | null }, action: string, details: Record<string, unknown>) {
    return insertAuditEntry(q, { organizationId: actor.orgId, actorUserId: actor.userId, action, targetType: 'organization', targetId: actor.orgId, details });
  }

  async function settings(actor: Actor) {
    authorizeSettings(actor);
    const row = await db.tx(dbContext(actor), (q) => sso.getSettings(q));
    return {
      redirectUri,
      requireTwoFactor: row?.require_two_factor ?? false,
      sso: {
        enabled: row?.sso_enabled ?? false,
        issuer: row?.sso_issuer ?? '',
        clientId: row?.sso_client_id ?? '',
        // Never shown back: only whether one is stored.
        hasSecret: Boolean(row?.sso_client_secret_encrypted),
        domains: (row?.sso_allowed_domains ?? []).join(', '),
        defaultRole: row?.sso_default_role ?? 'viewer',
      },
    };
  }

  async function setTwoFactorPolicy(actor: Actor, input: unknown) {
    authorizeSettings(actor);
    const { requireTwoFactor } = parseInput(policySchema, input);
    await db.tx(dbContext(actor), async (q) => {
      await sso.saveRequireTwoFactor(q, requireTwoFactor, actor.userId);
      await audit(q, actor, 'org.two_factor_policy_updated', { requireTwoFactor });
    });
  }

  async function saveSso(actor: Actor, input: unknown) {
    authorizeSettings(actor);
    const v = parseInput(ssoSchema, input);
    await db.tx(dbContext(actor), async (q) => {
      const current = await sso.getSettings(q);
      // An empty secret field keeps the stored secret (it is never sent to the browser).
      const secretEncrypted = v.clientSecret ? box.seal(v.clientSecret) : (current?.sso_client_secret_encrypted ?? null);
      if (v.enabled && !secretEncrypted) throw new ValidationFailed([{ field: 'clientSecret', key: 'sso.errors.clientSecret' }]);
      await sso.saveSso(q, {
        enabled: v.enabled, issuer: v.issuer || null, clientId: v.clientId || null, secretEncrypted, domains: v.domains, defaultRole: v.defaultRole,
      }, actor.userId);
      await audit(q, actor, 'org.sso_updated', {
        enabled: v.enabled, issuer: v.issuer, clientId: v.clientId, domains: v.domains, defaultRole: v.defaultRole, secretChanged: Boolean(v.clientSecret),
      });
    });
  }

  function providerOf(row: sso.SignInSettingsRow | undefined) {
    if (!row?.sso_enabled || !row.sso_issuer || !row.sso_client_id || !row.sso_client_secret_encrypted) throw new SsoRefused('disabled');
    return { issuer: row.sso_issuer, clientId: row.sso_client_id, clientSecret: box.open(row.sso_client_secret_encrypted) };
  }

  /** Finds the organisation with SSO by the visitor's e-mail domain or by its code. */
  async function findOrganization(input: unknown): Promise<{ id: string; slug: string; name: string; loginHint?: string }> {
    const { identifier } = parseInput(startSchema, input);
    const email = identifier.includes('@') ? identifier.toLowerCase() : undefined;
    const orgs = await db.admin((q) => sso.findSsoOrganizations(q, email ? { domain: email.split('@').pop() } : { slug: identifier }));
    if (orgs.length === 0) throw new NotFound('sso.errors.notFound');
    if (orgs.length > 1) throw new ValidationFailed([{ field: 'identifier', key: 'sso.errors.ambiguous' }]);
    return { ...orgs[0], loginHint: email };
  }

  /** The provider's sign-in URL for the organisation, with fresh state, nonce and PKCE verifier. */
  async function start(slug: string, loginHint?: string): Promise<{ orgId: string; url: URL; checks: FlowChecks }> {
    const org = await findOrganization({ identifier: slug });
    const row = await db.tx({ orgId: org.id, userId: null }, (q) => sso.getSettings(q));
    const hint = loginHint && /^[^\s@]+@[^\s@]+$/.test(loginHint) ? loginHint.slice(0, 254) : undefined;
    const { url, checks } = await oidc.authorizationUrl(providerOf(row), hint);
    return { orgId: org.id, url, checks };
  }

  /**
   * The provider's answer: checks the code exchange, then the e-mail (verified, in an allowed
   * domain), then finds or creates the user and their membership. Returns the user to sign in.
   */
  async function complete(orgId: string, currentUrl: URL, checks: FlowChecks, locale: string, ip: string | null): Promise<{ userId: string }> {
    const row = await db.tx({ orgId, userId: null }, (q) => sso.getSettings(q));
    const claims = await oidc.finish(providerOf(row), currentUrl, checks);
    const ctx = { orgId, userId: null };
    const refuse = async (reason: ConstructorParameters<typeof SsoRefused>[0]) => {
      await db.tx(ctx, (q) => insertAuditEntry(q, {
        organizationId: orgId, actorUserId: null, actorLabel: claims.email ?? claims.subject, action: 'sso.refused', details: { reason, subject: claims.subject }, ip,
      }));
      return new SsoRefused(reason);
    };
    if (!claims.email || !claims.emailVerified) throw await refuse('unverifiedEmail');
    const email = claims.email.trim().toLowerCase();
    const domain = email.split('@').pop()!;
    if (!row!.sso_allowed_domains.includes(domain)) throw await refuse('domain');

    // Accounts are looked up by e-mail before anyone is signed in: the owner connection, since
    // row-level security shows a request only the members of its organisation.
    const existingAccount = await db.admin((q) => sso.findUserForSso(q, email));
    const outcome = await db.tx(ctx, async (q) => {
      let userId = await sso.findIdentity(q, claims.issuer, claims.subject);
      let created = false;
      if (!userId) {
        const existing = existingAccount;
        if (existing?.is_platform_admin) return { refused: 'platformAdmin' as const };
        // An account made elsewhere is linked only if this organisation already counts it as a member:
        // an allowed domain is the organisation's claim, not proof that it owns everyone's account.
        if (existing && !(await sso.findMembershipRole(q, existing.id))) return { refused: 'existingAccount' as const };
        userId = existing?.id ?? (await sso.createSsoUser(q, { email, name: claims.name?.slice(0, 200) || email, locale }));
        created = !existing;
        await sso.linkIdentity(q, claims.issuer, claims.subject, userId);
      }
      const joined = await sso.insertMembershipIfMissing(q, userId, row!.sso_default_role);
      await insertAuditEntry(q, {
        organizationId: orgId, actorUserId: userId, action: 'sso.sign_in', targetType: 'user', targetId: userId,
        details: { issuer: claims.issuer, userCreated: created, membershipCreated: joined, ...(joined ? { role: row!.sso_default_role } : {}) }, ip,
      });
      return { userId };
    });
    if ('refused' in outcome) throw await refuse(outcome.refused!);
    return { userId: outcome.userId };
  }

  return { redirectUri, settings, setTwoFactorPolicy, saveSso, findOrganization, start, complete };
}

export type SsoService = ReturnType<typeof createSsoService>;
