import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize, can } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { NotFound, ValidationFailed, type FieldIssue } from '../errors.ts';
import * as cases from './case.queries.ts';
import * as records from './case-records.queries.ts';
import * as directory from './directory.queries.ts';
import * as findings from './finding.queries.ts';
import { withCase } from './case.access.ts';
import { FOLLOWUP_MILESTONES, milestoneDue, milestoneMet, missingSteps } from './case.rules.ts';
import { referenceEntriesFor } from './referral-directory.ts';
import type { CaseStatus } from './remediation.types.ts';
import { emitWebhookEvent } from '../webhooks/webhook.emit.ts';
import { createSiteLookupService, sitePickLabel } from '../suppliers/site-lookup.service.ts';
import { selectSitePick } from '../suppliers/site-lookup.queries.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type CaseFields = Omit<cases.CaseInput, 'siteId' | 'findingId' | 'identifiedOn'>;

/**
 * Ethnic origin and migration status are sensitive personal data (LFPDPPP), and so are
 * Afro-descendant identity and household chores (INEGI): they are kept only when the
 * guardian's express written consent is recorded (docs/casework.md). The message names
 * the fields actually filled in, so a person who chose only "Afro-descendant" is not told
 * about ethnicity and migration.
 */
function sensitiveIssues(c: CaseFields): FieldIssue[] {
  if (c.sensitiveConsentOn) return [];
  const ethnicMigration = c.indigenous !== null || c.migrant !== null;
  const afroChores = (c.afroDescendant ?? null) !== null || (c.householdChores ?? null) !== null;
  if (!ethnicMigration && !afroChores) return [];
  const key = ethnicMigration && afroChores ? 'casework.errors.consentRequiredAll'
    : afroChores ? 'casework.errors.consentRequiredAfroChores' : 'casework.errors.consentRequired';
  return [{ field: 'sensitiveConsentOn', key }];
}

/** The situation must fit the age: under the minimum age is under 15; permitted work is 15–17 (LFT arts. 22, 22 Bis). */
function situationIssues(c: CaseFields): FieldIssue[] {
  if (c.situation === 'under_minimum_age' && c.age >= 15) return [{ field: 'situation', key: 'casework.errors.underMinimumAge15' }];
  if (c.situation === 'permitted_without_protections' && c.age < 15) return [{ field: 'situation', key: 'casework.errors.permittedUnder15' }];
  return [];
}

async function checkAssignable(q: Queryable, userId: string) {
  if (!(await cases.assignableCaseWorkers(q)).some((u) => u.user_id === userId)) {
    throw new ValidationFailed([{ field: 'caseWorkerId', key: 'casework.errors.notAssignable' }]);
  }
}

/**
 * Child cases: data about minors. A case opens only to its named case workers
 * (case.access.ts); owners and admins open cases and assign workers. Every read or change
 * — a list included — leaves an audit entry naming who looked; details never copy notes.
 */
