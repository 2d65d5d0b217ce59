import { Forbidden } from '../errors.ts';
import type { Actor, Role } from './actor.ts';

/**
 * Every permission question goes through here: `can(actor, 'suppliers.write')`.
 * Row-level security is the floor beneath it (which tenant), this is which role may do what.
 */
export const PERMISSIONS = {
  'org.read': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
  // Organisation settings (its time zone, which every calendar day follows).
  'org.manage': ['owner', 'admin'],
  'members.read': ['owner', 'admin'],
  'members.manage': ['owner', 'admin'],
  'engagements.manage': ['owner', 'admin'],
  'audit.read': ['owner', 'admin'],
  'apiKeys.manage': ['owner', 'admin'],
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
  // Child cases are data about minors: only owners and admins (also a consultancy engaged
  // with the admin role). Analysts run remediation without seeing individual children.
  'cases.read': ['owner', 'admin'],
  'cases.manage': ['owner', 'admin'],
  // Aggregated impact indicators (counts only, small cells suppressed) — auditors included.
  'indicators.read': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
  'reports.read': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
  'reports.generate': ['owner', 'admin', 'analyst'],
  'evidence.read': ['owner', 'admin', 'analyst', 'viewer', 'auditor'],
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

/** The permissions a role holds — used by views to show only what the user may do. */
export function permissionsOf(role: Role): Record<string, boolean> {
  return Object.fromEntries(
    Object.entries(PERMISSIONS).map(([p, roles]) => [p.replace('.', '_'), (roles as readonly Role[]).includes(role)]),
  );
}
