import type { Database, Queryable } from '../db/types.ts';
import type { Actor } from '../auth/actor.ts';
import { dbContext } from '../auth/actor.ts';
import { getActiveDataset } from '../risk-datasets/risk-dataset.service.ts';
import { ENGINE_VERSION } from '../scoring/engine.ts';
import { SECTOR_TABLE_VERSION } from '../scoring/sector-risk.ts';
import { parseWeights, type ScoringWeights } from '../scoring/weights.ts';
import { loadEvaluations, type Evaluation } from './assessment.inputs.ts';
import { loadOpenEvidence } from './evidence.inputs.ts';
import { SITE_INPUT_COLUMNS, SITE_SCORE_COLUMNS, SUPPLIER_SCORE_COLUMNS, computeBatch, weightsKeyOf, type BatchResult } from './rescore.compute.ts';
import * as sql from './rescore.queries.ts';
import { territorialTable } from './territorial.inputs.ts';
import { loadTrainingInputs } from '../training/training.score-inputs.ts';
import type { TrainingInput } from '../scoring/training-credit.ts';
import type { EvidenceInput } from '../scoring/types.ts';
import { copyIntoTenantTable } from './tenant-copy.ts';
import { batchPlan } from './rescore.batches.ts';
import { withScoreCounts, type RescoredScope } from '../summaries/score-counts.ts';

export interface RescoreOptions {
  /** null/undefined = every supplier of the organisation. */
  supplierIds?: string[] | null;
  reason?: string;
  jobId?: string | null;
  progress?: (done: number, total: number) => Promise<void>;
  /** Suppliers per batch (one transaction each). */
  batchSize?: number;
  /** The day (YYYY-MM-DD) assessments are aged against; today by default. */
  asOf?: string;
}

export interface RescoreResult {
  runId: string;
  suppliersScored: number;
  sitesScored: number;
  scoresWritten: number;
  unchanged: number;
  datasetId: string | null;
}

export const DEFAULT_BATCH = 20_000;
/** Tries of one batch's write when another run moved its pointers in between (then it is read again). */
const WRITE_ATTEMPTS = 3;

/** The tenant's validated weights: its stored override merged over the defaults. */
export async function tenantWeights(q: Queryable, orgId: string): Promise<{ weights: ScoringWeights; custom: boolean }> {
  const override = await sql.selectWeightsOverride(q, orgId);
  const custom = override !== null && typeof override === 'object' && Object.keys(override).length > 0;
  return { weights: parseWeights(custom ? override : undefined), custom };
}

/**
 * Re-scores the organisation's suppliers (or some of them): reads sites, territorial
 * values and assessments set-based per batch, scores in memory with the pure engine,
 * COPYs new history rows and points each site and supplier at its new row (migration 037).
 * A site whose inputs are unchanged keeps its current row: nothing is written for it.
 * Rows go through the tenant transaction, so RLS applies to every write.
 */
