import type { Queryable } from '../db/types.ts';
import type { Actor } from '../auth/actor.ts';
import { insertAuditEntry } from './audit.queries.ts';
import { readIsAudited } from '../auth/policy.ts';

export interface AuditEvent {
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/**
 * Records an event in the acting organisation's chain, inside the caller's transaction
 * so the change and its audit entry commit or fail together.
 */
export function recordAudit(q: Queryable, actor: Actor, event: AuditEvent, ip?: string | null): Promise<void> {
  const label = actor.apiKeyId
    ? `api-key:${actor.apiKeyId}`
    : actor.via === 'engagement'
      ? `${actor.userName} (${actor.consultancyName})`
      : actor.userName;
  return insertAuditEntry(q, {
    organizationId: actor.orgId,
    actorUserId: actor.userId,
    actorLabel: label,
    ...event,
    ip: ip ?? null,
  });
}

/**
 * A read that policy wants traced (an auditor opening a finding, plan, answers...): one
 * entry `<targetType>.viewed`, or `<targetType>.listed` for a list; nothing for other roles.
 */
export async function recordAuditedRead(
  q: Queryable, actor: Actor, read: { targetType: string; targetId?: string; list?: boolean; details?: Record<string, unknown> },
): Promise<void> {
  if (!readIsAudited(actor)) return;
  await recordAudit(q, actor, {
    action: `${read.targetType}.${read.list ? 'listed' : 'viewed'}`, targetType: read.targetType, targetId: read.targetId, details: read.details,
  });
}
