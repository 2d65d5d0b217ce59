import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize, canApproveFindingChange } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../errors.ts';
import * as findings from './finding.queries.ts';
import * as review from './finding-review.queries.ts';
import type { FindingCategory, FindingSeverity } from './remediation.types.ts';

/** A reason must say something: at least this many characters. */
export const MIN_REASON = 10;

/**
 * Four eyes on critical findings (a child found working, a minor in hazardous work):
 * closing or downgrading one is a proposal with a reason, which another member with an
 * approver's role accepts or rejects. The proposer can never approve their own.
 */
export async function proposeChange(
  q: Queryable, actor: Actor, finding: findings.FindingRow,
  change: { kind: 'close' } | { kind: 'downgrade'; category: FindingCategory; severity: FindingSeverity },
  reason: string | undefined,
): Promise<string> {
  if (!actor.userId) throw new Forbidden();
  if (!reason || reason.trim().length < MIN_REASON) throw new ValidationFailed([{ field: 'reason', key: 'casework.errors.criticalReason', params: { min: MIN_REASON } }]);
  if (await review.pendingChangeRequest(q, finding.id)) throw new Conflict('casework.errors.proposalPending');
  const id = await review.insertChangeRequest(q, {
    findingId: finding.id, change: change.kind, reason: reason.trim(), proposedBy: actor.userId,
    toCategory: change.kind === 'downgrade' ? change.category : null, toSeverity: change.kind === 'downgrade' ? change.severity : null,
  });
  await recordAudit(q, actor, {
    action: 'finding.change_proposed', targetType: 'finding', targetId: finding.id,
    details: { requestId: id, change: change.kind, ...(change.kind === 'downgrade' ? { toSeverity: change.severity, toCategory: change.category } : {}) },
  });
  return id;
}

export function createFindingReviewService(db: Database) {
  async function list(actor: Actor, findingId: string) {
    authorize(actor, 'findings.read');
    return db.tx(dbContext(actor), (q) => review.listChangeRequests(q, findingId));
  }

  /** Approves or rejects; returns the finding's id. */
  async function decide(actor: Actor, requestId: string, decision: 'approved' | 'rejected'): Promise<string> {
    authorize(actor, 'findings.approveCritical');
    return db.tx(dbContext(actor), async (q) => {
      const request = await review.getChangeRequest(q, requestId, true);
      if (!request) throw new NotFound();
      if (request.decision) throw new Conflict('casework.errors.proposalDecided');
      if (!canApproveFindingChange(actor, request.proposed_by)) throw new Forbidden('casework.errors.ownProposal');
      const finding = await findings.getFinding(q, request.finding_id, true);
      if (!finding) throw new NotFound();
      await review.decideChangeRequest(q, requestId, decision, actor.userId!);
      if (decision === 'approved') {
        if (request.change === 'close') {
          await findings.setFindingStatus(q, finding.id, 'closed');
        } else {
          await findings.updateFindingClass(q, finding.id, {
            category: request.to_category!, severity: request.to_severity!, title: finding.title, description: finding.description,
          });
        }
      }
      await recordAudit(q, actor, {
        action: decision === 'approved' ? 'finding.change_approved' : 'finding.change_rejected', targetType: 'finding', targetId: finding.id,
        details: { requestId, change: request.change, proposedBy: request.proposed_by },
      });
      return finding.id;
    });
  }

  return { list, decide };
}

export type FindingReviewService = ReturnType<typeof createFindingReviewService>;
