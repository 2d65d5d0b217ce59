import { hash } from 'node:crypto';
import { timeOrderedId } from '../db/ids.ts';
import { ENGINE_VERSION, scoreSite, scoreSupplier } from '../scoring/engine.ts';
import { SECTOR_TABLE_VERSION } from '../scoring/sector-risk.ts';
import { scoreSiteWithTraining, type TrainingInput } from '../scoring/training-credit.ts';
import type { SiteScore, WorkforceInput } from '../scoring/types.ts';
import type { ScoringWeights } from '../scoring/weights.ts';
import type { EvidenceInput } from '../scoring/types.ts';
import { assessmentFor, type Evaluation } from './assessment.inputs.ts';
import { evidenceFor } from './evidence.inputs.ts';
import { encodeSiteInputs, jsonOfAssessment, sectorFields, traceJson } from './stored-score.ts';
import type { TerritorialTable } from './territorial.inputs.ts';
import { CopyRows } from '../db/context.ts';

/**
 * The in-memory half of a re-scoring batch: rows read in bulk go in, rows to COPY come
 * out. No I/O, so the benchmark and the tests exercise exactly what the job runs.
 */

export interface SupplierRow {
  id: string;
  sectorCode: string | null;
  commodities: string[];
}

export interface SiteRow {
  id: string;
  supplierId: string;
  territoryCode: string | null;
  workforce: WorkforceInput;
  activities: string[];
}

/** The current score row of a site or supplier: its id and input hash (and, for a site, the key of its stored inputs). */
export interface CurrentScore {
  id: string;
  hash: string;
  inputsKey?: string;
}

export interface RunContext {
  orgId: string;
  /** Verified supervisor training per site id (server/training/training.score-inputs.ts). */
  trainings?: Map<string, TrainingInput>;
  runId: string;
  weights: ScoringWeights;
  /** Hash of the weights, so a weights change changes every input hash. */
  weightsKey: string;
  datasetId: string | null;
  territories: TerritorialTable | null;
  evaluations: Map<string, Evaluation>;
  /** Open findings and child cases by site id / 'supplier:<id>' (evidence.inputs.ts). */
  evidence: Map<string, EvidenceInput>;
  /** The run's day (YYYY-MM-DD): how old each assessment's evidence is. */
  asOf: string;
  /** Current score per site id / supplier id (of the batch). */
  currentSites: Map<string, CurrentScore>;
  currentSuppliers: Map<string, CurrentScore>;
  /** The last score of a site / supplier of the batch that has no current one (archived before): a new row continues its history. */
  endedSites?: Map<string, string>;
  endedSuppliers?: Map<string, string>;
}

export interface BatchResult {
  /** New rows, encoded for COPY as they are made (server/db/context.ts). */
  siteRows: CopyRows;
  /** Inputs of sites whose inputs changed (SITE_INPUT_COLUMNS); a weights change writes none. */
  siteInputRows: CopyRows;
  supplierRows: CopyRows;
  /** How many of the site / supplier rows are for one without a current score: their pointer is created, not moved (rescore.queries.ts). */
  createdSitePointers: number;
  createdSupplierPointers: number;
  /** The sites and suppliers of those rows: each now points at its new row. */
  rescoredSiteIds: string[];
  rescoredSupplierIds: string[];
  /** Sites / suppliers whose current score is replaced (a new row here) or ends (archived, gone). */
  retireSiteIds: string[];
  retireSupplierIds: string[];
  sitesScored: number;
  suppliersScored: number;
  unchanged: number;
}

/** Per-row columns; organization, run, dataset and engine version are the run's (rescore.ts adds them once). */
export const SITE_SCORE_COLUMNS = [
  'id', 'site_id', 'supplier_id', 'territorial', 'sector', 'workforce', 'inherent', 'residual', 'inherent_level', 'level',
  'flags', 'explanation', 'inputs_key', 'assessment_id', 'input_hash', 'previous_id',
];
export const SITE_INPUT_COLUMNS = ['site_id', 'inputs_key', 'inputs'];
export const SUPPLIER_SCORE_COLUMNS = [
  'id', 'supplier_id', 'level', 'site_count', 'worst_site_id', 'worst_residual', 'worst_inherent', 'weighted_residual',
  'weighted_inherent', 'weighted_level', 'flags', 'explanation', 'inputs', 'input_hash', 'previous_id',
];

/** Not an engine flag: the supplier has no active site and was scored from its own data. */
export const NO_ACTIVE_SITES = 'noActiveSites';

