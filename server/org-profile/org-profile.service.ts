import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize, can } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Forbidden, NotFound } from '../errors.ts';
import type { DetailsInput } from './org-profile.schema.ts';
import * as profile from './org-profile.queries.ts';

export interface ChecklistItem {
  key: 'suppliers' | 'questionnaire' | 'colleagues' | 'details';
  done: boolean;
  links: { href: string; label: string }[];
}

/** The organisation's own details, and the first-run checklist built on what it has done. */
export function createOrgProfileService(db: Database) {
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
   * The steps a new company takes; null once all are done (the checklist disappears) or
   * when the actor could not act on it (only the company's own owners and admins see it).
   */
  async function checklist(actor: Actor): Promise<ChecklistItem[] | null> {
    if (actor.orgKind !== 'company' || actor.via !== 'membership' || !can(actor, 'org.manage')) return null;
    const c = await db.tx(dbContext(actor), (q) => profile.checklistCounts(q));
    const items: ChecklistItem[] = [
      { key: 'suppliers', done: c.suppliers > 0, links: [{ href: '/suppliers/new', label: 'addSupplier' }, { href: '/suppliers/import', label: 'importSuppliers' }] },
      { key: 'questionnaire', done: c.sent_assessments > 0, links: [{ href: '/assessments/new', label: 'sendQuestionnaire' }] },
      { key: 'colleagues', done: c.colleagues > 0, links: [{ href: '/settings/members', label: 'inviteColleagues' }] },
      { key: 'details', done: c.details, links: [{ href: '/settings/organization', label: 'setDetails' }] },
    ];
    return items.every((i) => i.done) ? null : items;
  }

  async function deletionScheduledFor(actor: Actor): Promise<Date | null> {
    return db.tx(dbContext(actor), async (q) => (await profile.getDetails(q))?.delete_after ?? null);
  }

  return { details, updateDetails, checklist, deletionScheduledFor };
}

export type OrgProfileService = ReturnType<typeof createOrgProfileService>;
