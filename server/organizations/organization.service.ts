import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { Forbidden } from '../errors.ts';
import * as orgs from './organization.queries.ts';

export function createOrganizationService(db: Database) {
  /** The consultancy's client list; the portfolio is only for consultancy members. */
  async function portfolio(actor: Actor) {
    if (actor.orgKind !== 'consultancy' || actor.via !== 'membership' || actor.role === 'auditor') throw new Forbidden();
    return db.tx(dbContext(actor), (q) => orgs.listClients(q));
  }

  return { portfolio };
}

export type OrganizationService = ReturnType<typeof createOrganizationService>;
