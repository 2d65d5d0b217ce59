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
