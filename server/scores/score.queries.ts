import type { Queryable } from '../db/types.ts';
import type { RiskLevel } from '../scoring/types.ts';
import type { StoredSiteInputs, TraceLine } from './stored-score.ts';
import { RISK_LEVELS, type RiskLevelFilter } from './score.filters.ts';
import { selectOrgCounts, suppliersAtLevels } from '../summaries/org-counts.queries.ts';

/** Reads of stored scores. Every query runs in a tenant transaction: RLS limits it to the organisation. */

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface SupplierScoreSummary {
  supplierId: string;
  level: RiskLevel;
  siteCount: number;
  worstSiteId: string | null;
  worstResidual: number;
  worstInherent: number;
  weightedResidual: number;
  weightedInherent: number;
  weightedLevel: RiskLevel;
  flags: string[];
  computedAt: Date;
  datasetId: string | null;
}

interface SupplierScoreDb {
  id: string;
  supplier_id: string;
  level: RiskLevel;
  site_count: number;
  worst_site_id: string | null;
  worst_residual: string;
  worst_inherent: string;
  weighted_residual: string;
  weighted_inherent: string;
  weighted_level: RiskLevel;
  flags: string[];
  computed_at: Date;
  dataset_id: string | null;
}

const SUMMARY = `id, supplier_id, level, site_count, worst_site_id, worst_residual, worst_inherent, weighted_residual,
  weighted_inherent, weighted_level, flags, computed_at, dataset_id`;

function toSummary(r: SupplierScoreDb): SupplierScoreSummary {
  return {
    supplierId: r.supplier_id, level: r.level, siteCount: num(r.site_count), worstSiteId: r.worst_site_id,
    worstResidual: num(r.worst_residual), worstInherent: num(r.worst_inherent), weightedResidual: num(r.weighted_residual),
    weightedInherent: num(r.weighted_inherent), weightedLevel: r.weighted_level, flags: r.flags,
    computedAt: new Date(r.computed_at), datasetId: r.dataset_id,
  };
}

/** Current scores of the given suppliers (those not scored yet are absent from the map). */
export async function currentSupplierScores(q: Queryable, supplierIds: readonly string[]): Promise<Map<string, SupplierScoreSummary>> {
  if (supplierIds.length === 0) return new Map();
  const r = await q.query<SupplierScoreDb>(
    `SELECT ${SUMMARY} FROM current_supplier_scores
      WHERE organization_id = app_org() AND supplier_id = ANY($1::uuid[])`,
    [supplierIds],
  );
  return new Map(r.rows.map((row) => [row.supplier_id, toSummary(row)]));
}

/**
 * A CTE `chain (id, previous_id, depth)`: the newest $2 rows of one site's or supplier's ($1) history,
 * newest first (depth 1). History is keyed by time, not by site (migration 040), so it is walked back
 * from the current score, or from where it ended, along each row's previous_id. The first row's id is a
 * scalar subquery, not a bare coalesce(…): compared with a coalesce of subqueries, the key was not
 * used and the whole history table was scanned (PostgreSQL 15, under row-level security).
 */
function historyChain(kind: 'site' | 'supplier'): string {
  const key = `${kind}_id`;
  return `WITH RECURSIVE chain (id, previous_id, depth) AS (
       SELECT c.id, c.previous_id, 1 FROM ${kind}_scores c
        WHERE c.organization_id = app_org() AND c.${key} = $1 AND c.id = (SELECT coalesce(
          (SELECT p.score_id FROM ${kind}_score_current p WHERE p.organization_id = app_org() AND p.${key} = $1),
          (SELECT e.score_id FROM ${kind}_score_ended e WHERE e.organization_id = app_org() AND e.${key} = $1)))
       UNION ALL
       SELECT c.id, c.previous_id, chain.depth + 1 FROM chain
         JOIN ${kind}_scores c ON c.organization_id = app_org() AND c.id = chain.previous_id AND c.${key} = $1
        WHERE chain.depth < $2)`;
}

export interface StoredSupplierScore extends SupplierScoreSummary {
  id: string;
  isCurrent: boolean;
  explanation: TraceLine[];
  inputs: Record<string, any>;
  engineVersion: string;
  runId: string;
  weights: Record<string, any> | null;
}

