import type { Queryable } from '../db/types.ts';
import { supplierScopeSql, type SupplierScope } from '../suppliers/supplier-scope.ts';
import type { WorkforceCounts } from '../suppliers/site.queries.ts';
import type { CurrentScore, SiteRow, SupplierRow } from './rescore.compute.ts';

/** Set-based reads and writes of a re-scoring run: a handful of statements per batch. */

/**
 * The suppliers a batch covers (server/suppliers/supplier-scope.ts): listed ids (a re-scoring of
 * some suppliers), or a slice of the id order (the whole organisation). Slices tile the whole id
 * space, so an archived supplier between two live ones is covered too.
 */
export type BatchScope = SupplierScope;

const scopeSql = (scope: BatchScope, params: unknown[]): string => supplierScopeSql(scope, 'supplier_id', params);

export async function selectWeightsOverride(q: Queryable, orgId: string): Promise<unknown> {
  const r = await q.query<{ weights: unknown }>(`SELECT weights FROM scoring_settings WHERE organization_id = $1`, [orgId]);
  return r.rows[0]?.weights ?? null;
}

export interface NewRun {
  orgId: string;
  jobId: string | null;
  reason: string;
  supplierIds: string[] | null;
  weights: unknown;
  weightsCustom: boolean;
  datasetId: string | null;
  datasetVersion: string | null;
  engineVersion: string;
  sectorTableVersion: string;
  createdBy: string | null;
}

