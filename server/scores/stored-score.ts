import type { AssessmentInput, ExplanationComponent, SiteScoreInput, TerritorialInput, WorkforceInput } from '../scoring/types.ts';

/**
 * What a stored score row keeps, compactly, so that bulk re-scoring writes little:
 *
 * - `inputs`: everything the engine read for the site except the territorial value, which
 *   is fixed by (dataset_id, territory code) because a dataset never changes after import;
 *   the weights are in the run (score_runs.weights). Together with engine_version these
 *   reproduce the score exactly, explanation included (score.explain.ts).
 * - `explanation`: the arithmetic trace of every component, `[component, value, weight,
 *   contribution]`, kept as stored so the numbers stay readable even after the engine
 *   changes and the full sentences can no longer be re-derived.
 *
 * A full explanation per row (about 1.5 KB of reason keys and params) would be ten times
 * the bytes, and bulk writes are bound by bytes (README.md, "Benchmark").
 */

export type TraceLine = [component: string, value: number, weight: number, contribution: number];

export function toTrace(lines: readonly ExplanationComponent[]): TraceLine[] {
  return lines.map((l) => [l.component, l.value, l.weight, l.contribution]);
}

/** JSON.stringify(toTrace(lines)) without the intermediate arrays (components are plain identifiers). */
export function traceJson(lines: readonly ExplanationComponent[]): string {
  let s = '[';
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    s += `${i ? ',' : ''}["${l.component}",${l.value},${l.weight},${l.contribution}]`;
  }
  return s + ']';
}

const assessmentJson = new WeakMap<AssessmentInput, string>();
export function jsonOfAssessment(a: AssessmentInput | null): string {
  if (!a) return 'null';
  let s = assessmentJson.get(a);
  if (s === undefined) assessmentJson.set(a, (s = JSON.stringify(a)));
  return s;
}

/** Workforce counts as an array in this order (null = not reported). */
export const WORKFORCE_ORDER = [
  'total', 'adolescents15to17', 'familyLabour', 'seasonal', 'migrant', 'subcontracted', 'indigenous', 'women',
] as const satisfies readonly (keyof WorkforceInput)[];

export interface StoredSiteInputs {
  territoryCode: string | null;
  scianCode: string | null;
  commodities: string[];
  workforce: (number | null)[];
  assessment: AssessmentInput | null;
}

export function workforceArray(w: WorkforceInput): (number | null)[] {
  return WORKFORCE_ORDER.map((k) => w[k]);
}

export function workforceFrom(a: readonly (number | null)[]): WorkforceInput {
  return Object.fromEntries(WORKFORCE_ORDER.map((k, i) => [k, a[i] ?? null])) as unknown as WorkforceInput;
}

/** The JSON text written to `inputs` (and hashed): built by hand, it is the hot path of re-scoring. */
export function encodeSiteInputs(
  territoryCode: string | null,
  sectorJson: string,
  workforce: WorkforceInput,
  assessment: AssessmentInput | null,
): string {
  return `{"territoryCode":${territoryCode === null ? 'null' : JSON.stringify(territoryCode)},${sectorJson},` +
    `"workforce":${JSON.stringify(workforceArray(workforce))},"assessment":${jsonOfAssessment(assessment)}}`;
}

/** `"scianCode":…,"commodities":[…]`, shared by all sites of a supplier. */
export function sectorFields(scianCode: string | null, commodities: readonly string[]): string {
  return `"scianCode":${JSON.stringify(scianCode)},"commodities":${JSON.stringify(commodities)}`;
}

/** The engine input a stored row was computed from; `territorial` comes from its dataset. */
export function siteInputFrom(stored: StoredSiteInputs, territorial: TerritorialInput | null): SiteScoreInput {
  return {
    territorial,
    sector: { scianCode: stored.scianCode, commodities: stored.commodities },
    workforce: workforceFrom(stored.workforce),
    assessment: stored.assessment,
  };
}
