import type { Queryable } from '../db/types.ts';
import type { RiskLevel } from '../scoring/types.ts';

/**
 * The organisation's counts kept by the triggers of migration 031 (what each metric counts is
 * written there). One small read instead of recounting 100,000 suppliers per view; the tenant
 * transaction's RLS limits it to the organisation. A missing row is a zero.
 */
export interface OrgCounts {
  suppliersByStatus: Map<string, number>;
  /** Suppliers that are not archived: what every list shows by default. */
  liveSuppliers: number;
  /** Active sites of suppliers that are not archived. */
  liveSites: number;
  /** Current supplier scores by level, suppliers that are not archived. */
  levels: Map<RiskLevel, number>;
  /** Assessments by status, suppliers that are not archived. */
  assessments: Map<string, number>;
  /** Current site scores by dataset id ('' = computed without a dataset). */
  siteScoresByDataset: Map<string, number>;
}

export async function selectOrgCounts(q: Queryable): Promise<OrgCounts> {
  const r = await q.query<{ metric: string; key: string; n: string }>(
    `SELECT metric, key, n FROM org_counts WHERE organization_id = app_org() AND metric <> 'assessments_due'`,
  );
  const by = (metric: string) => new Map(r.rows.filter((x) => x.metric === metric).map((x) => [x.key, Number(x.n)]));
  const suppliersByStatus = by('suppliers');
  return {
    suppliersByStatus,
    liveSuppliers: [...suppliersByStatus].reduce((a, [status, n]) => (status === 'archived' ? a : a + n), 0),
    liveSites: by('sites').get('') ?? 0,
    levels: by('supplier_levels') as Map<RiskLevel, number>,
    assessments: by('assessments'),
    siteScoresByDataset: by('site_score_datasets'),
  };
}

/** Current site scores computed with another dataset than the active one (or with none). */
export function staleSiteScores(c: OrgCounts, activeDatasetId: string | null): number {
  let n = 0;
  for (const [dataset, count] of c.siteScoresByDataset) if (dataset !== (activeDatasetId ?? '')) n += count;
  return n;
}

/**
 * Suppliers (not archived) whose current level is one of `levels`; 'unscored' counts those
 * without a current score — at most one current score per supplier (a unique index), so the
 * live suppliers minus the scored ones.
 */
export function suppliersAtLevels(c: OrgCounts, levels: readonly string[]): number {
  let n = 0;
  let scored = 0;
  for (const [level, count] of c.levels) {
    scored += count;
    if (levels.includes(level)) n += count;
  }
  return levels.includes('unscored') ? n + Math.max(0, c.liveSuppliers - scored) : n;
}

/**
 * Assessments of suppliers that are not archived, in one of `statuses` and due before `today`
 * (YYYY-MM-DD): the counts by status and due day (one row per day in use), summed.
 */
export async function countAssessmentsDueBefore(q: Queryable, statuses: readonly string[], today: string): Promise<number> {
  const r = await q.query<{ n: string | null }>(
    `SELECT sum(n) AS n FROM org_counts
      WHERE organization_id = app_org() AND metric = 'assessments_due'
        AND split_part(key, ' ', 1) = ANY($1::text[]) AND split_part(key, ' ', 2) < $2`,
    [statuses, today],
  );
  return Number(r.rows[0]?.n ?? 0);
}