export async function selectSupplierScoreRows(q: Queryable, supplierId: string, limit = 50): Promise<StoredSupplierScore[]> {
  const r = await q.query<SupplierScoreDb & { is_current: boolean; explanation: TraceLine[]; inputs: Record<string, any>; engine_version: string; run_id: string; weights: Record<string, any> | null }>(
    `${historyChain('supplier')}
     SELECT c.id, c.supplier_id, c.level, c.site_count, c.worst_site_id, c.worst_residual, c.worst_inherent, c.weighted_residual,
            c.weighted_inherent, c.weighted_level, c.flags, c.computed_at, c.dataset_id, c.is_current, c.explanation, c.inputs,
            c.engine_version, c.run_id, r.weights
       FROM chain JOIN supplier_score_history c ON c.organization_id = app_org() AND c.id = chain.id
       LEFT JOIN score_runs r ON r.organization_id = c.organization_id AND r.id = c.run_id
      ORDER BY chain.depth`,
    [supplierId, limit],
  );
  return r.rows.map((row) => ({
    ...toSummary(row), id: row.id, isCurrent: row.is_current, explanation: row.explanation, inputs: row.inputs,
    engineVersion: row.engine_version, runId: row.run_id, weights: row.weights,
  }));
}

export interface SupplierRef {
  id: string;
  legalName: string;
  tradeName: string | null;
  status: string;
}

export async function selectSupplierRef(q: Queryable, supplierId: string): Promise<SupplierRef | null> {
  const r = await q.query<{ id: string; legal_name: string; trade_name: string | null; status: string }>(
    `SELECT id, legal_name, trade_name, status FROM suppliers WHERE organization_id = app_org() AND id = $1`,
    [supplierId],
  );
  const s = r.rows[0];
  return s ? { id: s.id, legalName: s.legal_name, tradeName: s.trade_name, status: s.status } : null;
}

export interface SiteRef {
  id: string;
  name: string;
  supplierId: string;
  supplierName: string;
  status: string;
  territoryCode: string | null;
  place: string | null;
}

const PLACE = `coalesce(m.name || ', ' || st.name, st.name)`;
const PLACE_JOINS = `
  LEFT JOIN territories m ON m.country = 'MX' AND m.level = 'municipality' AND m.code = x.territory_code
  LEFT JOIN territories st ON st.country = 'MX' AND st.level = 'state' AND st.code = left(x.territory_code, 2)`;

export async function selectSiteRef(q: Queryable, siteId: string): Promise<SiteRef | null> {
  const r = await q.query<{ id: string; name: string; supplier_id: string; supplier_name: string; status: string; territory_code: string | null; place: string | null }>(
    `SELECT x.id, x.name, x.supplier_id, s.legal_name AS supplier_name, x.status, x.territory_code, ${PLACE} AS place
       FROM sites x JOIN suppliers s ON s.organization_id = x.organization_id AND s.id = x.supplier_id ${PLACE_JOINS}
      WHERE x.organization_id = app_org() AND x.id = $1`,
    [siteId],
  );
  const s = r.rows[0];
  return s
    ? { id: s.id, name: s.name, supplierId: s.supplier_id, supplierName: s.supplier_name, status: s.status, territoryCode: s.territory_code, place: s.place }
    : null;
}

export interface SiteScoreRow {
  siteId: string;
  siteName: string;
  place: string | null;
  scoreId: string | null;
  territorial: number | null;
  sector: number | null;
  workforce: number | null;
  inherent: number | null;
  residual: number | null;
  level: RiskLevel | null;
  flags: string[];
  workforceTotal: number | null;
}

