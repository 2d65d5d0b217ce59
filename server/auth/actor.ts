import type { DbContext } from '../db/types.ts';

export type Role = 'owner' | 'admin' | 'analyst' | 'viewer' | 'auditor';
export type OrgKind = 'company' | 'consultancy';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  locale: string;
  isPlatformAdmin: boolean;
}

/** One organisation a user can act in, and how they got there. */
export interface OrgAccess {
  orgId: string;
  orgName: string;
  orgKind: OrgKind;
  role: Role;
  via: 'membership' | 'engagement';
  /** For engagements: the consultancy whose membership grants the access. */
  consultancyId?: string;
  consultancyName?: string;
  expiresAt?: Date | null;
  /** The organisation's time zone (calendar days follow it); absent = DEFAULT_TIME_ZONE. */
  timeZone?: string;
}

/**
 * Who is acting, in which organisation, with which role. Every service method takes
 * it first; routes never read tenancy from anywhere else.
 */
export interface Actor extends OrgAccess {
  userId: string | null;
  userName: string;
  apiKeyId?: string;
  /** An API key's scopes ("suppliers:read") and requests per minute; absent for browsers. */
  apiScopes?: readonly string[];
  apiRateLimit?: number;
  isPlatformAdmin: boolean;
}

export function dbContext(actor: Pick<Actor, 'orgId' | 'userId'>): DbContext {
  return { orgId: actor.orgId, userId: actor.userId };
}

/** The consultancy whose engagement lets the actor act here, if any: what they create dies with it. */
export function grantedThrough(actor: Pick<Actor, 'via' | 'consultancyId'>): string | null {
  return actor.via === 'engagement' ? (actor.consultancyId ?? null) : null;
}
