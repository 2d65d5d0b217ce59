import type { Queryable } from '../db/types.ts';
import type { ActionStatus, OwnerKind } from './remediation.types.ts';

export interface PlanRow {
  id: string;
  finding_id: string | null;
  finding_title: string | null;
  supplier_id: string;
  supplier_name: string;
  supplier_contact: string | null;
  title: string;
  status: 'open' | 'closed';
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  closed_at: Date | null;
  actions_total: number;
  actions_verified: number;
  actions_overdue: number;
}

const PLAN_SELECT = `
  SELECT p.id, p.finding_id, f.title AS finding_title, p.supplier_id, s.legal_name AS supplier_name,
         s.contact_name AS supplier_contact, p.title, p.status, p.created_by, u.name AS created_by_name,
         p.created_at, p.closed_at,
         (SELECT count(*)::int FROM remediation_actions a WHERE a.organization_id = p.organization_id AND a.plan_id = p.id AND a.status <> 'cancelled') AS actions_total,
         (SELECT count(*)::int FROM remediation_actions a WHERE a.organization_id = p.organization_id AND a.plan_id = p.id AND a.status = 'verified') AS actions_verified,
         (SELECT count(*)::int FROM remediation_actions a WHERE a.organization_id = p.organization_id AND a.plan_id = p.id
             AND a.status IN ('open', 'in_progress') AND a.due_date < $1::date) AS actions_overdue
    FROM remediation_plans p
    JOIN suppliers s ON s.organization_id = p.organization_id AND s.id = p.supplier_id
    LEFT JOIN findings f ON f.organization_id = p.organization_id AND f.id = p.finding_id
    LEFT JOIN users u ON u.id = p.created_by`;

export async function listPlans(q: Queryable, today: string, f: { findingId?: string; status?: 'open' | 'closed' } = {}): Promise<PlanRow[]> {
  const r = await q.query<PlanRow>(
    `${PLAN_SELECT} WHERE ($2::uuid IS NULL OR p.finding_id = $2) AND ($3::text IS NULL OR p.status = $3)
      ORDER BY (p.status = 'closed'), p.created_at DESC, p.id LIMIT 500`,
    [today, f.findingId ?? null, f.status ?? null],
  );
  return r.rows;
}

export async function getPlan(q: Queryable, id: string, today: string): Promise<PlanRow | undefined> {
  return (await q.query<PlanRow>(`${PLAN_SELECT} WHERE p.id = $2`, [today, id])).rows[0];
}

export async function insertPlan(q: Queryable, p: { findingId: string | null; supplierId: string; title: string; createdBy: string | null }) {
  const r = await q.query<{ id: string }>(
    `INSERT INTO remediation_plans (organization_id, finding_id, supplier_id, title, created_by)
     VALUES (app_org(), $1, $2, $3, $4) RETURNING id`,
    [p.findingId, p.supplierId, p.title, p.createdBy],
  );
  return r.rows[0].id;
}

export async function setPlanStatus(q: Queryable, id: string, status: 'open' | 'closed') {
  await q.query(
    `UPDATE remediation_plans SET status = $2, closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE NULL END WHERE id = $1`,
    [id, status],
  );
}

export interface ActionRow {
  id: string;
  plan_id: string;
  title: string;
  description: string | null;
  owner_kind: OwnerKind;
  owner_user_id: string | null;
  owner_name: string | null;
  owner_email: string | null;
  owner_label: string | null;
  /** YYYY-MM-DD */
  due_date: string;
  status: ActionStatus;
  completed_at: Date | null;
  completed_by: string | null;
  completed_by_name: string | null;
  verified_at: Date | null;
  verified_by: string | null;
  verified_by_name: string | null;
  verification_note: string | null;
  overdue_notified_at: Date | null;
  created_at: Date;
  evidence_count: number;
}

const ACTION_SELECT = `
  SELECT a.id, a.plan_id, a.title, a.description, a.owner_kind, a.owner_user_id, ou.name AS owner_name, ou.email AS owner_email,
         a.owner_label, to_char(a.due_date, 'YYYY-MM-DD') AS due_date, a.status, a.completed_at, a.completed_by,
         cu.name AS completed_by_name, a.verified_at, a.verified_by, vu.name AS verified_by_name, a.verification_note,
         a.overdue_notified_at, a.created_at,
         (SELECT count(*)::int FROM remediation_evidence e WHERE e.organization_id = a.organization_id AND e.action_id = a.id) AS evidence_count
    FROM remediation_actions a
    LEFT JOIN users ou ON ou.id = a.owner_user_id
    LEFT JOIN users cu ON cu.id = a.completed_by
    LEFT JOIN users vu ON vu.id = a.verified_by`;