export async function insertRun(q: Queryable, r: NewRun): Promise<string> {
  const res = await q.query<{ id: string }>(
    `INSERT INTO score_runs (organization_id, job_id, reason, supplier_ids, weights, weights_custom, dataset_id,
                             dataset_version, engine_version, sector_table_version, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [r.orgId, r.jobId, r.reason, r.supplierIds, JSON.stringify(r.weights), r.weightsCustom, r.datasetId,
      r.datasetVersion, r.engineVersion, r.sectorTableVersion, r.createdBy],
  );
  return res.rows[0].id;
}

export async function finishRun(
  q: Queryable,
  orgId: string,
  runId: string,
  c: { suppliersScored: number; sitesScored: number; scoresWritten: number; unchanged: number },
): Promise<void> {
  await q.query(
    `UPDATE score_runs SET finished_at = now(), suppliers_scored = $3, sites_scored = $4, scores_written = $5, unchanged = $6
      WHERE organization_id = $1 AND id = $2`,
    [orgId, runId, c.suppliersScored, c.sitesScored, c.scoresWritten, c.unchanged],
  );
}

/** The suppliers a run covers (all, or the listed ones), by id order, archived ones left out: batches are slices of this list. */
export async function selectScoringSupplierIds(q: Queryable, orgId: string, ids: string[] | null): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `SELECT id FROM suppliers
      WHERE organization_id = $1 AND status <> 'archived' AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
      ORDER BY id`,
    [orgId, ids],
  );
  return r.rows.map((s) => s.id);
}

/**
 * A batch's suppliers to score, archived ones left out. Read with the rest of the batch's inputs, so
 * that a supplier archived since the run was planned is not scored (its scores end instead).
 */
export async function selectScoringSuppliers(q: Queryable, orgId: string, scope: BatchScope): Promise<SupplierRow[]> {
  const params: unknown[] = [orgId];
  const r = await q.query<{ id: string; sector_code: string | null; commodities: string[] }>(
    `SELECT id, sector_code, commodities FROM suppliers
      WHERE organization_id = $1 AND status <> 'archived' AND ${supplierScopeSql(scope, 'id', params)}`,
    params,
  );
  return r.rows.map((s) => ({ id: s.id, sectorCode: s.sector_code, commodities: s.commodities ?? [] }));
}

interface SiteDbRow extends WorkforceCounts {
  id: string;
  supplier_id: string;
  territory_code: string | null;
  activities: string[] | null;
}

/** Active sites of the batch's suppliers, in (supplier, id) order so "the first site" is stable. */
export async function selectScoringSites(q: Queryable, orgId: string, scope: BatchScope): Promise<SiteRow[]> {
  const params: unknown[] = [orgId];
  const r = await q.query<SiteDbRow>(
    `SELECT id, supplier_id, territory_code, workforce_total, workforce_women, workforce_adolescents, workforce_seasonal,
            workforce_migrant, workforce_indigenous, workforce_family, workforce_subcontracted, activities
       FROM sites
      WHERE organization_id = $1 AND status = 'active' AND ${scopeSql(scope, params)}
      ORDER BY supplier_id, id`,
    params,
  );
  return r.rows.map((s) => ({
    id: s.id,
    supplierId: s.supplier_id,
    territoryCode: s.territory_code,
    workforce: {
      total: s.workforce_total,
      adolescents15to17: s.workforce_adolescents,
      seasonal: s.workforce_seasonal,
      migrant: s.workforce_migrant,
      indigenous: s.workforce_indigenous,
      familyLabour: s.workforce_family,
      subcontracted: s.workforce_subcontracted,
      women: s.workforce_women,
    },
    activities: s.activities ?? [],
  }));
}

/** The batch's current scores: their pointers (migration 037) hold what tells whether they changed. */
export async function selectCurrentScores(
  q: Queryable,
  orgId: string,
  scope: BatchScope,
): Promise<CurrentScores> {
  const sp: unknown[] = [orgId];
  const sites = await q.query<{ site_id: string; id: string; input_hash: string; inputs_key: string }>(
    `SELECT site_id, score_id AS id, input_hash, inputs_key FROM site_score_current
      WHERE organization_id = $1 AND ${scopeSql(scope, sp)}`,
    sp,
  );
  const pp: unknown[] = [orgId];
  const suppliers = await q.query<{ supplier_id: string; id: string; input_hash: string }>(
    `SELECT supplier_id, score_id AS id, input_hash FROM supplier_score_current
      WHERE organization_id = $1 AND ${scopeSql(scope, pp)}`,
    pp,
  );
  const ep: unknown[] = [orgId];
  const ended = await q.query<{ kind: 'site' | 'supplier'; of: string; score_id: string }>(
    `SELECT 'site' AS kind, site_id AS of, score_id FROM site_score_ended WHERE organization_id = $1 AND ${scopeSql(scope, ep)}
     UNION ALL
     SELECT 'supplier', supplier_id, score_id FROM supplier_score_ended WHERE organization_id = $1 AND ${scopeSql(scope, ep)}`,
    ep,
  );
  return {
    sites: new Map(sites.rows.map((r) => [r.site_id, { id: r.id, hash: r.input_hash, inputsKey: r.inputs_key }])),
    suppliers: new Map(suppliers.rows.map((r) => [r.supplier_id, { id: r.id, hash: r.input_hash }])),
    endedSites: new Map(ended.rows.filter((r) => r.kind === 'site').map((r) => [r.of, r.score_id])),
    endedSuppliers: new Map(ended.rows.filter((r) => r.kind === 'supplier').map((r) => [r.of, r.score_id])),
  };
}

/**
 * The batch's current scores (migration 037), and where the history of a site or supplier without
 * one ended (migration 040): a new row names the one it replaces, current or last.
 */
export interface CurrentScores {
  sites: Map<string, CurrentScore>;
  suppliers: Map<string, CurrentScore>;
  endedSites: Map<string, string>;
  endedSuppliers: Map<string, string>;
}

/**
 * Sites and suppliers left without a current score (archived, gone): their pointers go; their history
 * stays, and where it ends is kept (site_score_ended, migration 040) so that it can still be read and
 * a restored site's next score continues it.
 */
export async function dropCurrent(q: Queryable, orgId: string, siteIds: string[], supplierIds: string[]): Promise<void> {
  if (siteIds.length > 0) {
    await q.query(
      `WITH gone AS (DELETE FROM site_score_current WHERE organization_id = $1 AND site_id = ANY($2::uuid[]) RETURNING site_id, supplier_id, score_id)
       INSERT INTO site_score_ended (organization_id, site_id, supplier_id, score_id) SELECT $1, site_id, supplier_id, score_id FROM gone
       ON CONFLICT (organization_id, site_id) DO UPDATE SET supplier_id = excluded.supplier_id, score_id = excluded.score_id`,
      [orgId, siteIds],
    );
  }
  if (supplierIds.length > 0) {
    await q.query(
      `WITH gone AS (DELETE FROM supplier_score_current WHERE organization_id = $1 AND supplier_id = ANY($2::uuid[]) RETURNING supplier_id, score_id)
       INSERT INTO supplier_score_ended (organization_id, supplier_id, score_id) SELECT $1, supplier_id, score_id FROM gone
       ON CONFLICT (organization_id, supplier_id) DO UPDATE SET score_id = excluded.score_id`,
      [orgId, supplierIds],
    );
  }
}

/**
 * Another run moved or ended some of these pointers since this batch read them: its rows name, as the
 * score they replace, one that is no longer current. The batch is rolled back and read again (rescore.ts).
 */
export class PointersMoved extends Error {
  constructor(readonly table: string, staged: Staged, moved: Staged) {
    super(`${table}: of ${staged.rows} staged rows (${staged.created} for sites or suppliers without a current score), ` +
      `${moved.rows} moved a pointer (${moved.created} created one); the current scores changed since the batch read them`);
  }
}

/** Rows of a staging table, and how many of them name no current score (their pointer is created, not moved). */
export interface Staged {
  rows: number;
  created: number;
}

/**
 * Runs a pointer upsert (its `ON CONFLICT … DO UPDATE … WHERE` moves a pointer only where it still names
 * the score the new row replaces) and checks it against what the batch read, under the organisation's
 * lock. Fewer rows than staged: another run moved a pointer. More created than expected: another run
 * ended one (an archived site or supplier), and moving it here would give it a current score again.
 * `xmax = 0` tells a created row from an updated one: an upsert's update leaves its lock in xmax.
 */
async function movePointers(q: Queryable, table: string, upsert: string, params: unknown[], staged: Staged): Promise<void> {
  const r = await q.query<{ rows: number; created: number }>(
    `WITH moved AS (${upsert} RETURNING (p.xmax = 0) AS created)
     SELECT count(*)::int AS rows, (count(*) FILTER (WHERE created))::int AS created FROM moved`,
    params,
  );
  const moved = r.rows[0];
  if (moved.rows !== staged.rows || moved.created !== staged.created) throw new PointersMoved(table, staged, moved);
}

/**
 * Points each site of a staging table of new site scores (tenant-copy.ts) at its new row, but only
 * where the pointer still names the row the new one replaces (its previous_id, migration 040), or
 * where there was none when the batch read it (movePointers). None of the updated columns is indexed,
 * so the update stays on its page (HOT) and writes no index entry.
 */
export async function pointSitesAt(q: Queryable, stage: string, orgId: string, datasetId: string | null, staged: Staged): Promise<void> {
  await movePointers(q, 'site_score_current',
    `INSERT INTO site_score_current AS p (organization_id, site_id, supplier_id, score_id, input_hash, inputs_key, dataset_id, previous_score_id)
     SELECT $1::uuid, site_id, supplier_id, id, input_hash, inputs_key, $2::uuid, previous_id FROM ${stage}
     ON CONFLICT (organization_id, site_id)
     DO UPDATE SET score_id = excluded.score_id, supplier_id = excluded.supplier_id, input_hash = excluded.input_hash,
                   inputs_key = excluded.inputs_key, dataset_id = excluded.dataset_id, previous_score_id = excluded.previous_score_id
     WHERE p.score_id = excluded.previous_score_id`,
    [orgId, datasetId], staged);
}

/** The same for suppliers, with the level and worst residual the lists filter and sort by. */
export async function pointSuppliersAt(q: Queryable, stage: string, orgId: string, staged: Staged): Promise<void> {
  await movePointers(q, 'supplier_score_current',
    `INSERT INTO supplier_score_current AS p (organization_id, supplier_id, score_id, input_hash, level, worst_residual, previous_score_id)
     SELECT $1::uuid, supplier_id, id, input_hash, level, worst_residual, previous_id FROM ${stage}
     ON CONFLICT (organization_id, supplier_id)
     DO UPDATE SET score_id = excluded.score_id, input_hash = excluded.input_hash, level = excluded.level,
                   worst_residual = excluded.worst_residual, previous_score_id = excluded.previous_score_id
     WHERE p.score_id = excluded.previous_score_id`,
    [orgId], staged);
}

/**
 * Serialises re-scoring batches of one organisation (two workers, or a job and the bench), and turns
 * off JIT compilation for the rest of the batch's transaction: the planner cannot know how many rows a
 * staging table holds, and when it over-estimated them it compiled the statement (11 ms, twenty
 * statements a run) for work that takes no longer interpreted.
 */
export async function lockOrganization(q: Queryable, orgId: string): Promise<void> {
  await q.query(`SELECT pg_advisory_xact_lock(hashtext('vigia-rescore:' || $1)), set_config('jit', 'off', true)`, [orgId]);
}

/**
 * A queued, not yet started re-scoring job of the organisation, locked so its payload can
 * be widened instead of queueing another job after every edit.
 */
export async function selectQueuedRescore(q: Queryable, orgId: string): Promise<{ id: string; payload: Record<string, unknown> } | null> {
  const r = await q.query<{ id: string; payload: Record<string, unknown> }>(
    `SELECT id, payload FROM jobs
      WHERE organization_id = $1 AND kind = 'rescore' AND status = 'queued'
      ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [orgId],
  );
  return r.rows[0] ?? null;
}

export async function updateQueuedPayload(q: Queryable, orgId: string, jobId: string, payload: unknown): Promise<void> {
  await q.query(`UPDATE jobs SET payload = $3 WHERE organization_id = $1 AND id = $2 AND status = 'queued'`, [
    orgId, jobId, JSON.stringify(payload),
  ]);
}

/** Organisations with at least one supplier: the ones a new risk dataset changes. */
export async function selectOrganizationsWithSuppliers(q: Queryable): Promise<{ id: string; name: string; kind: 'company' | 'consultancy' }[]> {
  const r = await q.query<{ id: string; name: string; kind: 'company' | 'consultancy' }>(
    `SELECT o.id, o.name, o.kind FROM organizations o
      WHERE EXISTS (SELECT 1 FROM suppliers s WHERE s.organization_id = o.id) ORDER BY o.id`,
  );
  return r.rows;
}
