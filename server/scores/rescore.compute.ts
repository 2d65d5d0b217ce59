import { createHash } from 'node:crypto';
import { ENGINE_VERSION, scoreSite, scoreSupplier } from '../scoring/engine.ts';
import { SECTOR_TABLE_VERSION } from '../scoring/sector-risk.ts';
import type { SiteScore, TerritorialInput, WorkforceInput } from '../scoring/types.ts';
import type { ScoringWeights } from '../scoring/weights.ts';
import { assessmentFor, type Evaluation } from './assessment.inputs.ts';
import { packExplanation } from './explanation.codec.ts';
import type { TerritorialTable } from './territorial.inputs.ts';

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
}

export interface RunContext {
  orgId: string;
  runId: string;
  weights: ScoringWeights;
  /** Hash of the weights, so a weights change changes every input hash. */
  weightsKey: string;
  territories: TerritorialTable | null;
  evaluations: Map<string, Evaluation>;
  /** input_hash of the current score per site id / supplier id. */
  currentSiteHashes: Map<string, string>;
  currentSupplierHashes: Map<string, string>;
}

export interface BatchResult {
  siteRows: unknown[][];
  supplierRows: unknown[][];
  /** Current scores that stay current (inputs unchanged). */
  keepSiteIds: string[];
  keepSupplierIds: string[];
  sitesScored: number;
  suppliersScored: number;
}

export const SITE_SCORE_COLUMNS = [
  'organization_id', 'run_id', 'site_id', 'supplier_id', 'territorial', 'sector', 'workforce', 'inherent',
  'residual', 'inherent_level', 'level', 'flags', 'explanation', 'inputs', 'dataset_id', 'assessment_id',
  'engine_version', 'input_hash',
];
export const SUPPLIER_SCORE_COLUMNS = [
  'organization_id', 'run_id', 'supplier_id', 'level', 'site_count', 'worst_site_id', 'worst_residual',
  'worst_inherent', 'weighted_residual', 'weighted_inherent', 'weighted_level', 'flags', 'explanation', 'inputs',
  'dataset_id', 'engine_version', 'input_hash',
];

/** Not an engine flag: the supplier has no active site and was scored from its own data. */
export const NO_ACTIVE_SITES = 'noActiveSites';

const VERSIONS = `"engineVersion":${JSON.stringify(ENGINE_VERSION)},"sectorTableVersion":${JSON.stringify(SECTOR_TABLE_VERSION)}`;
const NO_WORKFORCE: WorkforceInput = Object.freeze({
  total: null, adolescents15to17: null, seasonal: null, migrant: null, indigenous: null, familyLabour: null, subcontracted: null, women: null,
});

export const hashOf = (text: string): string => createHash('md5').update(text).digest('base64url');

export function weightsKeyOf(weights: ScoringWeights): string {
  return hashOf(JSON.stringify(weights));
}

// Each dataset value is shared by many sites: serialise it once.
const territoryJson = new WeakMap<TerritorialInput, string>();
function jsonOfTerritory(t: TerritorialInput | null): string {
  if (!t) return 'null';
  let s = territoryJson.get(t);
  if (s === undefined) territoryJson.set(t, (s = JSON.stringify(t)));
  return s;
}

const pgArray = (flags: readonly string[]): string => `{${flags.join(',')}}`;