export async function listActions(q: Queryable, planId: string): Promise<ActionRow[]> {
  return (await q.query<ActionRow>(`${ACTION_SELECT} WHERE a.plan_id = $1 ORDER BY a.due_date, a.created_at, a.id`, [planId])).rows;
}

export async function getAction(q: Queryable, id: string, forUpdate = false): Promise<ActionRow | undefined> {
  return (await q.query<ActionRow>(`${ACTION_SELECT} WHERE a.id = $1${forUpdate ? ' FOR UPDATE OF a' : ''}`, [id])).rows[0];
}

export interface NewAction {
  planId: string;
  title: string;
  description: string | null;
  ownerKind: OwnerKind;
  ownerUserId: string | null;
  ownerLabel: string | null;
  dueDate: string;
  createdBy: string | null;
}

export async function insertAction(q: Queryable, a: NewAction): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO remediation_actions (organization_id, plan_id, title, description, owner_kind, owner_user_id, owner_label, due_date, created_by)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [a.planId, a.title, a.description, a.ownerKind, a.ownerUserId, a.ownerLabel, a.dueDate, a.createdBy],
  );
  return r.rows[0].id;
}

/** Applies a status change with the bookkeeping each target status needs. */
export async function setActionStatus(
  q: Queryable, id: string, status: ActionStatus, by: string | null, note: string | null = null,
): Promise<void> {
  await q.query(
    `UPDATE remediation_actions SET status = $2, updated_at = now(),
            completed_at = CASE WHEN $2 = 'done' THEN now() WHEN $2 IN ('open', 'in_progress', 'cancelled') THEN NULL ELSE completed_at END,
            completed_by = CASE WHEN $2 = 'done' THEN $3::uuid WHEN $2 IN ('open', 'in_progress', 'cancelled') THEN NULL ELSE completed_by END,
            verified_at = CASE WHEN $2 = 'verified' THEN now() ELSE NULL END,
            verified_by = CASE WHEN $2 = 'verified' THEN $3::uuid ELSE NULL END,
            verification_note = CASE WHEN $2 IN ('verified', 'in_progress') THEN $4 ELSE verification_note END
      WHERE id = $1`,
    [id, status, by, note],
  );
}

export async function updateDueDate(q: Queryable, id: string, dueDate: string) {
  await q.query(`UPDATE remediation_actions SET due_date = $2, updated_at = now() WHERE id = $1`, [id, dueDate]);
}

export interface AssignableUser {
  user_id: string;
  name: string;
  email: string;
  owner_kind: 'company' | 'consultancy';
  role: string;
}

export async function assignableUsers(q: Queryable): Promise<AssignableUser[]> {
  return (await q.query<AssignableUser>(`SELECT * FROM remediation_assignable_users() ORDER BY owner_kind, name`)).rows;
}

export interface EvidenceRow {
  id: string;
  action_id: string;
  original_name: string;
  stored_name: string;
  mime: string;
  size: number;
  sha256: string;
  uploaded_by_name: string | null;
  uploaded_at: Date;
}

export async function insertEvidence(
  q: Queryable, e: { actionId: string; originalName: string; storedName: string; mime: string; size: number; sha256: string; userId: string | null },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO remediation_evidence (organization_id, action_id, original_name, stored_name, mime, size, sha256, uploaded_by)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [e.actionId, e.originalName, e.storedName, e.mime, e.size, e.sha256, e.userId],
  );
  return r.rows[0].id;
}

const EVIDENCE_SELECT = `SELECT e.id, e.action_id, e.original_name, e.stored_name, e.mime, e.size::int AS size, e.sha256,
  u.name AS uploaded_by_name, e.uploaded_at FROM remediation_evidence e LEFT JOIN users u ON u.id = e.uploaded_by`;

export async function evidenceOfPlan(q: Queryable, planId: string): Promise<EvidenceRow[]> {
  return (await q.query<EvidenceRow>(
    `${EVIDENCE_SELECT} JOIN remediation_actions a ON a.organization_id = e.organization_id AND a.id = e.action_id
      WHERE a.plan_id = $1 ORDER BY e.uploaded_at, e.id`, [planId])).rows;
}

export async function getEvidence(q: Queryable, id: string): Promise<EvidenceRow | undefined> {
  return (await q.query<EvidenceRow>(`${EVIDENCE_SELECT} WHERE e.id = $1`, [id])).rows[0];
}
