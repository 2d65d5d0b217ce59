import type { Request } from 'express';
import type { OrgAccess, Role, SessionUser } from './actor.ts';
import { lesserRole } from './policy.ts';

/**
 * What a signed-in request needs before its page runs, read in the same statement as its
 * session (see PgSessionStore.get and migration 034): the user, their second-factor state,
 * and each organisation they may act in with whether it is suspended. The middlewares that
 * used to read these one transaction each (passport's user, the two-factor gate, the tenant
 * context, the suspension guard) take them from here and fall back to their own reads when
 * it is absent or belongs to someone else (a sign-in in this very request, an API key).
 */
export interface RequestContext {
  user: SessionUser;
  twoFactor: { enabled: boolean; required: boolean };
  access: (OrgAccess & { suspended: boolean })[];
}

interface AccessRow extends Omit<OrgAccess, 'expiresAt'> {
  memberRole: Role | null;
  expiresAt?: string | Date | null;
  suspended?: boolean;
}

/** An engagement grants the lesser of its own role and the consultancy member's role. */
export function accessFromRows<T extends AccessRow>(rows: T[]): (Omit<T, 'memberRole' | 'expiresAt'> & { expiresAt: Date | null })[] {
  return rows.map(({ memberRole, expiresAt, ...a }) => ({
    ...a,
    expiresAt: expiresAt === null || expiresAt === undefined ? null : new Date(expiresAt),
    ...(memberRole ? { role: lesserRole(a.role, memberRole) } : {}),
  }));
}

interface ContextJson {
  user: SessionUser;
  twoFactorEnabled: boolean;
  twoFactorRequired: boolean;
  access: (AccessRow & { suspended: boolean })[];
}

export function parseRequestContext(json: unknown): RequestContext | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const c = json as ContextJson;
  return {
    user: c.user,
    twoFactor: { enabled: c.twoFactorEnabled, required: c.twoFactorRequired },
    access: accessFromRows(c.access) as RequestContext['access'],
  };
}

/** The context read with this request's session, if it is the given user's. */
export function contextOf(req: Request, userId: string | undefined): RequestContext | undefined {
  const ctx = req.requestContext;
  return ctx && userId && ctx.user.id === userId ? ctx : undefined;
}