/** The supplier's active sites with their current score (null fields = not scored yet). */
export async function selectSupplierSites(q: Queryable, supplierId: string): Promise<SiteScoreRow[]> {
  const r = await q.query<Record<string, any>>(
    `SELECT x.id, x.name, ${PLACE} AS place, x.workforce_total, c.id AS score_id, c.territorial, c.sector, c.workforce,
            c.inherent, c.residual, c.level, c.flags
       FROM sites x ${PLACE_JOINS}
       LEFT JOIN current_site_scores c ON c.organization_id = x.organization_id AND c.site_id = x.id
      WHERE x.organization_id = app_org() AND x.supplier_id = $1 AND x.status = 'active'
      ORDER BY c.residual DESC NULLS LAST, x.name, x.id`,
    [supplierId],
  );
  return r.rows.map((x) => ({
    siteId: x.id, siteName: x.name, place: x.place, scoreId: x.score_id, territorial: numOrNull(x.territorial),
    sector: numOrNull(x.sector), workforce: numOrNull(x.workforce), inherent: numOrNull(x.inherent),
    residual: numOrNull(x.residual), level: x.level, flags: x.flags ?? [], workforceTotal: numOrNull(x.workforce_total),
  }));
}

export interface StoredSiteScore {
  id: string;
  siteId: string;
  supplierId: string;
  computedAt: Date;
  territorial: number;
  sector: number;
  workforce: number;
  inherent: number;
  residual: number;
  inherentLevel: RiskLevel;
  level: RiskLevel;
  flags: string[];
  explanation: TraceLine[];
  inputs: StoredSiteInputs;
  datasetId: string | null;
  datasetName: string | null;
  datasetVersion: string | null;
  datasetIsDemo: boolean;
  assessmentId: string | null;
  engineVersion: string;
  isCurrent: boolean;
  runId: string;
  runReason: string | null;
  weights: Record<string, any> | null;
  weightsCustom: boolean;
}

/** One stored site score (the current one when scoreId is null), with its run's weights. */
export async function selectSiteScore(q: Queryable, siteId: string, scoreId: string | null): Promise<StoredSiteScore | null> {
  const r = await q.query<Record<string, any>>(
    `SELECT c.*, i.inputs, r.reason AS run_reason, r.weights, r.weights_custom, d.name AS dataset_name, d.version AS dataset_version,
            d.is_demo AS dataset_is_demo
       FROM site_score_history c
       JOIN site_score_inputs i ON i.organization_id = c.organization_id AND i.site_id = c.site_id AND i.inputs_key = c.inputs_key
       LEFT JOIN score_runs r ON r.organization_id = c.organization_id AND r.id = c.run_id
       LEFT JOIN risk_datasets d ON d.id = c.dataset_id
      WHERE c.organization_id = app_org() AND c.site_id = $1
        AND c.id = (SELECT coalesce($2::uuid, (SELECT p.score_id FROM site_score_current p WHERE p.organization_id = app_org() AND p.site_id = $1)))`,
    [siteId, scoreId],
  );
  const c = r.rows[0];
  if (!c) return null;
  return {
    id: c.id, siteId: c.site_id, supplierId: c.supplier_id, computedAt: new Date(c.computed_at),
    territorial: num(c.territorial), sector: num(c.sector), workforce: num(c.workforce), inherent: num(c.inherent),
    residual: num(c.residual), inherentLevel: c.inherent_level, level: c.level, flags: c.flags, explanation: c.explanation,
    inputs: c.inputs, datasetId: c.dataset_id, datasetName: c.dataset_name, datasetVersion: c.dataset_version,
    datasetIsDemo: Boolean(c.dataset_is_demo), assessmentId: c.assessment_id, engineVersion: c.engine_version,
    isCurrent: c.is_current, runId: c.run_id, runReason: c.run_reason, weights: c.weights, weightsCustom: Boolean(c.weights_custom),
  };
}

export interface SiteHistoryEntry {
  id: string;
  computedAt: Date;
  inherent: number;
  residual: number;
  level: RiskLevel;
  datasetVersion: string | null;
  assessmentId: string | null;
  isCurrent: boolean;
  reason: string | null;
}

export async function selectSiteHistory(q: Queryable, siteId: string, limit = 50): Promise<SiteHistoryEntry[]> {
  const r = await q.query<Record<string, any>>(
    `${historyChain('site')}
     SELECT c.id, c.computed_at, c.inherent, c.residual, c.level, d.version AS dataset_version, c.assessment_id, c.is_current, r.reason
       FROM chain JOIN site_score_history c ON c.organization_id = app_org() AND c.id = chain.id
       LEFT JOIN score_runs r ON r.organization_id = c.organization_id AND r.id = c.run_id
       LEFT JOIN risk_datasets d ON d.id = c.dataset_id
      ORDER BY chain.depth`,
    [siteId, limit],
  );
  return r.rows.map((c) => ({
    id: c.id, computedAt: new Date(c.computed_at), inherent: num(c.inherent), residual: num(c.residual), level: c.level,
    datasetVersion: c.dataset_version, assessmentId: c.assessment_id, isCurrent: c.is_current, reason: c.reason,
  }));
}