const NO_WORKFORCE: WorkforceInput = Object.freeze({
  total: null, adolescents15to17: null, seasonal: null, migrant: null, indigenous: null, familyLabour: null, subcontracted: null, women: null,
});

/**
 * Fingerprint of the inputs: tells a site's new inputs from its own previous ones (not for security).
 * The one-shot `hash` makes no Hash object: half the time of createHash over a re-scoring's 500,000 calls.
 */
export const hashOf = (text: string): string => hash('md5', text, 'base64url');

export function weightsKeyOf(weights: ScoringWeights): string {
  return hashOf(JSON.stringify(weights));
}

const pgArray = (flags: readonly string[]): string => `{${flags.join(',')}}`;

/** Suppliers computed between two turns of the event loop (about 20 ms of work). */
const SUPPLIERS_PER_TURN = 500;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The batch's rows, computed a few hundred suppliers at a time: between them the event loop
 * runs, so the write of the batch before (its COPY, then each next statement) goes on while
 * this one is computed. A batch is about a second of computing; in one piece, the write waited
 * for all of it.
 */
export async function computeBatch(ctx: RunContext, suppliers: readonly SupplierRow[], sites: readonly SiteRow[]): Promise<BatchResult> {
  const bySupplier = new Map<string, SiteRow[]>();
  for (const s of sites) {
    const list = bySupplier.get(s.supplierId);
    if (list) list.push(s);
    else bySupplier.set(s.supplierId, [s]);
  }
  const out: BatchResult = {
    siteRows: new CopyRows(), siteInputRows: new CopyRows(), supplierRows: new CopyRows(), createdSitePointers: 0, createdSupplierPointers: 0,
    rescoredSiteIds: [], rescoredSupplierIds: [],
    retireSiteIds: [], retireSupplierIds: [], sitesScored: 0, suppliersScored: 0, unchanged: 0,
  };
  const keptSites = new Set<string>();
  const keptSuppliers = new Set<string>();
  // Same inputs under the same weights, dataset and engine give the same score.
  const prefix = `${ctx.weightsKey}|${ctx.datasetId}|${ENGINE_VERSION}|${SECTOR_TABLE_VERSION}|`;

  for (let i = 0; i < suppliers.length; i++) {
    if (i > 0 && i % SUPPLIERS_PER_TURN === 0) await nextTurn();
    const supplier = suppliers[i];
    const sector = { scianCode: supplier.sectorCode, commodities: supplier.commodities };
    const sectorJson = sectorFields(supplier.sectorCode, supplier.commodities);
    const own = bySupplier.get(supplier.id) ?? [];
    out.suppliersScored++;
    out.sitesScored += own.length;

    if (own.length === 0) {
      // Scored as one site built from the supplier's own data (docs/scoring.md, "Supplier aggregation").
      const assessment = assessmentFor(ctx.evaluations, null, supplier.id, ctx.asOf);
      const evidence = evidenceFor(ctx.evidence, null, supplier.id);
      const inputs = `{"sites":[],"siteScores":[],${sectorJson},"assessment":${jsonOfAssessment(assessment)},` +
        `"evidence":${evidence ? JSON.stringify(evidence) : 'null'}}`;
      const hash = hashOf(prefix + inputs);
      if (ctx.currentSuppliers.get(supplier.id)?.hash === hash) {
        keptSuppliers.add(supplier.id);
        continue;
      }
      const s = scoreSite({ territorial: null, sector, workforce: NO_WORKFORCE, assessment, evidence }, ctx.weights);
      out.rescoredSupplierIds.push(supplier.id);
      out.supplierRows.push([
        timeOrderedId(), supplier.id, s.level, 0, null, s.residual, s.inherent, s.residual, s.inherent, s.level,
        pgArray([...s.flags, NO_ACTIVE_SITES]), traceJson(s.explanation), inputs, hash, previousSupplierScore(ctx, out, supplier.id),
      ]);
      continue;
    }

    // Inputs and hashes first: when nothing changed, the engine is not run at all.
    let supplierKey = prefix;
    let allUnchanged = true;
    const prepared = own.map((site) => {
      const territorial = site.territoryCode ? (ctx.territories?.get(site.territoryCode) ?? null) : null;
      const assessment = assessmentFor(ctx.evaluations, site.id, supplier.id, ctx.asOf);
      const evidence = evidenceFor(ctx.evidence, site.id, supplier.id);
      const training = ctx.trainings?.get(site.id);
      const inputs = withTraining(encodeSiteInputs(site.territoryCode, sectorJson, site.workforce, assessment, site.activities, evidence), training);
      const hash = hashOf(prefix + inputs);
      const current = ctx.currentSites.get(site.id);
      const unchanged = current?.hash === hash;
      if (!unchanged) allUnchanged = false;
      supplierKey += `${site.id}:${hash},`;
      return { site, territorial, assessment, evidence, inputs, hash, scoreId: unchanged ? current!.id : timeOrderedId(), unchanged };
    });
    const supplierHash = hashOf(supplierKey);
    if (allUnchanged && ctx.currentSuppliers.get(supplier.id)?.hash === supplierHash) {
      for (const p of prepared) keptSites.add(p.site.id);
      keptSuppliers.add(supplier.id);
      continue;
    }

    const scored: SiteScore[] = [];
    const sizes: (number | null)[] = [];
    for (const p of prepared) {
      const score = scoreSiteWithTraining(
        { territorial: p.territorial, sector, workforce: p.site.workforce, assessment: p.assessment, activities: p.site.activities, evidence: p.evidence },
        ctx.trainings?.get(p.site.id),
        ctx.weights,
      );
      scored.push(score);
      sizes.push(p.site.workforce.total);
      if (p.unchanged) {
        keptSites.add(p.site.id);
        continue;
      }
      const inputsKey = hashOf(p.inputs);
      // Same inputs as the current row (a weights or dataset change): they are stored already.
      if (ctx.currentSites.get(p.site.id)?.inputsKey !== inputsKey) out.siteInputRows.push([p.site.id, inputsKey, p.inputs]);
      out.rescoredSiteIds.push(p.site.id);
      out.siteRows.push([
        p.scoreId, p.site.id, supplier.id, score.territorial, score.sector, score.workforce, score.inherent,
        score.residual, score.inherentLevel, score.level, pgArray(score.flags), traceJson(score.explanation),
        inputsKey, p.assessment?.assessmentId ?? null, p.hash, previousSiteScore(ctx, out, p.site.id),
      ]);
    }
    if (ctx.currentSuppliers.get(supplier.id)?.hash === supplierHash) {
      keptSuppliers.add(supplier.id);
      continue;
    }
    const agg = scoreSupplier(scored, sizes);
    const inputs = `{"sites":${JSON.stringify(own.map((x) => x.id))},"siteScores":${JSON.stringify(prepared.map((p) => p.scoreId))},` +
      `"workforce":${JSON.stringify(sizes)}}`;
    out.rescoredSupplierIds.push(supplier.id);
    out.supplierRows.push([
      timeOrderedId(), supplier.id, agg.level, agg.siteCount, own[agg.worstSiteIndex].id, agg.worstResidual, agg.worstInherent,
      agg.weightedResidual, agg.weightedInherent, agg.weightedLevel, pgArray(agg.flags), traceJson(agg.explanation),
      inputs, supplierHash, previousSupplierScore(ctx, out, supplier.id),
    ]);
  }

  for (const siteId of ctx.currentSites.keys()) if (!keptSites.has(siteId)) out.retireSiteIds.push(siteId);
  for (const supplierId of ctx.currentSuppliers.keys()) if (!keptSuppliers.has(supplierId)) out.retireSupplierIds.push(supplierId);
  out.unchanged = keptSites.size + keptSuppliers.size;
  return out;
}

/**
 * The row a site's (supplier's) new score replaces: its current one, or the last one it had (migration 040).
 * Without a current one its pointer will be created, and the write checks that it was (rescore.queries.ts).
 */
function previousSiteScore(ctx: RunContext, out: BatchResult, siteId: string): string | null {
  const current = ctx.currentSites.get(siteId);
  if (current) return current.id;
  out.createdSitePointers++;
  return ctx.endedSites?.get(siteId) ?? null;
}

function previousSupplierScore(ctx: RunContext, out: BatchResult, supplierId: string): string | null {
  const current = ctx.currentSuppliers.get(supplierId);
  if (current) return current.id;
  out.createdSupplierPointers++;
  return ctx.endedSuppliers?.get(supplierId) ?? null;
}

/** The site's stored inputs with its training credit, so the hash changes with it and the explanation can be re-run. */
function withTraining(inputs: string, training: TrainingInput | undefined): string {
  return training ? `${inputs.slice(0, -1)},"training":${JSON.stringify(training)}}` : inputs;
}
