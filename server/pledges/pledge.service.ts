import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Conflict, NotFound } from '../errors.ts';
import { listClients } from '../organizations/organization.queries.ts';
import { assertPortfolioActor } from '../reports/portfolio.report.ts';
import { supplierLevelCounts } from '../reports/aggregate.queries.ts';
import { localToday } from '../remediation/action.workflow.ts';
import { pledgeProgress, sumActuals, type ClientCounts, type PledgeProgressRow } from './pledge.progress.ts';
import * as sql from './pledge.queries.ts';
import type { TargetInput } from './pledge.schema.ts';

export interface ClientRisk {
  id: string;
  name: string;
  /** Suppliers per level: low, medium, high, critical, unscored. */
  levels: Record<string, number>;
}

export interface MunicipalityHeat {
  code: string;
  name: string;
  stateCode: string;
  sites: number;
  /** The worst current level among the municipality's sites across clients (null: none scored). */
  worst: string | null;
  levels: Record<string, number>;
}

export interface PortfolioProgramme {
  targets: PledgeProgressRow[];
  clients: ClientRisk[];
  municipalities: MunicipalityHeat[];
}

const RANK: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/**
 * A consultancy's pledge targets and its progress, computed from its clients' data: each
 * client is read in a transaction of its own (row-level security is per organisation), only
 * while its engagement is active, and only as counts.
 */
export function createPledgeService(db: Database) {
  async function portfolio(actor: Actor, today: string = localToday()): Promise<PortfolioProgramme> {
    assertPortfolioActor(actor);
    const { clients, targets, ownTrained } = await db.tx(dbContext(actor), async (q) => {
      const targets = await sql.listTargets(q);
      const ownTrained: Record<string, number> = {};
      for (const t of targets) if (t.measure === 'people_trained') ownTrained[t.id] = await sql.peopleTrained(q, { from: t.startsOn, to: t.deadline });
      return { clients: await listClients(q), targets, ownTrained };
    });
    const perClient: Record<string, ClientCounts>[] = [];
    const risks: ClientRisk[] = [];
    const heat = new Map<string, MunicipalityHeat>();
    for (const client of clients) {
      await db.tx({ orgId: client.id, userId: actor.userId }, async (q) => {
        const counts: Record<string, ClientCounts> = {};
        const since = new Date(client.since).toISOString().slice(0, 10);
        for (const t of targets) {
          const period = { from: t.startsOn, to: t.deadline };
          counts[t.id] = {
            engaged: since <= t.deadline,
            workUnits: t.measure === 'work_units' ? await sql.workUnitsReached(q, period) : 0,
            childrenReached: t.measure === 'children_reached' ? await sql.childrenReached(q, period) : 0,
            peopleTrained: t.measure === 'people_trained' ? await sql.peopleTrained(q, period) : 0,
          };
        }
        perClient.push(counts);
        risks.push({ id: client.id, name: client.name, levels: await supplierLevelCounts(q) });
        for (const row of await sql.sitesByMunicipality(q)) {
          const m = heat.get(row.code) ?? { code: row.code, name: row.name, stateCode: row.stateCode, sites: 0, worst: null, levels: {} };
          m.sites += row.n;
          const level = row.level ?? 'unscored';
          m.levels[level] = (m.levels[level] ?? 0) + row.n;
          if (row.level && (m.worst === null || RANK[row.level] > RANK[m.worst])) m.worst = row.level;
          heat.set(row.code, m);
        }
      });
    }
    return {
      targets: pledgeProgress(targets, sumActuals(targets, perClient, ownTrained), today),
      clients: risks,
      municipalities: [...heat.values()].sort((a, b) => (RANK[b.worst ?? ''] ?? 0) - (RANK[a.worst ?? ''] ?? 0) || b.sites - a.sites || a.code.localeCompare(b.code)),
    };
  }

  return {
    portfolio,

    async addTarget(actor: Actor, input: TargetInput): Promise<string> {
      assertPortfolioActor(actor);
      authorize(actor, 'pledges.manage');
      return db.tx(dbContext(actor), async (q) => {
        const id = await sql.insertTarget(q, input, actor.userId);
        if (!id) throw new Conflict('pledges.errors.duplicate');
        await recordAudit(q, actor, { action: 'pledge.target.added', targetType: 'pledge_target', targetId: id, details: { measure: input.measure, target: input.target } });
        return id;
      });
    },

    async updateTarget(actor: Actor, id: string, input: TargetInput): Promise<void> {
      assertPortfolioActor(actor);
      authorize(actor, 'pledges.manage');
      await db.tx(dbContext(actor), async (q) => {
        const outcome = await sql.updateTarget(q, id, input);
        if (outcome === 'missing') throw new NotFound();
        if (outcome === 'duplicate') throw new Conflict('pledges.errors.duplicate');
        await recordAudit(q, actor, { action: 'pledge.target.updated', targetType: 'pledge_target', targetId: id, details: { measure: input.measure, target: input.target } });
      });
    },

    async removeTarget(actor: Actor, id: string): Promise<void> {
      assertPortfolioActor(actor);
      authorize(actor, 'pledges.manage');
      await db.tx(dbContext(actor), async (q) => {
        if (!(await sql.deleteTarget(q, id))) throw new NotFound();
        await recordAudit(q, actor, { action: 'pledge.target.removed', targetType: 'pledge_target', targetId: id });
      });
    },
  };
}

export type PledgeService = ReturnType<typeof createPledgeService>;
