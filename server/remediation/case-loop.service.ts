import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { NotFound, ValidationFailed } from '../errors.ts';
import * as cases from './case.queries.ts';
import * as records from './case-records.queries.ts';
import * as directory from './directory.queries.ts';
import { withCase } from './case.access.ts';
import { closureIssues } from './case.rules.ts';
import { referenceEntriesFor } from './referral-directory.ts';
import type { ClosureReason, ReferralOutcome } from './remediation.types.ts';
import { emitWebhookEvent } from '../webhooks/webhook.emit.ts';

export interface FollowupInput {
  visitDate: string;
  notes?: string;
  schoolEnrolled: boolean;
  withdrawn: boolean;
  nextVisit?: string;
}

export interface ReferralInput {
  /** `service:<uuid>` (the tenant's local service) or `ref:<id>` (shipped national/state entry). */
  target: string;
  referredOn: string;
  outOfAreaReason?: string;
}

/**
 * The steps of the casework loop after a case is opened: immediate protection, referral,
 * follow-up visits (and corrections of their notes), closure. Each runs for a named case
 * worker only (withCase) and leaves an audit entry without free text.
 */
export function createCaseLoopService(db: Database) {
  async function protect(actor: Actor, id: string, input: { protectionOn: string; measure: string }) {
    await withCase(db, actor, id, { forUpdate: true, writable: true }, async (q, { childCase }) => {
      if (input.protectionOn < childCase.identified_on) {
        throw new ValidationFailed([{ field: 'protectionOn', key: 'casework.errors.protectionBeforeIdentified' }]);
      }
      await cases.setProtection(q, id, input);
      await recordAudit(q, actor, { action: 'child_case.protected', targetType: 'child_case', targetId: id, details: { protectionOn: input.protectionOn } });
    });
  }

  /**
   * Refers the case to a shipped national or state institution (the site's state; a site
   * known only by its state still refers), or to a local service: of the site's
   * municipality, or of another one when a reason is recorded (the child's home community).
   */
  async function refer(actor: Actor, id: string, input: ReferralInput) {
    await withCase(db, actor, id, { forUpdate: true, writable: true }, async (q, { childCase }) => {
      let target: records.ReferralTarget;
      let details: Record<string, unknown>;
      if (input.target.startsWith('ref:')) {
        const entry = referenceEntriesFor(childCase.state_code).find((e) => e.id === input.target.slice(4));
        if (!entry) throw new ValidationFailed([{ field: 'target', key: 'casework.errors.unknownReference' }]);
        target = { reference: { id: entry.id, name: entry.name, kind: entry.kind, level: entry.level } };
        details = { referenceId: entry.id, kind: entry.kind, level: entry.level };
      } else {
        const service = await directory.getService(q, input.target.replace(/^service:/, ''));
        if (!service || !service.active) throw new ValidationFailed([{ field: 'target', key: 'remediation.errors.unknownService' }]);
        const outOfArea = service.territory_code !== childCase.territory_code;
        if (outOfArea && !input.outOfAreaReason) {
          throw new ValidationFailed([{
            field: 'outOfAreaReason', key: 'casework.errors.outOfAreaReason',
            params: { service: service.name, municipality: childCase.municipality_name ?? childCase.territory_code ?? '—' },
          }]);
        }
        target = { serviceId: service.id, outOfAreaReason: outOfArea ? input.outOfAreaReason! : null };
        details = { serviceId: service.id, kind: service.kind, territoryCode: service.territory_code, outOfArea };
      }
      const referralId = await records.insertReferral(q, { caseId: id, target, referredOn: input.referredOn, createdBy: actor.userId });
      if (childCase.status === 'open') await cases.setCaseStatus(q, id, 'referred');
      await recordAudit(q, actor, { action: 'child_case.referred', targetType: 'child_case', targetId: id, details: { referralId, ...details } });
    });
  }

  async function setReferralOutcome(actor: Actor, referralId: string, outcome: ReferralOutcome): Promise<string> {
    authorize(actor, 'cases.read');
    const caseId = await db.tx(dbContext(actor), (q) => records.referralCase(q, referralId));
    if (!caseId) throw new NotFound();
    await withCase(db, actor, caseId, { forUpdate: true, writable: true }, async (q) => {
      await records.setReferralOutcome(q, referralId, outcome);
      await recordAudit(q, actor, { action: 'child_case.referral_updated', targetType: 'child_case', targetId: caseId, details: { referralId, outcome } });
    });
    return caseId;
  }

  async function addFollowup(actor: Actor, id: string, input: FollowupInput) {
    await withCase(db, actor, id, { forUpdate: true, writable: true }, async (q, { childCase }) => {
      if (input.nextVisit && input.nextVisit < input.visitDate) {
        throw new ValidationFailed([{ field: 'nextVisit', key: 'remediation.errors.nextVisitBeforeVisit' }]);
      }
      const followupId = await records.insertFollowup(q, {
        caseId: id, visitDate: input.visitDate, notes: input.notes || null, schoolEnrolled: input.schoolEnrolled,
        withdrawn: input.withdrawn, nextVisit: input.nextVisit || null, createdBy: actor.userId,
      });
      if (childCase.status !== 'in_follow_up') await cases.setCaseStatus(q, id, 'in_follow_up');
      await recordAudit(q, actor, {
        action: 'child_case.followup_added', targetType: 'child_case', targetId: id,
        details: { followupId, visitDate: input.visitDate, schoolEnrolled: input.schoolEnrolled, withdrawn: input.withdrawn },
      });
    });
  }

  /** Corrects a follow-up's notes: the amendment supersedes, the original stays in the history. */
  async function amendFollowup(actor: Actor, followupId: string, input: { notes?: string; reason: string }): Promise<string> {
    authorize(actor, 'cases.read');
    const caseId = await db.tx(dbContext(actor), (q) => records.followupCase(q, followupId));
    if (!caseId) throw new NotFound();
    await withCase(db, actor, caseId, { forUpdate: true }, async (q) => {
      const amendmentId = await records.insertAmendment(q, { caseId, followupId, notes: input.notes || null, reason: input.reason, createdBy: actor.userId });
      await recordAudit(q, actor, { action: 'child_case.followup_amended', targetType: 'child_case', targetId: caseId, details: { followupId, amendmentId } });
    });
    return caseId;
  }

  /** Closes only with the loop complete (protection, referral, 3- and 6-month visits) or a documented reason. */
  async function close(actor: Actor, id: string, reason: ClosureReason, closureNote?: string) {
    await withCase(db, actor, id, { forUpdate: true, writable: true }, async (q, { childCase }) => {
      const issues = closureIssues({
        age: childCase.age, situation: childCase.situation, identifiedOn: childCase.identified_on, protectionOn: childCase.protection_on,
        referrals: await records.listReferrals(q, id), followups: await records.listFollowups(q, id),
      }, reason, closureNote);
      if (issues.length) throw new ValidationFailed(issues);
      await cases.setCaseStatus(q, id, 'closed', reason, closureNote?.trim() || null);
      await recordAudit(q, actor, { action: 'child_case.closed', targetType: 'child_case', targetId: id, details: { reason, documented: !!closureNote } });
      await emitWebhookEvent(q, 'case.closed', { caseId: id });
    });
  }

  return { protect, refer, setReferralOutcome, addFollowup, amendFollowup, close };
}

export type CaseLoopService = ReturnType<typeof createCaseLoopService>;
