import { dbContext, type Actor } from '../auth/actor.ts';
import { Forbidden } from '../errors.ts';
import { listClients } from '../organizations/organization.queries.ts';
import { getActiveDataset } from '../risk-datasets/risk-dataset.service.ts';
import { RISK_LEVELS } from '../scores/score.filters.ts';
import * as agg from './aggregate.queries.ts';
import { SCORE_COLORS, UNSCORED_COLOR, datasetInfo, stackedBarChart } from './report.view.ts';
import type { BuildInput, BuiltReport } from './supplier.report.ts';
import { createPledgeService } from '../pledges/pledge.service.ts';
import { portfolioHeatMaps } from '../pledges/pledge.map.ts';

interface ClientRow {
  name: string;
  role: string;
  since: Date;
  suppliers: number;
  sites: number;
  /** Suppliers per level, low → critical, then unscored. */
  levels: number[];
  openFindings: number;
  overdueActions: number;
}

/** Only a consultancy's own members (not auditors, not through an engagement) see its portfolio. */
export function assertPortfolioActor(actor: Actor): void {
  if (actor.orgKind !== 'consultancy' || actor.via !== 'membership' || actor.role === 'auditor') throw new Forbidden();
}

/**
 * One row per client of the consultancy. Row-level security is per organisation, so each
 * client is read in a transaction of its own, opened only for clients whose engagement is
 * active at that moment; the report itself is stored in the consultancy's organisation.
 */
export async function buildPortfolioReport(input: BuildInput): Promise<BuiltReport> {
  const { db, actor, t } = input;
  assertPortfolioActor(actor);
  const { clients, dataset } = await db.tx(dbContext(actor), async (q) => ({
    clients: await listClients(q),
    dataset: await getActiveDataset(q, 'MX'),
  }));

  const rows: ClientRow[] = [];
  for (const client of clients) {
    const row = await db.tx({ orgId: client.id, userId: actor.userId }, async (q) => {
      const totals = await agg.supplierTotals(q);
      const levels = await agg.supplierLevelCounts(q);
      const work = await agg.openWork(q, input.today);
      return { totals, levels, work };
    });
    rows.push({
      name: client.name,
      role: t(`roles.${client.role}`),
      since: client.since,
      suppliers: row.totals.suppliers,
      sites: row.totals.sites,
      levels: [...RISK_LEVELS, 'unscored'].map((l) => row.levels[l] ?? 0),
      openFindings: row.work.openFindings,
      overdueActions: row.work.overdueActions,
    });
  }

  // Pledge targets against progress and the municipal heat-map (docs/pledges.md).
  const programme = await createPledgeService(db).portfolio(actor, input.today);
  const pledges = programme.targets.map((p) => ({
    label: t(`pledges.measures.${p.measure}`), target: p.target, actual: p.actual, pct: Math.round(p.ratio * 100),
    startsOn: p.startsOn, deadline: p.deadline, status: t(`pledges.status.${p.status}`),
  }));
  const heatMaps = portfolioHeatMaps(programme.municipalities, t, input.locale, { width: 480, height: 320 }).map((m) => m.svg);

  const levelKeys = [...RISK_LEVELS, 'unscored'];
  const sum = (f: (r: ClientRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    dataset: datasetInfo(dataset),
    data: {
      levelHeaders: levelKeys.map((l) => (l === 'unscored' ? t('reports.common.unscored') : t(`scoring.levels.${l}`))),
      clients: rows,
      pledges,
      heatMaps,
      totals: {
        clients: rows.length,
        suppliers: sum((r) => r.suppliers),
        sites: sum((r) => r.sites),
        levels: levelKeys.map((_, i) => sum((r) => r.levels[i])),
        openFindings: sum((r) => r.openFindings),
        overdueActions: sum((r) => r.overdueActions),
      },
      chart: rows.length
        ? stackedBarChart(
            rows.map((r) => r.name.slice(0, 30)),
            levelKeys.map((l, i) => ({
              label: l === 'unscored' ? t('reports.common.unscored') : t(`scoring.levels.${l}`),
              data: rows.map((r) => r.levels[i]),
              color: SCORE_COLORS[l] ?? UNSCORED_COLOR,
            })),
          )
        : null,
    },
  };
}