export async function rescoreOrganization(db: Database, actor: Actor, opts: RescoreOptions = {}): Promise<RescoreResult> {
  const ctx = dbContext(actor);
  const orgId = actor.orgId;
  const requested = opts.supplierIds ? [...new Set(opts.supplierIds)] : null;

  const setup = await db.tx(ctx, async (q) => {
    const { weights, custom } = await tenantWeights(q, orgId);
    const dataset = await getActiveDataset(q, 'MX');
    const territories = dataset ? await territorialTable(q, dataset) : null;
    const suppliers = await sql.selectScoringSupplierIds(q, orgId, requested);
    const runId = await sql.insertRun(q, {
      orgId, jobId: opts.jobId ?? null, reason: opts.reason ?? 'manual', supplierIds: requested, weights,
      weightsCustom: custom, datasetId: dataset?.id ?? null, datasetVersion: dataset?.version ?? null,
      engineVersion: ENGINE_VERSION, sectorTableVersion: SECTOR_TABLE_VERSION, createdBy: actor.userId,
    });
    return { weights, dataset, territories, suppliers, runId };
  });

  const weightsKey = weightsKeyOf(setup.weights);
  // One day for the whole run, so every site's evidence is aged the same way.
  const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
  // The same for every row of the run: sent once per batch, not per row.
  const runColumns = [
    { column: 'organization_id', type: 'uuid', value: orgId },
    { column: 'run_id', type: 'uuid', value: setup.runId },
    { column: 'dataset_id', type: 'uuid', value: setup.dataset?.id ?? null },
    { column: 'engine_version', type: 'text', value: ENGINE_VERSION },
  ];
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const totals = { suppliersScored: 0, sitesScored: 0, scoresWritten: 0, unchanged: 0 };
  const all = setup.suppliers;
  // Requested suppliers that are archived or gone still get their current scores retired.
  const present = new Set(all);
  const gone = requested ? requested.filter((id) => !present.has(id)) : [];
  const plan = batchPlan(all.length, batchSize);

  // A batch's inputs, read set-based, and its rows, computed outside the read transaction: on PGlite's
  // one connection the write of the batch before would otherwise wait for the computing. Its suppliers
  // are read again with the rest, so one archived since the run started is left out (and its scores end).
  const prepare = async (scope: sql.BatchScope, some: boolean): Promise<BatchResult> => {
    const read = await db.tx(ctx, (q) => readBatchInputs(q, orgId, scope, some));
    return computeBatch(
      {
        trainings: read.trainings,
        orgId, runId: setup.runId, weights: setup.weights, weightsKey, datasetId: setup.dataset?.id ?? null,
        territories: setup.territories, evaluations: read.evaluations, evidence: read.evidence, asOf,
        currentSites: read.current.sites, currentSuppliers: read.current.suppliers,
        endedSites: read.current.endedSites, endedSuppliers: read.current.endedSuppliers,
      },
      read.suppliers,
      read.sites,
    );
  };
  const write = (scope: sql.BatchScope, result: BatchResult) => db.tx(ctx, async (q) => {
    await sql.lockOrganization(q, orgId);
    const newSiteIds = result.rescoredSiteIds;
    const newSupplierIds = result.rescoredSupplierIds;
    // The dashboard's counts follow the scores retired and written here (server/summaries):
    // a slice of the whole organisation is counted by its bounds, listed suppliers by their ids.
    const rewritten: RescoredScope = 'after' in scope && result.siteRows.length + result.supplierRows.length +
      result.retireSiteIds.length + result.retireSupplierIds.length > 0
      ? scope
      : { siteIds: [...result.retireSiteIds, ...newSiteIds], supplierIds: [...result.retireSupplierIds, ...newSupplierIds] };
    await withScoreCounts(q, rewritten, async () => {
      // A replaced score is re-pointed with its new row below; only scores that end lose their pointer.
      await sql.dropCurrent(q, orgId, without(result.retireSiteIds, newSiteIds), without(result.retireSupplierIds, newSupplierIds));
      // A site's inputs may be back to ones stored earlier (an edit undone): those are kept, not duplicated.
      await copyIntoTenantTable(db, q, 'site_score_inputs', SITE_INPUT_COLUMNS, result.siteInputRows, {
        constants: [{ column: 'organization_id', type: 'uuid', value: orgId }],
        skipExisting: true,
      });
      // Pointers first: each moves only if it still names the row the new one replaces, and is created only
      // where there was none when the batch was read (PointersMoved).
      await copyIntoTenantTable(db, q, 'site_scores', SITE_SCORE_COLUMNS, result.siteRows, {
        constants: runColumns,
        beforeInsert: (stage) => sql.pointSitesAt(q, stage, orgId, setup.dataset?.id ?? null, { rows: result.siteRows.length, created: result.createdSitePointers }),
      });
      await copyIntoTenantTable(db, q, 'supplier_scores', SUPPLIER_SCORE_COLUMNS, result.supplierRows, {
        constants: runColumns,
        beforeInsert: (stage) => sql.pointSuppliersAt(q, stage, orgId, { rows: result.supplierRows.length, created: result.createdSupplierPointers }),
      });
    });
  });
  // Another run (another worker) may write or end some of the batch's scores between its read and its write.
  // The write then finds pointers that no longer name the rows its rows replace, and rolls back: the
  // batch is read and computed again against what is current now, a few times at most.
  const writeBatch = async (scope: sql.BatchScope, some: boolean, first: BatchResult): Promise<BatchResult> => {
    let result = first;
    for (let attempt = 1; ; attempt++) {
      try {
        await write(scope, result);
        return result;
      } catch (e) {
        if (!(e instanceof sql.PointersMoved) || attempt >= WRITE_ATTEMPTS) throw e;
        result = await prepare(scope, some);
      }
    }
  };

  // Batch b is written while batch b + 1 is read and scored (on PostgreSQL, two connections):
  // reading needs no lock; the write moves the pointers under the organisation's lock.
  let writing: Promise<void> = Promise.resolve();
  let start = 0;
  for (let b = 0; b < plan.length; b++) {
    const ids = all.slice(start, start + plan[b]);
    start += plan[b];
    const scope: sql.BatchScope = requested
      ? { ids: b === 0 ? [...ids, ...gone] : ids }
      : { after: b === 0 ? null : all[start - plan[b] - 1], upTo: b === plan.length - 1 ? null : ids[ids.length - 1] };
    if ('ids' in scope && scope.ids.length === 0) break;
    const computed = await prepare(scope, ids.length > 0);
    await writing; // at most one batch waiting to be written: bounded memory, and its error stops the run
    const done = start;
    writing = writeBatch(scope, ids.length > 0, computed).then(async (result) => {
      totals.suppliersScored += result.suppliersScored;
      totals.sitesScored += result.sitesScored;
      totals.scoresWritten += result.siteRows.length + result.supplierRows.length;
      totals.unchanged += result.unchanged;
      await opts.progress?.(done, all.length);
    });
    // Observed at the next `await writing`; this only keeps an early failure from being reported as unhandled.
    writing.catch(() => undefined);
  }
  await writing;

  await db.tx(ctx, (q) => sql.finishRun(q, orgId, setup.runId, totals));
  return { runId: setup.runId, ...totals, datasetId: setup.dataset?.id ?? null };
}

/**
 * What a batch reads, set-based: its suppliers that are not archived, their active sites, their latest
 * reviewed assessments, open findings and child cases, verified supervisor training, and the current
 * scores' pointers (to tell what changed and what ends). A batch of only gone suppliers (`some` false)
 * reads just the pointers.
 */
export async function readBatchInputs(q: Queryable, orgId: string, scope: sql.BatchScope, some = true) {
  return {
    suppliers: some ? await sql.selectScoringSuppliers(q, orgId, scope) : [],
    trainings: some ? await loadTrainingInputs(q, scope) : new Map<string, TrainingInput>(),
    sites: some ? await sql.selectScoringSites(q, orgId, scope) : [],
    evaluations: some ? await loadEvaluations(q, scope) : new Map<string, Evaluation>(),
    evidence: some ? await loadOpenEvidence(q, scope) : new Map<string, EvidenceInput>(),
    current: await sql.selectCurrentScores(q, orgId, scope),
  };
}

function without(ids: readonly string[], removed: readonly string[]): string[] {
  const gone = new Set(removed);
  return ids.filter((id) => !gone.has(id));
}
