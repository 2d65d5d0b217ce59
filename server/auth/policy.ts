import { Forbidden } from '../errors.ts';
import type { Actor, Role } from './actor.ts';

/**
 * Every permission question goes through here: `can(actor, 'suppliers.write')`.
 * Row-level security is the floor beneath it (which tenant), this is which role may do what.
 */
export const PERMISSIONS = {
  'org.read': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
  // The organisation's own details and settings (its time zone, which every calendar day follows).
  'org.manage': ['owner', 'admin'],
  'members.read': ['owner', 'admin'],
  'members.manage': ['owner', 'admin'],
  'engagements.manage': ['owner', 'admin'],
  'audit.read': ['owner', 'admin'],
  'apiKeys.manage': ['owner', 'admin'],
  'webhooks.manage': ['owner', 'admin'],
  // Exporting all the organisation's data or deleting it is the owners' alone.
  'org.export': ['owner'],
  'org.delete': ['owner'],
  // A consultancy creates a client company and is engaged in it.
  'clients.onboard': ['owner', 'admin'],
  // Two-factor policy and single sign-on (the service also refuses it through an engagement).
  'signIn.manage': ['owner', 'admin'],
  'territories.read': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
  'suppliers.read': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
  'suppliers.write': ['owner', 'admin', 'analyst'],
  // Auditors (time-boxed memberships) may read answers, findings, plans, actions and their
  // evidence to trace a finding to its fix; each such read is audit-logged (readIsAudited).
  'assessments.read': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
  'assessments.write': ['owner', 'admin', 'analyst'],
  'scores.read': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
  'scores.configure': ['owner', 'admin'],
  // Queue a re-scoring (after edits, or by hand); writing scores is the job's, not a user's.
  'scores.rescore': ['owner', 'admin', 'analyst'],
  'findings.read': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
  'findings.write': ['owner', 'admin', 'analyst'],
  // Child cases are data about minors. `cases.read` reaches the cases area; a case itself
  // opens only to its named case workers (canOpenChildCase). Owners and admins open new
  // cases, assign case workers and set retention (`cases.manage`) without reading the
  // child's record unless assigned. Viewers and auditors never see a child's record.
  'cases.read': ['owner', 'admin', 'analyst'],
  'cases.manage': ['owner', 'admin'],
  // Four eyes on critical findings: who may approve another member's proposal to close
  // or downgrade one (canApproveFindingChange adds "not the proposer").
  'findings.approveCritical': ['owner', 'admin'],
  // Aggregated impact indicators (counts only, small cells suppressed) — auditors included.
  'indicators.read': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
  // Exact (unsuppressed) child counts: the roles accountable for casework.
  'indicators.exact': ['owner', 'admin'],
  'reports.read': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
  'reports.generate': ['owner', 'admin', 'analyst'],
  'evidence.read': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
  // Grievances (docs/grievances.md): owners and admins handle them and name other handlers
  // (canHandleGrievances); everyone who reads indicators sees the counts, never a report.
  'grievances.handle': ['owner', 'admin'],
  'grievances.manage': ['owner', 'admin'],
  'grievances.stats': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
  // Training sessions (counts only); verifying one makes it score evidence, so not analysts.
  'training.read': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
  'training.write': ['owner', 'admin', 'analyst'],
  'training.verify': ['owner', 'admin'],
  // A consultancy's pledge targets (the portfolio checks the organisation kind too).
  'pledges.manage': ['owner', 'admin'],
  'distintivos.read': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * Roles whose reads of remediation records and questionnaire answers leave an entry in the
 * audit log: outsiders with time-boxed access, so the organisation sees what they looked at.
 */
const AUDITED_READERS: readonly Role[] = ['auditor'];

export function readIsAudited(actor: Pick<Actor, 'role'> | undefined): boolean {
  return !!actor && AUDITED_READERS.includes(actor.role);
}

export function can(actor: Pick<Actor, 'role'> | undefined, permission: Permission): boolean {
  if (!actor) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
}

export function authorize(actor: Pick<Actor, 'role'> | undefined, permission: Permission): void {
  if (!can(actor, permission)) throw new Forbidden();
}

// Highest first. Auditors are outside this order: they never act through an engagement.
const RANK: readonly Role[] = ['owner', 'admin', 'analyst', 'viewer'];

/** The weaker of two roles: access through an engagement never exceeds the member's own role. */
export function lesserRole(a: Role, b: Role): Role {
  const ra = RANK.indexOf(a);
  const rb = RANK.indexOf(b);
  if (ra < 0 || rb < 0) throw new Error(`no order between roles ${a} and ${b}`);
  return ra > rb ? a : b;
}

/**
 * The permissions a role holds — used by views to show only what the user may do. Built once
 * per role (every page asks for it, and the table never changes), frozen so no view can alter it.
 */
export function permissionsOf(role: Role): Readonly<Record<string, boolean>> {
  let held = permissionsByRole.get(role);
  if (!held) {
    held = Object.freeze(Object.fromEntries(
      Object.entries(PERMISSIONS).map(([p, roles]) => [p.replace('.', '_'), (roles as readonly Role[]).includes(role)]),
    ));
    permissionsByRole.set(role, held);
  }
  return held;
}
const permissionsByRole = new Map<Role, Readonly<Record<string, boolean>>>();

/** Roles a member may hold to be named a case worker. */
export const CASE_WORKER_ROLES: readonly Role[] = ['owner', 'admin', 'analyst'];

export function canBeCaseWorker(role: string): boolean {
  return (CASE_WORKER_ROLES as readonly string[]).includes(role);
}

/** A child's case opens only to a user named as its case worker, in a case-worker role. */
export function canOpenChildCase(actor: Pick<Actor, 'role' | 'userId'> | undefined, caseWorkerIds: readonly string[]): boolean {
  return !!actor?.userId && can(actor, 'cases.read') && canBeCaseWorker(actor.role) && caseWorkerIds.includes(actor.userId);
}

/** Four eyes: an approver's role, and never the member who proposed the change. */
export function canApproveFindingChange(actor: Pick<Actor, 'role' | 'userId'> | undefined, proposedBy: string): boolean {
  return !!actor?.userId && can(actor, 'findings.approveCritical') && actor.userId !== proposedBy;
}

/** Roles a member may hold to be named a grievance handler besides owners and admins. */
export const GRIEVANCE_HANDLER_ROLES: readonly Role[] = ['owner', 'admin', 'analyst'];

/**
 * A grievance report opens to owners and admins, and to members named as handlers
 * (in a handler role): reports may name people, so viewers and auditors never read them.
 */
export function canHandleGrievances(actor: Pick<Actor, 'role' | 'userId'> | undefined, isNamedHandler: boolean): boolean {
  if (!actor?.userId) return false;
  return can(actor, 'grievances.handle') || (isNamedHandler && (GRIEVANCE_HANDLER_ROLES as readonly string[]).includes(actor.role));
}
