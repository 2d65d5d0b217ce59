import type { Queryable } from '../db/types.ts';
import type { TerritoryLevel } from '../territories/territory.data.ts';
import type { LevelScale } from './risk-dataset.scale.ts';

/** One territory's value in a dataset. `levelRank` is 0 for the lowest level of the dataset's scale. */
export interface RiskValue {
  level: string;
  levelRank: number;
  levelCount: number;
  index: number | null;
  score: number;
  factorWeights: Record<string, number> | null;
}

/** What a score needs to say about territorial risk, naming the dataset version it came from. */
export interface TerritoryRisk extends RiskValue {
  territoryCode: string;
  territoryLevel: TerritoryLevel;
  /** The territory whose value this is: the state's code when `fallback` is 'state'. */
  valueCode: string;
  fallback: 'state' | null;
  datasetId: string;
  datasetName: string;
  datasetVersion: string;
  datasetYear: number;
  isDemo: boolean;
}

export interface StateRisk {
  code: string;
  name: string;
  abbreviation: string | null;
  population: number | null;
  risk: RiskValue | null;
}

export interface MunicipalityRisk {
  code: string;
  name: string;
  stateCode: string;
  stateName: string;
  population: number | null;
  createdAfterCensus: boolean;
  /** Its own value, or its state's when `fallback` is 'state'; null = no data at either level. */
  risk: RiskValue | null;
  fallback: 'state' | null;
}

interface ValueColumns {
  risk_level: string | null;
  risk_index: number | string | null;
  score: number | string | null;
  factor_weights: Record<string, number> | null;
  level_scale: LevelScale;
}

function toValue(r: ValueColumns): RiskValue | null {
  if (r.risk_level === null) return null;
  return {
    level: r.risk_level,
    levelRank: r.level_scale.findIndex((d) => d.level === r.risk_level),
    levelCount: r.level_scale.length,
    index: r.risk_index === null ? null : Number(r.risk_index),
    score: Number(r.score),
    factorWeights: r.factor_weights,
  };
}

export async function selectRiskForTerritory(q: Queryable, datasetId: string, code: string): Promise<TerritoryRisk | null> {
  if (!/^[0-9a-f-]{36}$/i.test(datasetId)) return null;
  const { rows } = await q.query<ValueColumns & {
    territory_code: string; territory_level: TerritoryLevel; value_code: string | null;
    id: string; name: string; version: string; year: number; is_demo: boolean;
  }>(
    `SELECT t.code AS territory_code, t.level AS territory_level, v.code AS value_code, v.risk_level, v.risk_index,
            v.score, v.factor_weights, d.level_scale, d.id, d.name, d.version, d.year, d.is_demo
       FROM risk_datasets d
       JOIN territories t ON t.country = d.country AND t.code = $2
       LEFT JOIN LATERAL (
         SELECT * FROM risk_values v
          WHERE v.dataset_id = d.id AND v.code IN (t.code, t.state_code)
          ORDER BY v.code = t.code DESC LIMIT 1) v ON true
      WHERE d.id = $1`,
    [datasetId, code],
  );
  const r = rows[0];
  const value = r ? toValue(r) : null;
  if (!r || !value) return null;
  return {
    ...value,
    territoryCode: r.territory_code,
    territoryLevel: r.territory_level,
    valueCode: r.value_code!,
    fallback: r.value_code === r.territory_code ? null : 'state',
    datasetId: r.id,
    datasetName: r.name,
    datasetVersion: r.version,
    datasetYear: Number(r.year),
    isDemo: r.is_demo,
  };
}

export async function selectStatesWithRisk(q: Queryable, datasetId: string): Promise<StateRisk[]> {
  if (!/^[0-9a-f-]{36}$/i.test(datasetId)) return [];
  const { rows } = await q.query<ValueColumns & { code: string; name: string; abbreviation: string | null; population: number | null }>(
    `SELECT t.code, t.name, t.abbreviation, t.population, v.risk_level, v.risk_index, v.score, v.factor_weights, d.level_scale
       FROM risk_datasets d
       JOIN territories t ON t.country = d.country AND t.level = 'state'
       LEFT JOIN risk_values v ON v.dataset_id = d.id AND v.code = t.code
      WHERE d.id = $1
      ORDER BY t.code`,
    [datasetId],
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    abbreviation: r.abbreviation,
    population: r.population === null ? null : Number(r.population),
    risk: toValue(r),
  }));
}

export async function selectMunicipalitiesWithRisk(q: Queryable, datasetId: string, stateCode?: string): Promise<MunicipalityRisk[]> {
  if (!/^[0-9a-f-]{36}$/i.test(datasetId)) return [];
  const { rows } = await q.query<ValueColumns & {
    code: string; name: string; state_code: string; state_name: string; population: number | null;
    created_after_census: boolean; own: boolean;
  }>(
    `SELECT t.code, t.name, t.state_code, s.name AS state_name, t.population, t.created_after_census,
            v.code IS NOT NULL AS own,
            coalesce(v.risk_level, sv.risk_level) AS risk_level,
            CASE WHEN v.code IS NOT NULL THEN v.risk_index ELSE sv.risk_index END AS risk_index,
            coalesce(v.score, sv.score) AS score,
            CASE WHEN v.code IS NOT NULL THEN v.factor_weights ELSE sv.factor_weights END AS factor_weights,
            d.level_scale
       FROM risk_datasets d
       JOIN territories t ON t.country = d.country AND t.level = 'municipality'
       JOIN territories s ON s.country = d.country AND s.level = 'state' AND s.code = t.state_code
       LEFT JOIN risk_values v ON v.dataset_id = d.id AND v.code = t.code
       LEFT JOIN risk_values sv ON sv.dataset_id = d.id AND sv.code = t.state_code
      WHERE d.id = $1 AND ($2::text IS NULL OR t.state_code = $2)
      ORDER BY t.code`,
    [datasetId, stateCode ?? null],
  );
  return rows.map((r) => {
    const risk = toValue(r);
    return {
      code: r.code,
      name: r.name,
      stateCode: r.state_code,
      stateName: r.state_name,
      population: r.population === null ? null : Number(r.population),
      createdAfterCensus: r.created_after_census,
      risk,
      fallback: risk && !r.own ? 'state' : null,
    };
  });
}
