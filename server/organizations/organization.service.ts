import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { Forbidden } from '../errors.ts';
import { todayIn } from '../dates/local-day.ts';
import { orgTimeZone } from '../dates/org-zone.queries.ts';
import * as orgs from './organization.queries.ts';
import { clientFigures } from './portfolio.queries.ts';

export function createOrganizationService(db: Database) {
  /**
   * The consultancy's client list with each client's figures; the portfolio is only for
   * consultancy members. Each client is read in a transaction of its own (RLS is per
   * organisation), and "overdue" follows that client's own calendar.
   */
  async function portfolio(actor: Actor) {
    if (actor.orgKind !== 'consultancy' || actor.via !== 'membership' || actor.role === 'auditor') throw new Forbidden();
    const clients = await db.tx(dbContext(actor), (q) => orgs.listClients(q));
    const rows = [];
    for (const client of clients) {
      const figures = await db.tx({ orgId: client.id, userId: actor.userId }, async (q) => clientFigures(q, todayIn(await orgTimeZone(q))));
      rows.push({ ...client, ...figures });
    }
    return rows;
  }

  return { portfolio };
}

export type OrganizationService = ReturnType<typeof createOrganizationService>;