export interface ListedScore {
  supplierId: string;
  legalName: string;
  tradeName: string | null;
  /** null = not scored yet. */
  score: SupplierScoreSummary | null;
}

const LISTED_SCORE = `page.supplier_id, page.legal_name, page.trade_name, c.id, c.level, c.site_count, c.worst_site_id, c.worst_residual,
  c.worst_inherent, c.weighted_residual, c.weighted_inherent, c.weighted_level, c.flags, c.computed_at, c.dataset_id`;

/**
 * Current supplier scores for the list and the API, most severe first (worst site residual,
 * then name), suppliers without a score after them by name. The total comes from the
 * organisation's counts; the scored part is read in index order (supplier_score_current_worst_idx)
 * and the unscored part only when the window reaches it, so a first page does not sort the
 * whole tenant.
 */
export async function selectScoreList(
  q: Queryable,
  f: { levels: RiskLevelFilter[]; limit: number; offset: number },
): Promise<{ items: ListedScore[]; total: number }> {
  const counts = await selectOrgCounts(q);
  const levels: RiskLevelFilter[] = f.levels.length > 0 ? f.levels : [...RISK_LEVELS, 'unscored'];
  const scoredLevels = levels.filter((l) => l !== 'unscored');
  const scored = suppliersAtLevels(counts, scoredLevels);
  const total = suppliersAtLevels(counts, levels);
  const rows: (SupplierScoreDb & { legal_name: string; trade_name: string | null })[] = [];
  if (scoredLevels.length > 0 && f.offset < scored) {
    const r = await q.query<SupplierScoreDb & { legal_name: string; trade_name: string | null }>(
      // The page is chosen from the pointers alone, then its history rows are read. Joined in one
      // step, the planner multiplies the two key columns' selectivities, expects one row and sorts
      // every score of the tenant (0.4 s at 100,000) instead of reading the index in order.
      `SELECT ${LISTED_SCORE}
         FROM (SELECT p.supplier_id, p.score_id, p.worst_residual, s.legal_name, s.trade_name
                 FROM supplier_score_current p JOIN suppliers s ON s.organization_id = p.organization_id AND s.id = p.supplier_id
                WHERE p.organization_id = app_org() AND p.level = ANY($1::text[]) AND s.status <> 'archived'
                ORDER BY p.worst_residual DESC, s.legal_name, s.id
                LIMIT $2 OFFSET $3) page
         JOIN supplier_scores c ON c.organization_id = app_org() AND c.supplier_id = page.supplier_id AND c.id = page.score_id
        ORDER BY page.worst_residual DESC, page.legal_name, page.supplier_id`,
      [scoredLevels, f.limit, f.offset],
    );
    rows.push(...r.rows);
  }
  if (levels.includes('unscored') && rows.length < f.limit && total > scored) {
    const r = await q.query<SupplierScoreDb & { legal_name: string; trade_name: string | null }>(
      `SELECT s.id AS supplier_id, s.legal_name, s.trade_name
         FROM suppliers s
        WHERE s.organization_id = app_org() AND s.status <> 'archived'
          AND NOT EXISTS (SELECT 1 FROM supplier_score_current c WHERE c.organization_id = s.organization_id AND c.supplier_id = s.id)
        ORDER BY s.legal_name, s.id
        LIMIT $1 OFFSET $2`,
      [f.limit - rows.length, Math.max(0, f.offset - scored)],
    );
    rows.push(...r.rows);
  }
  return {
    total,
    items: rows.map((row) => ({
      supplierId: row.supplier_id,
      legalName: row.legal_name,
      tradeName: row.trade_name,
      score: row.level ? toSummary(row) : null,
    })),
  };
}
