import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Conflict, NotFound, ValidationFailed } from '../errors.ts';
import * as cases from './case.queries.ts';
import * as directory from './directory.queries.ts';
import * as findings from './finding.queries.ts';
import type { CaseStatus, ClosureReason, ReferralOutcome } from './remediation.types.ts';

export interface FollowupInput {
  visitDate: string;
  notes?: string;
  schoolEnrolled: boolean;
  withdrawn: boolean;
  nextVisit?: string;
}

/**
 * Child cases: data about minors, so only `cases.*` roles reach them, and every read
 * or change — a list included — leaves an audit entry naming who looked. Audit details
 * never copy the free notes.
 */
export function createCaseService(db: Database) {
  async function load(q: Queryable, id: string, forUpdate = false) {
    const found = await cases.getCase(q, id, forUpdate);
    if (!found) throw new NotFound();
    return found;
  }

  async function list(actor: Actor, f: { status?: CaseStatus; page: number }) {
    authorize(actor, 'cases.read');
    const limit = 50;
    return db.tx(dbContext(actor), async (q) => {
      const { rows, total } = await cases.listCases(q, { status: f.status, limit, offset: (f.page - 1) * limit });
      await recordAudit(q, actor, { action: 'child_case.listed', targetType: 'child_case', details: { status: f.status ?? null, page: f.page, count: rows.length } });
      return { rows, total, page: f.page, pages: Math.max(1, Math.ceil(total / limit)) };
    });
  }

  async function detail(actor: Actor, id: string) {
    authorize(actor, 'cases.read');
    return db.tx(dbContext(actor), async (q) => {
      const childCase = await load(q, id);
      await recordAudit(q, actor, { action: 'child_case.viewed', targetType: 'child_case', targetId: id });
      const territory = childCase.territory_code;
      return {
        childCase,
        referrals: await cases.listReferrals(q, id),
        followups: await cases.listFollowups(q, id),
        // Only services of the site's own municipality may receive the referral.
        services: territory && /^\d{5}$/.test(territory) ? await directory.listServices(q, { territoryCode: territory, activeOnly: true }) : [],
      };
    });
  }

  async function formChoices(actor: Actor) {
    authorize(actor, 'cases.manage');
    return db.tx(dbContext(actor), async (q) => ({ sites: await cases.siteChoices(q) }));
  }

  async function create(actor: Actor, input: cases.CaseInput): Promise<string> {
    authorize(actor, 'cases.manage');
    return db.tx(dbContext(actor), async (q) => {
      if (!(await cases.siteTerritory(q, input.siteId))) throw new ValidationFailed([{ field: 'siteId', key: 'remediation.errors.unknownSite' }]);
      if (input.findingId && !(await findings.getFinding(q, input.findingId))) {
        throw new ValidationFailed([{ field: 'findingId', key: 'remediation.errors.unknownFinding' }]);
      }
      const id = await cases.insertCase(q, { ...input, createdBy: actor.userId });
      await recordAudit(q, actor, {
        action: 'child_case.created', targetType: 'child_case', targetId: id,
        details: { siteId: input.siteId, findingId: input.findingId, situation: input.situation },
      });
      return id;
    });
  }

  async function update(actor: Actor, id: string, input: Omit<cases.CaseInput, 'siteId' | 'findingId' | 'identifiedOn'>) {
    authorize(actor, 'cases.manage');
    await db.tx(dbContext(actor), async (q) => {
      const before = await load(q, id, true);
      if (before.status === 'closed') throw new Conflict('remediation.errors.caseClosed');
      await cases.updateCase(q, id, input);
      await recordAudit(q, actor, { action: 'child_case.updated', targetType: 'child_case', targetId: id, details: { situation: input.situation } });
    });
  }

  /** Refers the case to a service of the site's municipality (CLRISK phase II). */
  async function refer(actor: Actor, id: string, input: { serviceId: string; referredOn: string }) {
    authorize(actor, 'cases.manage');
    await db.tx(dbContext(actor), async (q) => {
      const childCase = await load(q, id, true);
      if (childCase.status === 'closed') throw new Conflict('remediation.errors.caseClosed');
      if (!childCase.territory_code || !/^\d{5}$/.test(childCase.territory_code)) {
        throw new ValidationFailed([{ field: 'serviceId', key: 'remediation.errors.siteWithoutMunicipality' }]);
      }
      const service = await directory.getService(q, input.serviceId);
      if (!service || !service.active) throw new ValidationFailed([{ field: 'serviceId', key: 'remediation.errors.unknownService' }]);
      if (service.territory_code !== childCase.territory_code) {
        throw new ValidationFailed([{
          field: 'serviceId', key: 'remediation.errors.serviceOtherMunicipality',
          params: { service: service.name, municipality: childCase.municipality_name ?? childCase.territory_code },
        }]);
      }
      const referralId = await cases.insertReferral(q, { caseId: id, serviceId: service.id, referredOn: input.referredOn, createdBy: actor.userId });
      if (childCase.status === 'open') await cases.setCaseStatus(q, id, 'referred');
      await recordAudit(q, actor, {
        action: 'child_case.referred', targetType: 'child_case', targetId: id,
        details: { referralId, serviceId: service.id, kind: service.kind, territoryCode: service.territory_code },
      });
    });
  }

  async function setReferralOutcome(actor: Actor, referralId: string, outcome: ReferralOutcome): Promise<string> {
    authorize(actor, 'cases.manage');
    return db.tx(dbContext(actor), async (q) => {
      const caseId = await cases.setReferralOutcome(q, referralId, outcome);
      if (!caseId) throw new NotFound();
      await recordAudit(q, actor, { action: 'child_case.referral_updated', targetType: 'child_case', targetId: caseId, details: { referralId, outcome } });
      return caseId;
    });
  }

  async function addFollowup(actor: Actor, id: string, input: FollowupInput) {
    authorize(actor, 'cases.manage');
    await db.tx(dbContext(actor), async (q) => {
      const childCase = await load(q, id, true);
      if (childCase.status === 'closed') throw new Conflict('remediation.errors.caseClosed');
      if (input.nextVisit && input.nextVisit < input.visitDate) {
        throw new ValidationFailed([{ field: 'nextVisit', key: 'remediation.errors.nextVisitBeforeVisit' }]);
      }
      const followupId = await cases.insertFollowup(q, {
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

  async function close(actor: Actor, id: string, reason: ClosureReason) {
    authorize(actor, 'cases.manage');
    await db.tx(dbContext(actor), async (q) => {
      const childCase = await load(q, id, true);
      if (childCase.status === 'closed') throw new Conflict('remediation.errors.caseClosed');
      await cases.setCaseStatus(q, id, 'closed', reason);
      await recordAudit(q, actor, { action: 'child_case.closed', targetType: 'child_case', targetId: id, details: { reason } });
    });
  }

  return { list, detail, formChoices, create, update, refer, setReferralOutcome, addFollowup, close };
}

export type CaseService = ReturnType<typeof createCaseService>;
