import type { Database } from '../../server/db/types.ts';
import argon2 from 'argon2';
import { createUser } from '../../server/auth/auth.queries.ts';
import { insertMembership, insertOrganization } from '../../server/organizations/organization.queries.ts';
import type { Actor, Role } from '../../server/auth/actor.ts';
import { unique } from './app.ts';

export const PASSWORD = 'correct-horse-battery';
let cachedHash: Promise<string> | undefined;

/**
 * PASSWORD's hash for the users tests create: argon2id, as the app stores, but at the
 * lowest cost. The app verifies a hash at the cost written in it, so every sign-in of a
 * test user costs about 1 ms instead of the production cost (about 125 ms of CPU on CI's
 * machine, with hundreds of sign-ins per run). Hashes the app makes itself (sign-up,
 * invitations, resets) keep the production cost; test/auth checks those parameters.
 */
export function testPasswordHash(): Promise<string> {
  cachedHash ??= argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
  return cachedHash;
}

export interface TestOrg {
  id: string;
  name: string;
  slug: string;
  kind: 'company' | 'consultancy';
  /** e-mail per role, all with PASSWORD. */
  users: Record<Role, { id: string; email: string }>;
  actor(role?: Role): Actor;
}

/**
 * A fresh organisation with one user per role, so tests never share data. Provisioning
 * an organisation is a platform operation (owner connection), as in the demo seed.
 */
export async function createOrg(db: Database, kind: 'company' | 'consultancy' = 'company'): Promise<TestOrg> {
  const passwordHash = await testPasswordHash();
  const slug = unique(kind);
  const name = `Org ${slug}`;
  return db.admin(async (q) => {
    const id = await insertOrganization(q, { kind, name, slug });
    const users = {} as TestOrg['users'];
    for (const role of ['owner', 'admin', 'analyst', 'viewer', 'auditor'] as Role[]) {
      const email = `${role}.${slug}@example.test`;
      const userId = await createUser(q, { email, name: `${role} ${slug}`, passwordHash });
      await insertMembership(q, { orgId: id, userId, role, expiresAt: role === 'auditor' ? new Date(Date.now() + 30 * 86400_000) : null });
      users[role] = { id: userId, email };
    }
    return {
      id, name, slug, kind, users,
      actor: (role: Role = 'owner') => ({
        orgId: id, orgName: name, orgKind: kind, role, via: 'membership' as const,
        userId: users[role].id, userName: `${role} ${slug}`, isPlatformAdmin: false,
      }),
    };
  });
}

/** The client company grants the consultancy a role (through the engagement service). */
export async function engage(services: { engagements: { grant: Function } }, company: TestOrg, consultancy: TestOrg, role = 'analyst') {
  await services.engagements.grant(company.actor('owner'), { consultancyCode: consultancy.slug, role });
}
