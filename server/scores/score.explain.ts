import type { Queryable } from '../db/types.ts';
import { getDataset } from '../risk-datasets/risk-dataset.service.ts';
import { ENGINE_VERSION, scoreSite, scoreSupplier } from '../scoring/engine.ts';
import type { ExplanationComponent, RiskLevel, ScoreFlag, SiteScore } from '../scoring/types.ts';
import { parseWeights } from '../scoring/weights.ts';
import { scoreSiteWithTraining, type TrainingInput } from '../scoring/training-credit.ts';
import { siteInputFrom, workforceFrom, type StoredSiteInputs, type TraceLine } from './stored-score.ts';
import { territorialTable } from './territorial.inputs.ts';

/**
 * The explanation of a stored score, sentence by sentence: the pure engine re-run on the
 * row's stored inputs, its dataset's value for the territory and the run's weights. The
 * result must give the stored numbers back; when it does not (another engine version),
 * the stored arithmetic trace is shown instead and `reproduced` is false.
 */
export interface Explained {
  lines: ExplanationComponent[];
  reproduced: boolean;
}

export function traceLines(trace: readonly TraceLine[]): ExplanationComponent[] {
  return trace.map(([component, value, weight, contribution]) => ({
    component: component as ExplanationComponent['component'],
    value,
    weight,
    contribution,
    reasonKey: `scores.trace.${component}`,
    params: {},
  }));
}

interface StoredSite {
  inputs: StoredSiteInputs;
  explanation: TraceLine[];
  datasetId: string | null;
  engineVersion: string;
  weights: unknown;
  inherent: number;
  residual: number;
}

export async function explainSite(q: Queryable, row: StoredSite): Promise<Explained> {
  const fallback = { lines: traceLines(row.explanation), reproduced: false };
  if (row.engineVersion !== ENGINE_VERSION || !row.weights) return fallback;
  const dataset = row.datasetId ? await getDataset(q, row.datasetId) : null;
  const table = dataset ? await territorialTable(q, dataset) : null;
  const code = row.inputs.territoryCode;
  const score = scoreSiteWithTraining(siteInputFrom(row.inputs, code ? (table?.get(code) ?? null) : null), (row.inputs as { training?: TrainingInput }).training, parseWeights(row.weights));
  if (score.inherent !== row.inherent || score.residual !== row.residual) return fallback;
  return { lines: score.explanation, reproduced: true };
}

interface StoredSupplier {
  siteCount: number;
  inputs: {
    sites?: string[]; siteScores?: string[]; workforce?: (number | null)[]; scianCode?: string | null; commodities?: string[];
    assessment?: StoredSiteInputs['assessment']; evidence?: StoredSiteInputs['evidence'];
  };
  explanation: TraceLine[];
  engineVersion: string;
  weights: unknown;
  worstResidual: number;
  weightedResidual: number;
}

/** A supplier's lines come from the site scores it was aggregated from (their ids are in its inputs). */
export async function explainSupplier(q: Queryable, row: StoredSupplier): Promise<Explained> {
  const fallback = { lines: traceLines(row.explanation), reproduced: false };
  if (row.engineVersion !== ENGINE_VERSION || !row.weights) return fallback;
  const ids = row.inputs.siteScores ?? [];
  if (ids.length === 0) {
    const i = row.inputs;
    const s = scoreSite(
      { territorial: null, sector: { scianCode: i.scianCode ?? null, commodities: i.commodities ?? [] }, workforce: workforceFrom([]), assessment: i.assessment ?? null, evidence: i.evidence ?? null },
      parseWeights(row.weights),
    );
    return s.residual === row.worstResidual ? { lines: s.explanation, reproduced: true } : fallback;
  }
  const r = await q.query<{ id: string; residual: string | number; inherent: string | number; level: RiskLevel; flags: ScoreFlag[] }>(
    `SELECT id, residual, inherent, level, flags FROM site_scores
      WHERE organization_id = app_org() AND site_id = ANY($1::uuid[]) AND id = ANY($2::uuid[])`,
    [row.inputs.sites ?? [], ids],
  );
  const byId = new Map(r.rows.map((x) => [x.id, x]));
  if (byId.size !== ids.length) return fallback;
  const sites = ids.map((id) => {
    const x = byId.get(id)!;
    return { residual: Number(x.residual), inherent: Number(x.inherent), level: x.level, flags: x.flags } as SiteScore;
  });
  const agg = scoreSupplier(sites, row.inputs.workforce ?? ids.map(() => null));
  if (agg.worstResidual !== row.worstResidual || agg.weightedResidual !== row.weightedResidual) return fallback;
  return { lines: agg.explanation, reproduced: true };
}
