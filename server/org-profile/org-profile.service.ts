import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize, can } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Forbidden, NotFound, ValidationFailed } from '../errors.ts';
import { createHash } from 'node:crypto';
import { createEvidenceStorage } from '../assessments/evidence.storage.ts';
import { sniffEvidence } from '../assessments/evidence.sniff.ts';
import type { DueDiligenceInput } from './due-diligence.schema.ts';
import type { DetailsInput } from './org-profile.schema.ts';
import * as profile from './org-profile.queries.ts';

export interface ChecklistItem {
  key: 'suppliers' | 'questionnaire' | 'colleagues' | 'details';
  done: boolean;
  links: { href: string; label: string }[];
}

/** The organisation's own details, and the first-run checklist built on what it has done. */
export function createOrgProfileService(db: Database, storageDir = 'var/storage') {
  // The policy statement lives with other evidence, STORAGE_DIR/evidence/<org>/<server-chosen
  // name>, so the organisation's export and deletion (which walk STORAGE_DIR/<area>/<org>) cover it.
  const policyStorage = createEvidenceStorage(storageDir);

  function assertOwnOrg(actor: Actor) {
    authorize(actor, 'org.manage');
    // A consultancy engaged as admin works in the client; the client's identity stays its own.
    if (actor.via !== 'membership') throw new Forbidden();
  }

  async function details(actor: Actor) {
    assertOwnOrg(actor);
    const row = await db.tx(dbContext(actor), (q) => profile.getDetails(q));
    if (!row) throw new NotFound();
    return row;
  }

  async function updateDetails(actor: Actor, input: DetailsInput) {
    assertOwnOrg(actor);
    await db.tx(dbContext(actor), async (q) => {
      await profile.updateDetails(q, input);
      await recordAudit(q, actor, { action: 'organization.details_updated', targetType: 'organization', targetId: actor.orgId, details: { ...input } });
    });
  }

  /**
   * Responsible person and policy statement. The file, when one comes, must be a PDF by
   * its content; it is written before the row so a failed write leaves the old one intact.
   */
  async function updateDueDiligence(actor: Actor, input: DueDiligenceInput, file?: { buffer: Buffer; originalname: string }) {
    assertOwnOrg(actor);
    const issues: { field: string; key: string; params?: Record<string, unknown> }[] = [];
    let stored: { path: string; sha256: string } | null = null;
    if (file) {
      const sniff = await sniffEvidence(file.buffer, file.originalname);
      if (!sniff.ok) issues.push({ field: 'policyFile', key: sniff.key, params: sniff.params });
      else if (sniff.ext !== 'pdf') issues.push({ field: 'policyFile', key: 'orgProfile.errors.policyFile', params: { name: file.originalname } });
      else stored = { path: await policyStorage.save(actor.orgId, file.buffer), sha256: createHash('sha256').update(file.buffer).digest('hex') };
    }
    if (issues.length) throw new ValidationFailed(issues);
    await db.tx(dbContext(actor), async (q) => {
      await profile.updateDueDiligence(q, input, stored);
      await recordAudit(q, actor, { action: 'organization.due_diligence_updated', targetType: 'organization', targetId: actor.orgId, details: { ...input, policySha256: stored?.sha256 } });
    });
  }

  /**
   * The dashboard's notices, read in one transaction: the first-run checklist (null once all
   * steps are done, or when the actor could not act on it — only the company's own owners and
   * admins see it) and the date the organisation is to be deleted, which everyone sees.
   */
  async function homeNotices(actor: Actor): Promise<{ checklist: ChecklistItem[] | null; deletionScheduledFor: Date | null }> {
    const showChecklist = actor.orgKind === 'company' && actor.via === 'membership' && can(actor, 'org.manage');
    return db.tx(dbContext(actor), async (q) => {
      const deletionScheduledFor = (await profile.getDetails(q))?.delete_after ?? null;
      if (!showChecklist) return { checklist: null, deletionScheduledFor };
      const c = await profile.checklistCounts(q);
      const items: ChecklistItem[] = [
        { key: 'suppliers', done: c.suppliers > 0, links: [{ href: '/suppliers/new', label: 'addSupplier' }, { href: '/suppliers/import', label: 'importSuppliers' }] },
        { key: 'questionnaire', done: c.sent_assessments > 0, links: [{ href: '/assessments/new', label: 'sendQuestionnaire' }] },
        { key: 'colleagues', done: c.colleagues > 0, links: [{ href: '/settings/members', label: 'inviteColleagues' }] },
        { key: 'details', done: c.details, links: [{ href: '/settings/organization', label: 'setDetails' }] },
      ];
      return { checklist: items.every((i) => i.done) ? null : items, deletionScheduledFor };
    });
  }

  return { details, updateDetails, updateDueDiligence, homeNotices };
}

export type OrgProfileService = ReturnType<typeof createOrgProfileService>;
