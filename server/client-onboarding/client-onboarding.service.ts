import { randomBytes } from 'node:crypto';
import type { Database } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import { type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { insertAuditEntry } from '../audit/audit.queries.ts';
import { Forbidden, ValidationFailed } from '../errors.ts';
import { translator, pickLocale } from '../i18n/index.ts';
import { newToken } from '../auth/tokens.ts';
import { insertOrganization } from '../organizations/organization.queries.ts';
import { upsertEngagement } from '../engagements/engagement.queries.ts';
import { insertInvitation } from '../members/member.queries.ts';
import { isReservedName, slugify } from '../signup/signup.names.ts';
import { slugTaken } from '../signup/signup.queries.ts';
import type { NewClientInput } from './client-onboarding.schema.ts';
import * as clients from './client-onboarding.queries.ts';

const INVITATION_DAYS = 7;

/**
 * A consultancy brings a client aboard: it creates the company, is engaged in it with the
 * role it chose, and invites the client's first owner — who from then on decides, and can
 * end the engagement at any time.
 */
export function createClientOnboardingService(deps: { db: Database; mailer: Mailer; baseUrl: string }) {
  const { db, mailer, baseUrl } = deps;

  /** Owners and admins of a consultancy, acting as its own members. */
  function assertCanOnboard(actor: Actor) {
    authorize(actor, 'clients.onboard');
    if (actor.orgKind !== 'consultancy' || actor.via !== 'membership' || actor.apiKeyId) throw new Forbidden();
  }

  async function createClient(actor: Actor, input: NewClientInput, locale: string, ip: string | null): Promise<string> {
    assertCanOnboard(actor);
    const base = slugify(input.clientName);
    if (!base) throw new ValidationFailed([{ field: 'clientName', key: 'signup.errors.orgNameLetters' }]);
    if (isReservedName(input.clientName)) throw new ValidationFailed([{ field: 'clientName', key: 'signup.errors.reserved', params: { name: input.clientName } }]);
    const { token, hash } = newToken();
    const clientId = await db.admin(async (q) => {
      let slug = base;
      while (await slugTaken(q, slug)) slug = `${base.slice(0, 53)}-${randomBytes(3).toString('hex')}`;
      const id = await insertOrganization(q, { kind: 'company', name: input.clientName, slug });
      await clients.enterOrg(q, id);
      await upsertEngagement(q, { consultancyId: actor.orgId, role: input.role, createdBy: actor.userId });
      // No created_by: the owner's invitation belongs to the client, not to the engagement,
      // so ending the engagement never takes the client's own ownership with it.
      const invitationId = await insertInvitation(q, { email: input.ownerEmail, role: 'owner', tokenHash: hash, accessExpiresAt: null, createdBy: null, viaConsultancyId: null, days: INVITATION_DAYS });
      const label = `${actor.userName} (${actor.orgName})`;
      for (const [action, targetType, targetId, details] of [
        ['organization.created', 'organization', id, { kind: 'company', name: input.clientName, slug, byConsultancy: actor.orgName }],
        ['engagement.granted', 'organization', actor.orgId, { consultancy: actor.orgName, role: input.role }],
        ['membership.invited', 'invitation', invitationId, { email: input.ownerEmail, role: 'owner', invitedBy: actor.userId }],
      ] as const) {
        await insertAuditEntry(q, { organizationId: id, actorUserId: actor.userId, actorLabel: label, action, targetType, targetId, details: { ...details }, ip });
      }
      return id;
    });
    await db.tx({ orgId: actor.orgId, userId: actor.userId }, (q) =>
      recordAudit(q, actor, { action: 'client.onboarded', targetType: 'organization', targetId: clientId, details: { name: input.clientName, role: input.role, ownerEmail: input.ownerEmail } }, ip),
    );
    const t = translator(pickLocale(locale));
    await mailer.send({
      to: input.ownerEmail,
      subject: t('clientOnboarding.inviteMail.subject', { org: input.clientName }),
      text: t('clientOnboarding.inviteMail.body', {
        org: input.clientName, consultancy: actor.orgName, inviter: actor.userName, role: t(`roles.${input.role}`),
        link: `${baseUrl}/invitations/${token}`, days: INVITATION_DAYS,
      }),
    });
    return clientId;
  }

  /** Who has access to the company in context, how and since when (its own owners and admins). */
  async function access(actor: Actor) {
    authorize(actor, 'engagements.manage');
    if (actor.orgKind !== 'company' || actor.via !== 'membership') throw new Forbidden();
    return db.admin((q) => clients.listAccess(q, actor.orgId));
  }

  return { assertCanOnboard, createClient, access };
}

export type ClientOnboardingService = ReturnType<typeof createClientOnboardingService>;
