import type { Queryable } from '../db/types.ts';
import type { Territory, TerritoryLevel } from './territory.data.ts';

interface TerritoryRow {
  id: string;
  country: string;
  level: TerritoryLevel;
  code: string;
  name: string;
  state_code: string;
  state_name: string;
  parent_id: string | null;
  abbreviation: string | null;
  head_town: string | null;
  population: number | null;
  population_year: number | null;
  created_after_census: boolean;
}

const SELECT = `
  SELECT t.id, t.country, t.level, t.code, t.name, t.state_code, s.name AS state_name, t.parent_id,
         t.abbreviation, t.head_town, t.population, t.population_year, t.created_after_census
    FROM territories t
    JOIN territories s ON s.country = t.country AND s.level = 'state' AND s.code = t.state_code`;

export function toTerritory(r: TerritoryRow): Territory {
  return {
    id: r.id,
    country: r.country,
    level: r.level,
    code: r.code,
    name: r.name,
    stateCode: r.state_code,
    stateName: r.state_name,
    parentId: r.parent_id,
    abbreviation: r.abbreviation,
    headTown: r.head_town,
    population: r.population === null ? null : Number(r.population),
    populationYear: r.population_year === null ? null : Number(r.population_year),
    createdAfterCensus: r.created_after_census,
  };
}

export async function selectTerritories(
  q: Queryable,
  filter: { country: string; level?: TerritoryLevel; stateCode?: string },
): Promise<Territory[]> {
  const { rows } = await q.query<TerritoryRow>(
    `${SELECT}
      WHERE t.country = $1 AND ($2::text IS NULL OR t.level = $2) AND ($3::text IS NULL OR t.state_code = $3)
      ORDER BY t.code`,
    [filter.country, filter.level ?? null, filter.stateCode ?? null],
  );
  return rows.map(toTerritory);
}

export async function selectTerritory(q: Queryable, country: string, code: string): Promise<Territory | null> {
  const { rows } = await q.query<TerritoryRow>(`${SELECT} WHERE t.country = $1 AND t.code = $2`, [country, code]);
  return rows[0] ? toTerritory(rows[0]) : null;
}

/** Columns in load order; the fingerprint below and the loader's rows follow it. */
export const TERRITORY_COLUMNS = [
  'id', 'country', 'level', 'code', 'name', 'state_code', 'parent_id', 'abbreviation',
  'head_town', 'population', 'population_year', 'created_after_census', 'search_key',
] as const;

/** md5 over every column of a country's rows in id order: equal to the file's = nothing to load. */
export async function selectFingerprint(q: Queryable, country: string): Promise<string | null> {
  const cols = TERRITORY_COLUMNS.map((c) => `coalesce(${c}::text, '')`).join(` || '|' || `);
  const { rows } = await q.query<{ md5: string | null }>(
    `SELECT md5(string_agg(${cols}, E'\\n' ORDER BY id COLLATE "C")) AS md5 FROM territories WHERE country = $1`,
    [country],
  );
  return rows[0]?.md5 ?? null;
}

/** Inserts new rows and refreshes changed ones from a staging table filled by COPY. */
export async function upsertFromStaging(q: Queryable, staging: string): Promise<number> {
  const cols = TERRITORY_COLUMNS.join(', ');
  const updates = TERRITORY_COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  const r = await q.query(
    `INSERT INTO territories (${cols}) SELECT ${cols} FROM ${staging} ORDER BY level DESC, id
     ON CONFLICT (id) DO UPDATE SET ${updates}
     WHERE (territories.*) IS DISTINCT FROM (EXCLUDED.*)`,
  );
  return r.rowCount;
}
