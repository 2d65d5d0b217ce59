import { z } from 'zod';
import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Forbidden, NotFound, ValidationFailed } from '../errors.ts';
import * as engagements from './engagement.queries.ts';
import { revokeKeysMadeThrough } from '../api-keys/api-key.queries.ts';
import { removeMembersGrantedThrough, revokeInvitationsSentThrough } from '../members/member.queries.ts';

export const grantSchema = z.object({
  consultancyCode: z.string().trim().min(1, { message: 'engagements.errors.code' }).max(80),
  role: z.enum(['admin', 'analyst', 'viewer'], { message: 'engagements.errors.role' }),
});

/** A company grants a consultancy a role inside it; only the company side manages it. */
export function createEngagementService(db: Database) {
  function assertCompanyAdmin(actor: Actor) {
    authorize(actor, 'engagements.manage');
    if (actor.orgKind !== 'company' || actor.via !== 'membership') throw new Forbidden();
  }

  async function list(actor: Actor) {
    assertCompanyAdmin(actor);
    return db.tx(dbContext(actor), (q) => engagements.listEngagements(q));
  }

  async function grant(actor: Actor, input: z.infer<typeof grantSchema>) {
    assertCompanyAdmin(actor);
    await db.tx(dbContext(actor), async (q) => {
      const consultancy = await engagements.findConsultancyBySlug(q, input.consultancyCode);
      if (!consultancy) {
        throw new ValidationFailed([{ field: 'consultancyCode', key: 'engagements.errors.unknownConsultancy', params: { code: input.consultancyCode } }]);
      }
      await engagements.upsertEngagement(q, { consultancyId: consultancy.id, role: input.role, createdBy: actor.userId });
      await recordAudit(q, actor, {
        action: 'engagement.granted', targetType: 'organization', targetId: consultancy.id,
        details: { consultancy: consultancy.name, role: input.role },
      });
    });
  }

  /**
   * Ends the engagement and, in the same transaction, what was granted through it: the API keys
   * and pending invitations the consultancy made, and the (non-owner) members its invitations let in.
   */
  async function revoke(actor: Actor, consultancyId: string) {
    assertCompanyAdmin(actor);
    await db.tx(dbContext(actor), async (q) => {
      if (!(await engagements.revokeEngagement(q, consultancyId))) throw new NotFound();
      const apiKeysRevoked = await revokeKeysMadeThrough(q, consultancyId);
      const invitationsRevoked = await revokeInvitationsSentThrough(q, consultancyId);
      const membersRemoved = await removeMembersGrantedThrough(q, consultancyId);
      await recordAudit(q, actor, {
        action: 'engagement.revoked', targetType: 'organization', targetId: consultancyId,
        details: { apiKeysRevoked, invitationsRevoked, membersRemoved },
      });
    });
  }

  return { list, grant, revoke };
}

export type EngagementService = ReturnType<typeof createEngagementService>;