export function createCaseService(db: Database) {
  const siteLookup = createSiteLookupService(db);
  async function list(actor: Actor, f: { status?: CaseStatus; page: number }) {
    authorize(actor, 'cases.read');
    const limit = 50;
    return db.tx(dbContext(actor), async (q) => {
      const { rows, total } = await cases.listCases(q, {
        status: f.status, userId: actor.userId, all: can(actor, 'cases.manage'), limit, offset: (f.page - 1) * limit,
      });
      await recordAudit(q, actor, { action: 'child_case.listed', targetType: 'child_case', details: { status: f.status ?? null, page: f.page, count: rows.length } });
      return { rows, total, page: f.page, pages: Math.max(1, Math.ceil(total / limit)) };
    });
  }

  async function detail(actor: Actor, id: string) {
    return withCase(db, actor, id, {}, async (q, { childCase, workers }) => {
      await recordAudit(q, actor, { action: 'child_case.viewed', targetType: 'child_case', targetId: id });
      const referrals = await records.listReferrals(q, id);
      const followups = await records.listFollowups(q, id);
      const municipal = childCase.territory_code && /^\d{5}$/.test(childCase.territory_code) ? childCase.territory_code : null;
      const local = await directory.listServices(q, { activeOnly: true });
      const visits = followups.map((v) => v.visit_date);
      return {
        childCase, workers, referrals, followups,
        // The site's own municipality first; others need a reason (the child's home community).
        services: local.filter((s) => s.territory_code === municipal),
        otherServices: local.filter((s) => s.territory_code !== municipal),
        references: referenceEntriesFor(childCase.state_code),
        milestones: FOLLOWUP_MILESTONES.map((m) => ({ months: m, due: milestoneDue(childCase.identified_on, m), met: milestoneMet(childCase.identified_on, m, visits) })),
        missing: missingSteps({
          age: childCase.age, situation: childCase.situation, identifiedOn: childCase.identified_on,
          protectionOn: childCase.protection_on, referrals, followups,
        }),
      };
    });
  }

  /** The register entry a manager assigns from: where the case is and who works on it, no child data. */
  async function register(actor: Actor, id: string) {
    authorize(actor, 'cases.manage');
    return db.tx(dbContext(actor), async (q) => {
      const c = await cases.getCase(q, id);
      if (!c) throw new NotFound();
      await recordAudit(q, actor, { action: 'child_case.register_viewed', targetType: 'child_case', targetId: id });
      return {
        entry: { id: c.id, status: c.status, site_name: c.site_name, supplier_name: c.supplier_name, identified_on: c.identified_on },
        workers: await cases.caseWorkers(q, id),
        assignable: await cases.assignableCaseWorkers(q),
      };
    });
  }

  /**
   * What the form offers and what its site field starts with: the site sent by id (an API
   * client's form shown again), else the site of the finding the case is opened from.
   */
  async function formChoices(actor: Actor, from: { siteId?: string; findingId?: string } = {}) {
    authorize(actor, 'cases.manage');
    return db.tx(dbContext(actor), async (q) => {
      const findingSite = !from.siteId && from.findingId && UUID.test(from.findingId)
        ? (await findings.getFinding(q, from.findingId.toLowerCase()))?.site_id ?? null : null;
      const siteId = from.siteId && UUID.test(from.siteId) ? from.siteId.toLowerCase() : findingSite;
      const site = siteId ? await selectSitePick(q, siteId) : undefined;
      return {
        caseWorkers: await cases.assignableCaseWorkers(q),
        settings: await cases.retentionSettings(q),
        siteLabel: site ? sitePickLabel(site) : null,
      };
    });
  }

  /** The site typed in the form's type-ahead field (the picker without JavaScript); errors name the field. */
  async function resolveSite(actor: Actor, typed: string): Promise<string> {
    authorize(actor, 'cases.manage');
    return (await siteLookup.resolve(actor, typed, 'site', { messages: 'remediation.errors.caseSiteLookup' })).id;
  }

  async function create(actor: Actor, input: cases.CaseInput & { caseWorkerId?: string }): Promise<string> {
    authorize(actor, 'cases.manage');
    return db.tx(dbContext(actor), async (q) => {
      const issues: FieldIssue[] = [];
      if (!(await cases.siteTerritory(q, input.siteId))) issues.push({ field: 'siteId', key: 'remediation.errors.unknownSite' });
      if (input.findingId && !(await findings.getFinding(q, input.findingId))) issues.push({ field: 'findingId', key: 'remediation.errors.unknownFinding' });
      issues.push(...situationIssues(input), ...sensitiveIssues(input));
      if (issues.length) throw new ValidationFailed(issues);
      const caseWorkerId = input.caseWorkerId ?? actor.userId;
      if (!caseWorkerId) throw new ValidationFailed([{ field: 'caseWorkerId', key: 'casework.errors.notAssignable' }]);
      await checkAssignable(q, caseWorkerId);
      const id = await cases.insertCase(q, { ...input, createdBy: actor.userId });
      await cases.assign(q, id, caseWorkerId, actor.userId);
      await recordAudit(q, actor, {
        action: 'child_case.created', targetType: 'child_case', targetId: id,
        details: { siteId: input.siteId, findingId: input.findingId, situation: input.situation, caseWorkerId, sensitiveRecorded: input.sensitiveConsentOn !== null },
      });
      // Only that a case exists and where: never the child's data.
      await emitWebhookEvent(q, 'case.opened', { caseId: id, siteId: input.siteId });
      return id;
    });
  }

  async function update(actor: Actor, id: string, input: CaseFields) {
    await withCase(db, actor, id, { forUpdate: true, writable: true }, async (q) => {
      const issues = [...situationIssues(input), ...sensitiveIssues(input)];
      if (issues.length) throw new ValidationFailed(issues);
      await cases.updateCase(q, id, input);
      await recordAudit(q, actor, { action: 'child_case.updated', targetType: 'child_case', targetId: id, details: { situation: input.situation } });
    });
  }

  async function assign(actor: Actor, id: string, userId: string) {
    authorize(actor, 'cases.manage');
    await db.tx(dbContext(actor), async (q) => {
      if (!(await cases.getCase(q, id, true))) throw new NotFound();
      await checkAssignable(q, userId);
      if (await cases.assign(q, id, userId, actor.userId)) {
        await recordAudit(q, actor, { action: 'child_case.assigned', targetType: 'child_case', targetId: id, details: { userId } });
      }
    });
  }

  async function unassign(actor: Actor, id: string, userId: string) {
    authorize(actor, 'cases.manage');
    await db.tx(dbContext(actor), async (q) => {
      if (!(await cases.getCase(q, id, true))) throw new NotFound();
      const workers = await cases.caseWorkers(q, id);
      // A case nobody may open would be lost to follow-up by design.
      if (workers.length === 1 && workers[0].user_id === userId) {
        throw new ValidationFailed([{ field: 'caseWorkerId', key: 'casework.errors.lastCaseWorker' }]);
      }
      if (await cases.unassign(q, id, userId)) {
        await recordAudit(q, actor, { action: 'child_case.unassigned', targetType: 'child_case', targetId: id, details: { userId } });
      }
    });
  }

  async function settings(actor: Actor) {
    authorize(actor, 'cases.manage');
    return db.tx(dbContext(actor), (q) => cases.retentionSettings(q));
  }

  async function saveSettings(actor: Actor, input: { retentionMonths: number; privacyNoticeUrl?: string }) {
    authorize(actor, 'cases.manage');
    await db.tx(dbContext(actor), async (q) => {
      await cases.saveRetentionSettings(q, { retentionMonths: input.retentionMonths, privacyNoticeUrl: input.privacyNoticeUrl ?? null, updatedBy: actor.userId });
      await recordAudit(q, actor, { action: 'casework.settings_updated', targetType: 'organization', targetId: actor.orgId, details: { retentionMonths: input.retentionMonths } });
    });
  }

  return { list, detail, register, formChoices, resolveSite, create, update, assign, unassign, settings, saveSettings };
}

export type CaseService = ReturnType<typeof createCaseService>;
