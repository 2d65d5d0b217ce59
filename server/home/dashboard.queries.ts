import type { Queryable } from '../db/types.ts';
import type { RiskLevel } from '../scoring/types.ts';
import { countAssessmentsDueBefore } from '../summaries/org-counts.queries.ts';

/**
 * The company dashboard's reads beyond the organisation's counts (server/summaries): the map,
 * the last run and the overdue lists, all under RLS.
 */

const LIVE_SUPPLIER = `s.organization_id = app_org() AND s.status <> 'archived'`;
const LIVE_SITE = `JOIN suppliers s ON s.organization_id = x.organization_id AND s.id = x.supplier_id
  WHERE x.organization_id = app_org() AND x.status = 'active' AND s.status <> 'archived'`;

const RANK = `CASE c.level WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 END`;

/** Per state: the worst current site level (rank 1 = low … 4 = critical) and the number of sites. */
export async function selectStateLevels(q: Queryable): Promise<{ state: string; rank: number | null; sites: number }[]> {
  const r = await q.query<{ state: string; rank: number | null; sites: number }>(
    `SELECT left(x.territory_code, 2) AS state, max(${RANK})::int AS rank, count(*)::int AS sites
       FROM sites x
       LEFT JOIN current_site_scores c ON c.organization_id = x.organization_id AND c.site_id = x.id
       ${LIVE_SITE} AND x.territory_code IS NOT NULL
      GROUP BY 1`,
  );
  return r.rows;
}

export interface MapSiteRow {
  id: string;
  name: string;
  supplier_name: string;
  territory_code: string | null;
  latitude: string | null;
  longitude: string | null;
  level: RiskLevel | null;
}

/** The riskiest sites first, so the cap keeps the ones that matter. */
export async function selectMapSites(q: Queryable, limit: number): Promise<MapSiteRow[]> {
  const r = await q.query<MapSiteRow>(
    `SELECT x.id, x.name, s.legal_name AS supplier_name, x.territory_code, x.latitude, x.longitude, c.level
       FROM sites x
       LEFT JOIN current_site_scores c ON c.organization_id = x.organization_id AND c.site_id = x.id
       ${LIVE_SITE}
      ORDER BY c.residual DESC NULLS LAST, x.id
      LIMIT $1`,
    [limit],
  );
  return r.rows;
}

export async function selectLastRun(q: Queryable): Promise<{ started_at: Date; finished_at: Date | null; reason: string } | null> {
  const r = await q.query<{ started_at: Date; finished_at: Date | null; reason: string }>(
    `SELECT started_at, finished_at, reason FROM score_runs WHERE organization_id = app_org() ORDER BY started_at DESC LIMIT 1`,
  );
  return r.rows[0] ?? null;
}

export interface OverdueRow {
  id: string;
  status: string;
  /** YYYY-MM-DD: a calendar day, not an instant. */
  due_date: string;
  supplier_id: string;
  supplier_name: string;
  site_name: string | null;
}

/** Assessments past their due date that the supplier has not submitted yet. */
export const OVERDUE_STATUSES = ['sent', 'in_progress', 'returned'];
/** Written out so the planner matches assessments_overdue_idx (migration 031), whose predicate it is. */
const OVERDUE = `a.status IN (${OVERDUE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * The first `limit`, earliest due first, read in due-date order and stopping there; the total
 * from the organisation's counts. `today` is the organisation's local day (the database's
 * current_date is a UTC day).
 */
export async function selectOverdueAssessments(q: Queryable, limit: number, today: string): Promise<{ rows: OverdueRow[]; total: number }> {
  const total = await countAssessmentsDueBefore(q, OVERDUE_STATUSES, today);
  const r = await q.query<OverdueRow>(
    `SELECT a.id, a.status, to_char(a.due_date, 'YYYY-MM-DD') AS due_date, a.supplier_id, s.legal_name AS supplier_name, x.name AS site_name
       FROM assessments a JOIN suppliers s ON s.organization_id = a.organization_id AND s.id = a.supplier_id
       LEFT JOIN sites x ON x.organization_id = a.organization_id AND x.id = a.site_id
      WHERE a.organization_id = app_org() AND ${OVERDUE} AND a.due_date < $2::date AND ${LIVE_SUPPLIER}
      ORDER BY a.due_date, a.id LIMIT $1`,
    [limit, today],
  );
  return { rows: r.rows, total };
}

export interface OverdueActionRow {
  id: string;
  title: string;
  status: string;
  /** YYYY-MM-DD: a calendar day, not an instant. */
  due_date: string;
  plan_id: string;
  supplier_name: string;
}

/**
 * Remediation actions still open or in progress after their due date. The total counts the
 * actions alone, through remediation_actions_due_idx: every action has its plan and every plan
 * its supplier (foreign keys, NOT NULL), so the joins of the list drop none: the first `limit`
 * are chosen before joining.
 */
export async function selectOverdueActions(q: Queryable, limit: number, today: string): Promise<{ rows: OverdueActionRow[]; total: number }> {
  const where = (p: string) => `a.organization_id = app_org() AND a.status IN ('open', 'in_progress') AND a.due_date < ${p}::date`;
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM remediation_actions a WHERE ${where('$1')}`, [today]);
  const r = await q.query<OverdueActionRow>(
    `SELECT a.id, a.title, a.status, to_char(a.due_date, 'YYYY-MM-DD') AS due_date, a.plan_id, s.legal_name AS supplier_name
       FROM (SELECT * FROM remediation_actions a WHERE ${where('$2')} ORDER BY a.due_date, a.id LIMIT $1) a
       JOIN remediation_plans p ON p.organization_id = a.organization_id AND p.id = a.plan_id
       JOIN suppliers s ON s.organization_id = p.organization_id AND s.id = p.supplier_id
      ORDER BY a.due_date, a.id`,
    [limit, today],
  );
  return { rows: r.rows, total: total.rows[0].n };
}
