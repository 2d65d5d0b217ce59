import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize, can } from '../auth/policy.ts';
import { recordAudit, recordAuditedRead } from '../audit/audit.service.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../errors.ts';
import { cleanFileName, sniffEvidence } from '../assessments/evidence.sniff.ts';
import type { EvidenceStorage } from '../assessments/evidence.storage.ts';
import * as plans from './plan.queries.ts';
import * as findings from './finding.queries.ts';
import { availableTransitions, isOverdue, localToday, nextStatus, planProgress, verificationBlock, type ActionTransition } from './action.workflow.ts';
import type { OwnerKind } from './remediation.types.ts';
import { actorToday } from '../dates/local-day.ts';

export interface NewPlanInput {
  findingId?: string;
  supplierId?: string;
  title: string;
}

export interface NewActionInput {
  title: string;
  description?: string;
  ownerKind: OwnerKind;
  ownerUserId?: string;
  ownerLabel?: string;
  dueDate: string;
}

export function createPlanService(deps: { db: Database; storage: EvidenceStorage }) {
  const { db, storage } = deps;

  async function list(actor: Actor, filter: { findingId?: string; status?: 'open' | 'closed' } = {}) {
    authorize(actor, 'findings.read');
    const rows = await db.tx(dbContext(actor), async (q) => {
      await recordAuditedRead(q, actor, { targetType: 'remediation_plan', list: true, details: { ...filter } });
      return plans.listPlans(q, actorToday(actor), filter);
    });
    return rows.map((p) => ({ ...p, percent: p.actions_total === 0 ? 0 : Math.round((p.actions_verified / p.actions_total) * 100) }));
  }

  async function loadPlan(q: Queryable, id: string, today = localToday()) {
    const plan = await plans.getPlan(q, id, today);
    if (!plan) throw new NotFound();
    return plan;
  }

  /** The plan page: actions with what the viewer may do to each, evidence and progress. */
  async function detail(actor: Actor, id: string) {
    authorize(actor, 'findings.read');
    const today = actorToday(actor);
    return db.tx(dbContext(actor), async (q) => {
      const plan = await loadPlan(q, id, today);
      // One entry covers the plan and what its page shows: actions and their evidence list.
      await recordAuditedRead(q, actor, { targetType: 'remediation_plan', targetId: id });
      const actions = await plans.listActions(q, id);
      const evidence = await plans.evidenceOfPlan(q, id);
      const writer = can(actor, 'findings.write');
      return {
        plan,
        progress: planProgress(actions),
        actions: actions.map((a) => ({
          ...a,
          overdue: isOverdue(a, today),
          evidence: evidence.filter((e) => e.action_id === a.id),
          transitions: writer
            ? availableTransitions(a.status).filter((t) => t !== 'verify' || verificationBlock(a, actor.userId) === null)
            : [],
          verifyBlocked: a.status === 'done' ? verificationBlock(a, actor.userId) : null,
        })),
        assignable: writer ? await plans.assignableUsers(q) : [],
      };
    });
  }

  async function create(actor: Actor, input: NewPlanInput): Promise<string> {
    authorize(actor, 'findings.write');
    return db.tx(dbContext(actor), async (q) => {
      let supplierId = input.supplierId ?? null;
      if (input.findingId) {
        const finding = await findings.getFinding(q, input.findingId, true);
        if (!finding) throw new NotFound();
        if (finding.status === 'closed') throw new Conflict('remediation.errors.findingClosed');
        supplierId = finding.supplier_id;
        if (finding.status === 'open') await findings.setFindingStatus(q, finding.id, 'in_remediation');
      } else if (!supplierId || !(await findings.supplierExists(q, supplierId))) {
        throw new ValidationFailed([{ field: 'supplierId', key: 'remediation.errors.unknownSupplier' }]);
      }
      const id = await plans.insertPlan(q, { findingId: input.findingId ?? null, supplierId: supplierId!, title: input.title, createdBy: actor.userId });
      await recordAudit(q, actor, { action: 'remediation_plan.created', targetType: 'remediation_plan', targetId: id, details: { findingId: input.findingId ?? null, supplierId } });
      return id;
    });
  }

  async function setPlanStatus(actor: Actor, id: string, status: 'open' | 'closed') {
    authorize(actor, 'findings.write');
    await db.tx(dbContext(actor), async (q) => {
      const plan = await loadPlan(q, id);
      if (plan.status === status) throw new Conflict('remediation.errors.planAlreadyInStatus');
      await plans.setPlanStatus(q, id, status);
      await recordAudit(q, actor, { action: status === 'closed' ? 'remediation_plan.closed' : 'remediation_plan.reopened', targetType: 'remediation_plan', targetId: id });
    });
  }

  /** Owner rules: company/consultancy actions name a user who can act here; supplier actions name the contact. */
  async function resolveOwner(q: Queryable, plan: plans.PlanRow, input: NewActionInput) {
    if (input.ownerKind === 'supplier') {
      const label = input.ownerLabel?.trim() || plan.supplier_contact || plan.supplier_name;
      return { ownerUserId: null, ownerLabel: label };
    }
    const user = (await plans.assignableUsers(q)).find((u) => u.user_id === input.ownerUserId && u.owner_kind === input.ownerKind);
    if (!user) throw new ValidationFailed([{ field: 'ownerUserId', key: 'remediation.errors.ownerNotAssignable' }]);
    return { ownerUserId: user.user_id, ownerLabel: null };
  }

  async function addAction(actor: Actor, planId: string, input: NewActionInput): Promise<string> {
    authorize(actor, 'findings.write');
    return db.tx(dbContext(actor), async (q) => {
      const plan = await loadPlan(q, planId);
      if (plan.status === 'closed') throw new Conflict('remediation.errors.planClosed');
      const owner = await resolveOwner(q, plan, input);
      const id = await plans.insertAction(q, {
        planId, title: input.title, description: input.description ?? null, ownerKind: input.ownerKind,
        ...owner, dueDate: input.dueDate, createdBy: actor.userId,
      });
      await recordAudit(q, actor, {
        action: 'remediation_action.created', targetType: 'remediation_action', targetId: id,
        details: { planId, ownerKind: input.ownerKind, ownerUserId: owner.ownerUserId, dueDate: input.dueDate },
      });
      return id;
    });
  }

  /**
   * Moves an action along open → in_progress → done → verified (or back to work, or
   * cancelled). Verification must come from someone who neither owns the action nor
   * marked it done. Returns the plan id, for the redirect.
   */
  async function transition(actor: Actor, actionId: string, step: ActionTransition, note?: string): Promise<string> {
    authorize(actor, 'findings.write');
    return db.tx(dbContext(actor), async (q) => {
      const action = await plans.getAction(q, actionId, true);
      if (!action) throw new NotFound();
      const next = nextStatus(action.status, step);
      if (!next) throw new Conflict('remediation.errors.actionWrongStatus', { status: action.status });
      if (step === 'verify') {
        const blocked = verificationBlock(action, actor.userId);
        if (blocked) throw new Forbidden(blocked);
      }
      await plans.setActionStatus(q, actionId, next, actor.userId, note?.trim() || null);
      await recordAudit(q, actor, {
        action: `remediation_action.${step}`, targetType: 'remediation_action', targetId: actionId,
        details: { from: action.status, to: next, ...(note ? { note } : {}) },
      });
      return action.plan_id;
    });
  }

  async function reschedule(actor: Actor, actionId: string, dueDate: string): Promise<string> {
    authorize(actor, 'findings.write');
    return db.tx(dbContext(actor), async (q) => {
      const action = await plans.getAction(q, actionId, true);
      if (!action) throw new NotFound();
      if (action.status !== 'open' && action.status !== 'in_progress') throw new Conflict('remediation.errors.actionWrongStatus', { status: action.status });
      await plans.updateDueDate(q, actionId, dueDate);
      await recordAudit(q, actor, { action: 'remediation_action.rescheduled', targetType: 'remediation_action', targetId: actionId, details: { from: action.due_date, to: dueDate } });
      return action.plan_id;
    });
  }

  /** Stores an evidence file for an action, typed by its content; returns the plan id. */
  async function addEvidence(actor: Actor, actionId: string, file: { originalName: string; content: Buffer }): Promise<string> {
    authorize(actor, 'findings.write');
    const name = cleanFileName(file.originalName);
    const sniffed = await sniffEvidence(file.content, name);
    if (!sniffed.ok) throw new ValidationFailed([{ field: 'file', key: sniffed.key, params: sniffed.params }]);
    return db.tx(dbContext(actor), async (q) => {
      const action = await plans.getAction(q, actionId);
      if (!action) throw new NotFound();
      if (action.status === 'verified' || action.status === 'cancelled') throw new Conflict('remediation.errors.actionWrongStatus', { status: action.status });
      const sha256 = createHash('sha256').update(file.content).digest('hex');
      const storedName = await storage.save(actor.orgId, file.content);
      const id = await plans.insertEvidence(q, { actionId, originalName: name, storedName, mime: sniffed.mime, size: file.content.length, sha256, userId: actor.userId });
      await recordAudit(q, actor, {
        action: 'remediation_evidence.uploaded', targetType: 'remediation_evidence', targetId: id,
        details: { actionId, name, mime: sniffed.mime, size: file.content.length, sha256 },
      });
      return action.plan_id;
    });
  }

  /** A download is audit-logged (chain of custody); returns where the file is and how to name it. */
  async function openEvidence(actor: Actor, evidenceId: string) {
    authorize(actor, 'findings.read');
    const row = await db.tx(dbContext(actor), async (q) => {
      const found = await plans.getEvidence(q, evidenceId);
      if (!found) throw new NotFound();
      await recordAudit(q, actor, { action: 'remediation_evidence.downloaded', targetType: 'remediation_evidence', targetId: evidenceId, details: { sha256: found.sha256 } });
      return found;
    });
    return { ...row, path: storage.filePath(actor.orgId, row.stored_name) };
  }

  return { list, detail, create, setPlanStatus, addAction, transition, reschedule, addEvidence, openEvidence };
}

export type PlanService = ReturnType<typeof createPlanService>;
