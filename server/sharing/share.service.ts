import type { Database } from '../db/types.ts';
import { Conflict, NotFound, ValidationFailed } from '../errors.ts';
import { OPEN_STATUSES, type AssessmentStatus } from '../assessments/assessment.queries.ts';
import * as accounts from '../supplier-accounts/supplier-account.queries.ts';
import { SUPPLIER_ACCOUNT_LABEL } from '../supplier-accounts/supplier-account.service.ts';
import type { ShareInput } from './share.schema.ts';
import { insertAuditEntry } from '../audit/audit.queries.ts';
import * as shares from './share.queries.ts';

type Account = accounts.SupplierAccountRow;

/** "The same questionnaire": the shipped template key and version, copied alike into every organisation. */
export function sameQuestionnaire(a: { template_key: string; template_version: number }, b: { template_key: string; template_version: number }): boolean {
  return a.template_key === b.template_key && a.template_version === b.template_version;
}

function isOpen(status: string): boolean {
  return OPEN_STATUSES.includes(status as AssessmentStatus);
}

/**
 * The supplier's side of sharing. Runs on the owner connection because a supplier spans
 * organisations; every query is bounded by the verified account (its inbox rule), and
 * the receiving organisation reads the shared answers only through the SQL functions
 * that check the consent (see migration 027 and docs/sharing.md).
 */
/** The supplier's consent decisions go into the receiving organisation's history and audit chain. */
async function record(q: Parameters<typeof shares.insertEventFor>[0], orgId: string, assessmentId: string, kind: 'share_offered' | 'share_revoked', shareId: string, ip?: string) {
  await shares.insertEventFor(q, orgId, assessmentId, kind, SUPPLIER_ACCOUNT_LABEL, { shareId });
  await insertAuditEntry(q, {
    organizationId: orgId, actorUserId: null, actorLabel: SUPPLIER_ACCOUNT_LABEL, action: `assessment.${kind}`,
    targetType: 'assessment', targetId: assessmentId, details: { shareId }, ip: ip ?? null,
  });
}

export function createShareService(deps: { db: Database }) {
  const { db } = deps;

  /** The inbox: every request received, what each reviewed submission can be shared with, and the shares given. */
  async function overview(account: Account) {
    return db.admin(async (q) => {
      const requests = await accounts.inbox(q, account);
      const given = await shares.listAccountShares(q, account.id);
      const byId = new Map(requests.map((r) => [r.id, r]));
      const openOffer = new Set(given.filter((s) => s.status === 'offered').map((s) => s.target_assessment_id));
      const items = requests.map((r) => ({
        ...r,
        // A request that is still open may take a reviewed answer given to another organisation.
        shareableFrom: isOpen(r.status) && !openOffer.has(r.id)
          ? requests.filter((s) => s.status === 'reviewed' && s.organization_id !== r.organization_id && sameQuestionnaire(s, r) && s.definition_hash === r.definition_hash)
          : [],
      }));
      const sharesView = given.map((s) => ({ ...s, target: byId.get(s.target_assessment_id), source: byId.get(s.source_assessment_id) }));
      return { items, shares: sharesView };
    });
  }

  /** Consent to one organisation: the reviewed `source` may be read for the open request `target`. */
  async function offer(account: Account, input: ShareInput, ip?: string): Promise<string> {
    return db.admin(async (q) => {
      const source = await accounts.inboxItem(q, account, input.source);
      const target = await accounts.inboxItem(q, account, input.target);
      const issues = [];
      if (!source || source.status !== 'reviewed') issues.push({ field: 'source', key: 'sharing.errors.sourceNotReviewed' });
      if (!target || !isOpen(target.status)) issues.push({ field: 'target', key: 'sharing.errors.targetNotOpen' });
      if (source && target && source.organization_id === target.organization_id) issues.push({ field: 'target', key: 'sharing.errors.sameOrganization' });
      // An imported template may reuse a shipped key and version with other questions.
      if (source && target && (!sameQuestionnaire(source, target) || source.definition_hash !== target.definition_hash)) issues.push({ field: 'target', key: 'sharing.errors.differentVersion' });
      if (issues.length || !source || !target) throw new ValidationFailed(issues);
      const id = await shares.insertShare(q, {
        accountId: account.id, receiverOrgId: target.organization_id, targetAssessmentId: target.id,
        sourceOrgId: source.organization_id, sourceAssessmentId: source.id,
        templateKey: target.template_key, templateVersion: target.template_version, showSourceName: input.showSourceName,
      });
      if (!id) throw new Conflict('sharing.errors.alreadyOffered');
      await record(q, target.organization_id, target.id, 'share_offered', id, ip);
      return id;
    });
  }

  /** Withdraws consent before the organisation accepted; afterwards the copy is the organisation's record. */
  async function revoke(account: Account, shareId: string, ip?: string): Promise<void> {
    await db.admin(async (q) => {
      const mine = (await shares.listAccountShares(q, account.id)).find((s) => s.id === shareId);
      if (!mine) throw new NotFound();
      const revoked = await shares.revokeShare(q, account.id, shareId);
      if (!revoked) throw new Conflict('sharing.errors.notRevocable');
      await record(q, revoked.organization_id, revoked.target_assessment_id, 'share_revoked', shareId, ip);
    });
  }

  return { overview, offer, revoke };
}

export type ShareService = ReturnType<typeof createShareService>;
