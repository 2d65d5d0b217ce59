import { z } from 'zod';
import type { RemediationServices } from './remediation.service.ts';
import type { PlanRow, ActionRow } from './plan.queries.ts';
import { ACTION_STATUSES, OWNER_KINDS } from './remediation.types.ts';
import { ACTION_TRANSITIONS, type ActionTransition } from './action.workflow.ts';
import { actionCreateSchema, planCreateSchema } from './remediation.schema.ts';
import { apiRouter, uuidParams, type ApiKit } from '../api/api.kit.ts';
import { parseApiInput } from '../api/api.operation.ts';
import { pageQuery, pageOf, windowOf, nextPage } from '../api/api.pagination.ts';
import { problem } from '../api/openapi.ts';

const date = z.iso.datetime({ offset: true });
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const planOut = z.strictObject({
  id: z.uuid(), title: z.string(), status: z.enum(['open', 'closed']), findingId: z.uuid().nullable(), findingTitle: z.string().nullable(),
  supplier: z.strictObject({ id: z.uuid(), legalName: z.string() }), createdBy: z.string().nullable(), createdAt: date, closedAt: date.nullable(),
  actions: z.strictObject({ total: z.number().int(), verified: z.number().int(), overdue: z.number().int(), percent: z.number().int() }),
});

const actionOut = z.strictObject({
  id: z.uuid(), planId: z.uuid(), title: z.string(), description: z.string().nullable(), status: z.enum(ACTION_STATUSES),
  owner: z.strictObject({ kind: z.enum(OWNER_KINDS), name: z.string().nullable() }), dueDate: z.iso.date(), overdue: z.boolean(),
  completedAt: date.nullable(), verifiedAt: date.nullable(), verifiedBy: z.string().nullable(), evidenceCount: z.number().int(), createdAt: date,
});

const planDetailOut = planOut.extend({ actionList: z.array(actionOut) }).strict();

const planJson = (p: PlanRow) => ({
  id: p.id, title: p.title, status: p.status, findingId: p.finding_id, findingTitle: p.finding_title,
  supplier: { id: p.supplier_id, legalName: p.supplier_name }, createdBy: p.created_by_name, createdAt: iso(p.created_at), closedAt: iso(p.closed_at),
  actions: {
    total: Number(p.actions_total), verified: Number(p.actions_verified), overdue: Number(p.actions_overdue),
    percent: Number(p.actions_total) === 0 ? 0 : Math.round((Number(p.actions_verified) / Number(p.actions_total)) * 100),
  },
});

const actionJson = (a: ActionRow & { overdue: boolean }) => ({
  id: a.id, planId: a.plan_id, title: a.title, description: a.description, status: a.status,
  // The owner's label or name, never their e-mail: keys are read by other systems.
  owner: { kind: a.owner_kind, name: a.owner_name ?? a.owner_label }, dueDate: a.due_date, overdue: a.overdue,
  completedAt: iso(a.completed_at), verifiedAt: iso(a.verified_at), verifiedBy: a.verified_by_name, evidenceCount: Number(a.evidence_count), createdAt: iso(a.created_at),
});

/** Remediation plans and their actions (owner, due date, status, verification). */
export function planApiRoutes(deps: { remediation: RemediationServices }, kit: ApiKit) {
  const { plans } = deps.remediation;
  const api = apiRouter(kit);
  const read = ['findings', 'read'] as ['findings', 'read'];
  const write = ['findings', 'write'] as ['findings', 'write'];
  const detail = async (actor: Parameters<typeof plans.detail>[0], id: string) => {
    const d = await plans.detail(actor, id);
    return { ...planJson(d.plan), actionList: d.actions.map(actionJson) };
  };

  api.add({
    method: 'get', path: '/api/v1/plans', operationId: 'listPlans', tag: 'plans', scope: read,
    query: z.object({ findingId: z.uuid().optional(), status: z.enum(['open', 'closed']).optional(), ...pageQuery }),
    summary: 'Remediation plans with their progress, open first.',
    responses: { 200: { description: 'A page of plans.', schema: pageOf(planOut) } },
  }, async ({ actor, query }) => {
    const filters = { findingId: query.findingId, status: query.status };
    const window = windowOf(query, filters);
    const rows = await plans.list(actor, filters);
    const page = nextPage(rows.slice(window.offset, window.offset + window.limit + 1), window, filters);
    return { status: 200, body: { data: page.data.map(planJson), nextCursor: page.nextCursor } };
  });

  api.add({
    method: 'get', path: '/api/v1/plans/:id', operationId: 'getPlan', tag: 'plans', scope: read, params: uuidParams,
    summary: 'A plan with its actions.', responses: { 200: { description: 'The plan.', schema: planDetailOut } },
  }, async ({ actor, params }) => ({ status: 200, body: await detail(actor, params.id) }));

  api.add({
    method: 'post', path: '/api/v1/plans', operationId: 'createPlan', tag: 'plans', scope: write,
    body: z.strictObject({ findingId: z.uuid().optional(), supplierId: z.uuid().optional().describe('When the plan answers no finding.'), title: z.string().max(200) }),
    summary: 'Open a remediation plan for a finding (which moves to in remediation) or for a supplier.',
    responses: { 201: { description: 'Created.', schema: planDetailOut }, 409: problem('The finding is closed.') },
  }, async ({ actor, body }) => {
    const id = await plans.create(actor, parseApiInput(planCreateSchema, body));
    return { status: 201, body: await detail(actor, id) };
  });

  api.add({
    method: 'post', path: '/api/v1/plans/:id/actions', operationId: 'createAction', tag: 'actions', scope: write, params: uuidParams,
    body: z.strictObject({
      title: z.string().max(200), description: z.string().max(4000).optional(), ownerKind: z.enum(OWNER_KINDS),
      ownerUserId: z.uuid().optional().describe('For company or consultancy owners: a member who can act here.'),
      ownerLabel: z.string().max(200).optional(), dueDate: z.iso.date(),
    }),
    summary: 'Add an action to a plan.', responses: { 201: { description: 'The plan with the new action.', schema: planDetailOut } },
  }, async ({ actor, params, body }) => {
    await plans.addAction(actor, params.id, parseApiInput(actionCreateSchema, body));
    return { status: 201, body: await detail(actor, params.id) };
  });

  api.add({
    method: 'post', path: '/api/v1/actions/:id/transition', operationId: 'transitionAction', tag: 'actions', scope: write, params: uuidParams,
    body: z.strictObject({ transition: z.enum(ACTION_TRANSITIONS as [ActionTransition, ...ActionTransition[]]), note: z.string().max(2000).optional() }),
    summary: 'Move an action: start, complete, verify (by someone other than its owner and completer), reopen or cancel.',
    responses: { 200: { description: 'The plan after the move.', schema: planDetailOut }, 409: problem('Not possible from the action\'s status.') },
  }, async ({ actor, params, body }) => {
    const planId = await plans.transition(actor, params.id, body.transition, body.note);
    return { status: 200, body: await detail(actor, planId) };
  });

  return api.router;
}
