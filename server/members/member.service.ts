import type { Database } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import { dbContext, grantedThrough, type Actor, type SessionUser } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Conflict, Forbidden, NotFound } from '../errors.ts';
import { translator, pickLocale } from '../i18n/index.ts';
import { findUserByEmail, createUser, findSessionUser } from '../auth/auth.queries.ts';
import { assertPassword } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/password.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import { insertMembership } from '../organizations/organization.queries.ts';
import * as members from './member.queries.ts';
import { auditorExpiry } from './member.schema.ts';

const INVITATION_DAYS = 7;

export function createMemberService(deps: { db: Database; mailer: Mailer; baseUrl: string }) {
  const { db, mailer, baseUrl } = deps;

  async function list(actor: Actor) {
    authorize(actor, 'members.read');
    return db.tx(dbContext(actor), async (q) => ({
      members: await members.listMembers(q),
      invitations: await members.listPendingInvitations(q),
    }));
  }

  async function invite(actor: Actor, input: { email: string; role: string; accessExpiresAt?: string }, locale: string) {
    authorize(actor, 'members.manage');
    const { token, hash } = newToken();
    const accessExpiresAt = input.role === 'auditor' ? auditorExpiry(input.accessExpiresAt) : null;
    const id = await db.tx(dbContext(actor), async (q) => {
      const already = (await members.listMembers(q)).some((m) => m.email.toLowerCase() === input.email.toLowerCase());
      if (already) throw new Conflict('members.errors.alreadyMember', { email: input.email });
      const invitationId = await members.insertInvitation(q, {
        email: input.email, role: input.role, tokenHash: hash, accessExpiresAt, createdBy: actor.userId, days: INVITATION_DAYS,
        viaConsultancyId: grantedThrough(actor),
      });
      await recordAudit(q, actor, {
        action: 'membership.invited', targetType: 'invitation', targetId: invitationId,
        details: { email: input.email, role: input.role, accessExpiresAt },
      });
      return invitationId;
    });
    const t = translator(pickLocale(locale));
    await mailer.send({
      to: input.email,
      subject: t('members.inviteMail.subject', { org: actor.orgName }),
      text: t('members.inviteMail.body', {
        org: actor.orgName, inviter: actor.userName, role: t(`roles.${input.role}`), link: `${baseUrl}/invitations/${token}`, days: INVITATION_DAYS,
      }),
    });
    return id;
  }

  async function changeRole(actor: Actor, userId: string, input: { role: string; accessExpiresAt?: string }) {
    authorize(actor, 'members.manage');
    // Only owners hand out or take away ownership.
    if (input.role === 'owner' && actor.role !== 'owner') throw new Forbidden();
    await db.tx(dbContext(actor), async (q) => {
      const member = await members.getMember(q, userId);
      if (!member) throw new NotFound();
      if (member.role === 'owner' && actor.role !== 'owner') throw new Forbidden();
      if (member.role === 'owner' && input.role !== 'owner' && (await members.countOwners(q)) <= 1) {
        throw new Conflict('members.errors.lastOwner');
      }
      const expiresAt = input.role === 'auditor' ? auditorExpiry(input.accessExpiresAt) : null;
      await members.updateMemberRole(q, userId, input.role, expiresAt);
      await recordAudit(q, actor, {
        action: 'membership.role_changed', targetType: 'user', targetId: userId,
        details: { from: member.role, to: input.role, expiresAt },
      });
    });
  }

  async function remove(actor: Actor, userId: string) {
    authorize(actor, 'members.manage');
    await db.tx(dbContext(actor), async (q) => {
      const member = await members.getMember(q, userId);
      if (!member) throw new NotFound();
      if (member.role === 'owner' && actor.role !== 'owner') throw new Forbidden();
      if (member.role === 'owner' && (await members.countOwners(q)) <= 1) throw new Conflict('members.errors.lastOwner');
      await members.deleteMember(q, userId);
      await recordAudit(q, actor, { action: 'membership.removed', targetType: 'user', targetId: userId, details: { email: member.email, role: member.role } });
    });
  }

  async function revokeInvitation(actor: Actor, id: string) {
    authorize(actor, 'members.manage');
    await db.tx(dbContext(actor), async (q) => {
      if (!(await members.revokeInvitation(q, id))) throw new NotFound();
      await recordAudit(q, actor, { action: 'membership.invitation_revoked', targetType: 'invitation', targetId: id });
    });
  }

  /** What the invitation page shows; NotFound for unknown, used, revoked or expired links. */
  async function openInvitation(token: string) {
    const inv = await db.admin((q) => members.findOpenInvitationByHash(q, hashToken(token)));
    if (!inv) throw new NotFound('members.errors.invitationInvalid');
    // Whether the invited address has an account crosses tenants (row-level security hides other users).
    const existing = await db.admin((q) => findUserByEmail(q, inv.email));
    return { invitation: inv, hasAccount: Boolean(existing) };
  }

  /**
   * Accepts: an existing account must be the signed-in user with the invited e-mail;
   * otherwise the account is created here. Returns the user to sign in.
   */
  async function accept(
    token: string,
    signedIn: SessionUser | undefined,
    newAccount: { name: string; password: string; confirm: string } | null,
    locale: string,
  ): Promise<{ user: SessionUser; orgId: string }> {
    const { invitation: inv, hasAccount } = await openInvitation(token);
    let userId: string;
    if (hasAccount) {
      if (!signedIn || signedIn.email.toLowerCase() !== inv.email.toLowerCase()) throw new Forbidden('members.errors.signInAsInvited', { email: inv.email });
      userId = signedIn.id;
    } else {
      if (!newAccount) throw new Forbidden('members.errors.invitationInvalid');
      assertPassword(newAccount.password, newAccount.confirm);
      const passwordHash = await hashPassword(newAccount.password);
      userId = await db.tx({ orgId: null, userId: null }, (q) =>
        createUser(q, { email: inv.email, name: newAccount.name, passwordHash, locale }),
      );
    }
    const user = await db.tx({ orgId: inv.organization_id, userId }, async (q) => {
      // Single use: the conditional update is what claims the invitation.
      if (!(await members.markInvitationAccepted(q, inv.id))) throw new NotFound('members.errors.invitationInvalid');
      const alreadyMember = Boolean(await members.getMember(q, userId));
      await insertMembership(q, { orgId: inv.organization_id, userId, role: inv.role, expiresAt: inv.access_expires_at });
      // A new member let in by a consultancy's invitation leaves when its engagement ends.
      if (!alreadyMember && inv.via_consultancy_id) await members.markMembershipGrantedThrough(q, userId, inv.via_consultancy_id);
      const u = (await findSessionUser(q, userId))!;
      await recordAudit(
        q,
        { orgId: inv.organization_id, orgName: inv.org_name, orgKind: 'company', role: inv.role as never, via: 'membership', userId, userName: u.name, isPlatformAdmin: false },
        { action: 'membership.created', targetType: 'user', targetId: userId, details: { email: inv.email, role: inv.role, invitationId: inv.id } },
      );
      return u;
    });
    return { user, orgId: inv.organization_id };
  }

  return { list, invite, changeRole, remove, revokeInvitation, openInvitation, accept };
}

export type MemberService = ReturnType<typeof createMemberService>;