export function computeBatch(ctx: RunContext, suppliers: readonly SupplierRow[], sites: readonly SiteRow[]): BatchResult {
  const bySupplier = new Map<string, SiteRow[]>();
  for (const s of sites) {
    const list = bySupplier.get(s.supplierId);
    if (list) list.push(s);
    else bySupplier.set(s.supplierId, [s]);
  }
  const out: BatchResult = { siteRows: [], supplierRows: [], keepSiteIds: [], keepSupplierIds: [], sitesScored: 0, suppliersScored: 0 };
  const prefix = `${ctx.weightsKey}|`;

  for (const supplier of suppliers) {
    const sector = { scianCode: supplier.sectorCode, commodities: supplier.commodities };
    const sectorJson = JSON.stringify(sector);
    const own = bySupplier.get(supplier.id) ?? [];
    const scored: SiteScore[] = [];
    const sizes: (number | null)[] = [];
    const hashes: string[] = [];

    // Inputs and hashes first: when nothing changed, the engine is not run at all.
    const prepared = own.map((site) => {
      const territorial = site.territoryCode ? (ctx.territories?.get(site.territoryCode) ?? null) : null;
      const assessment = assessmentFor(ctx.evaluations, site.id, supplier.id);
      const inputs =
        `{"siteTerritoryCode":${JSON.stringify(site.territoryCode)},"territorial":${jsonOfTerritory(territorial)},` +
        `"sector":${sectorJson},"workforce":${JSON.stringify(site.workforce)},"assessment":${JSON.stringify(assessment)},${VERSIONS}}`;
      const hash = hashOf(prefix + inputs);
      hashes.push(`${site.id}:${hash}`);
      return { site, territorial, assessment, inputs, hash, unchanged: ctx.currentSiteHashes.get(site.id) === hash };
    });
    out.sitesScored += own.length;
    const supplierHash = hashOf(prefix + hashes.join(','));
    if (own.length > 0 && prepared.every((p) => p.unchanged)) {
      if (ctx.currentSupplierHashes.get(supplier.id) === supplierHash) {
        for (const p of prepared) out.keepSiteIds.push(p.site.id);
        out.keepSupplierIds.push(supplier.id);
        out.suppliersScored++;
        continue;
      }
    }
    for (const { site, territorial, assessment, inputs, hash, unchanged } of prepared) {
      const score = scoreSite({ territorial, sector, workforce: site.workforce, assessment }, ctx.weights);
      scored.push(score);
      sizes.push(site.workforce.total);
      if (unchanged) {
        out.keepSiteIds.push(site.id);
        continue;
      }
      out.siteRows.push([
        ctx.orgId, ctx.runId, site.id, supplier.id, score.territorial, score.sector, score.workforce, score.inherent,
        score.residual, score.inherentLevel, score.level, pgArray(score.flags), JSON.stringify(packExplanation(score.explanation)),
        inputs, territorial?.datasetId ?? null, assessment?.assessmentId ?? null, ENGINE_VERSION, hash,
      ]);
    }

    out.suppliersScored++;
    if (scored.length === 0) {
      // Scored as one site built from the supplier's own data (docs/scoring.md, "Supplier aggregation").
      const assessment = assessmentFor(ctx.evaluations, null, supplier.id);
      const inputs = `{"sites":[],"sector":${sectorJson},"assessment":${JSON.stringify(assessment)},${VERSIONS}}`;
      const hash = hashOf(prefix + inputs);
      if (ctx.currentSupplierHashes.get(supplier.id) === hash) {
        out.keepSupplierIds.push(supplier.id);
        continue;
      }
      const s = scoreSite({ territorial: null, sector, workforce: NO_WORKFORCE, assessment }, ctx.weights);
      out.supplierRows.push([
        ctx.orgId, ctx.runId, supplier.id, s.level, 0, null, s.residual, s.inherent, s.residual, s.inherent, s.level,
        pgArray([...s.flags, NO_ACTIVE_SITES]), JSON.stringify(packExplanation(s.explanation)), inputs, null, ENGINE_VERSION, hash,
      ]);
      continue;
    }

    if (ctx.currentSupplierHashes.get(supplier.id) === supplierHash) {
      out.keepSupplierIds.push(supplier.id);
      continue;
    }
    const agg = scoreSupplier(scored, sizes);
    const worst = own[agg.worstSiteIndex];
    const inputs = `{"sites":${JSON.stringify(own.map((s) => s.id))},"workforce":${JSON.stringify(sizes)},${VERSIONS}}`;
    out.supplierRows.push([
      ctx.orgId, ctx.runId, supplier.id, agg.level, agg.siteCount, worst.id, agg.worstResidual, agg.worstInherent,
      agg.weightedResidual, agg.weightedInherent, agg.weightedLevel, pgArray(agg.flags),
      JSON.stringify(packExplanation(agg.explanation)), inputs, scored[agg.worstSiteIndex].inputs.datasetId, ENGINE_VERSION, supplierHash,
    ]);
  }
  return out;
}
