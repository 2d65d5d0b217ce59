import { z } from 'zod';
import type { Database } from '../db/types.ts';
import type { SessionUser } from '../auth/actor.ts';
import { insertAuditEntry } from '../audit/audit.queries.ts';
import { NotFound } from '../errors.ts';
import * as platform from './platform.queries.ts';

export const suspendSchema = z.object({
  reason: z.string().trim().min(3, { message: 'platform.errors.reason' }).max(500, { message: 'platform.errors.reason' }),
});

/**
 * The platform console: operators see every organisation and may suspend one. Suspension
 * refuses its members and API keys (see suspension.guard.ts) and keeps all its data.
 * Every action lands in the platform audit chain and in the organisation's own chain.
 */
export function createPlatformService(db: Database) {
  /** Not an operator → "not found": the console does not announce itself. */
  function assertOperator(user: SessionUser | undefined): SessionUser {
    if (!user?.isPlatformAdmin) throw new NotFound();
    return user;
  }

  async function organizations(user: SessionUser | undefined, search: string | null) {
    assertOperator(user);
    return db.admin((q) => platform.listOrganizations(q, search));
  }

  async function auditLog(user: SessionUser | undefined, action: string | null) {
    assertOperator(user);
    return db.admin((q) => platform.listPlatformAudit(q, 200, action));
  }

  async function setSuspension(user: SessionUser | undefined, orgId: string, reason: string | null, ip: string | null) {
    const operator = assertOperator(user);
    await db.admin(async (q) => {
      const org = await platform.findOrganization(q, orgId);
      if (!org) throw new NotFound();
      if (!(await platform.setSuspended(q, orgId, reason))) return; // already in that state
      const action = reason === null ? 'platform.organization_reactivated' : 'platform.organization_suspended';
      const entry = { actorUserId: operator.id, actorLabel: `${operator.name} (platform)`, action, targetType: 'organization', targetId: orgId, details: { name: org.name, reason }, ip };
      await insertAuditEntry(q, { organizationId: null, ...entry });
      await insertAuditEntry(q, { organizationId: orgId, ...entry });
    });
  }

  async function isSuspended(orgId: string, userId: string | null) {
    return db.tx({ orgId, userId }, (q) => platform.isSuspended(q));
  }

  return {
    organizations,
    auditLog,
    suspend: (user: SessionUser | undefined, orgId: string, reason: string, ip: string | null) => setSuspension(user, orgId, reason, ip),
    reactivate: (user: SessionUser | undefined, orgId: string, ip: string | null) => setSuspension(user, orgId, null, ip),
    isSuspended,
  };
}

export type PlatformService = ReturnType<typeof createPlatformService>;
