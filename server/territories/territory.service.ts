import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/types.ts';
import { type Territory, type TerritoryLevel, mexicoTerritories } from './territory.data.ts';
import { type TerritoryIndex, buildTerritoryIndex } from './territory.index.ts';
import { searchKey } from './territory.normalize.ts';
import { TERRITORY_COLUMNS, selectFingerprint, selectTerritories, selectTerritory, upsertFromStaging } from './territory.queries.ts';
import { type SearchOptions, type TerritoryQuery, type TerritorySearchResult, searchTerritories as search } from './territory.search.ts';

export type { Territory, TerritoryLevel } from './territory.data.ts';
export type { TerritoryCandidate, TerritoryQuery, TerritorySearchResult, SearchOptions } from './territory.search.ts';

function rowOf(t: Territory): unknown[] {
  const byColumn: Record<(typeof TERRITORY_COLUMNS)[number], unknown> = {
    id: t.id,
    country: t.country,
    level: t.level,
    code: t.code,
    name: t.name,
    state_code: t.stateCode,
    parent_id: t.parentId,
    abbreviation: t.abbreviation,
    head_town: t.headTown,
    population: t.population,
    population_year: t.populationYear,
    created_after_census: t.createdAfterCensus,
    search_key: searchKey(t.name),
  };
  return TERRITORY_COLUMNS.map((c) => byColumn[c]);
}

/** Same text as `selectFingerprint` builds in SQL, so an up-to-date table is left alone. */
function fingerprint(rows: unknown[][]): string {
  const lines = [...rows]
    .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)) // by id, byte order like COLLATE "C"
    .map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v))).join('|'));
  return createHash('md5').update(lines.join('\n')).digest('hex');
}

const indexes = new WeakMap<Database, Promise<TerritoryIndex>>();

/**
 * Loads INEGI's 32 states and 2,478 municipalities (data/mx/municipios.json). Idempotent:
 * an unchanged table is detected by fingerprint and skipped; otherwise new rows are added
 * and changed ones updated (rows are never deleted: risk values and sites point at them).
 */
export async function loadTerritories(db: Database): Promise<{ changed: number; total: number }> {
  const rows = mexicoTerritories().map(rowOf);
  const changed = await db.admin(async (q) => {
    if ((await selectFingerprint(q, 'MX')) === fingerprint(rows)) return 0;
    await q.query(`CREATE TEMP TABLE territories_load (LIKE territories) ON COMMIT DROP`);
    await db.copyRows(q, 'territories_load', [...TERRITORY_COLUMNS], rows);
    const n = await upsertFromStaging(q, 'territories_load');
    // Without statistics the planner joins sites to their municipality by scanning all 2,475 of
    // them per site (7 ms for a 12-supplier list page); autovacuum would come later, or never on PGlite.
    await q.query('ANALYZE territories');
    return n;
  });
  if (changed > 0) indexes.delete(db);
  return { changed, total: rows.length };
}

/** The in-memory search index over the territories table, built once per database. */
export function territoryIndex(db: Database): Promise<TerritoryIndex> {
  let index = indexes.get(db);
  if (!index) {
    index = db
      .tx({ orgId: null, userId: null }, (q) => selectTerritories(q, { country: 'MX' }))
      .then((rows) => buildTerritoryIndex([...rows.filter((t) => t.level === 'state'), ...rows.filter((t) => t.level !== 'state')]));
    index.catch(() => indexes.delete(db));
    indexes.set(db, index);
  }
  return index;
}

/** Ranked territories for free text or address fields; see territory.search.ts for the rules. */
export async function searchTerritories(db: Database, query: TerritoryQuery, opts?: SearchOptions): Promise<TerritorySearchResult> {
  return search(await territoryIndex(db), query, opts);
}

/** Many place strings at once (supplier import): one index, one result per input, same order. */
export async function searchTerritoriesBulk(db: Database, queries: TerritoryQuery[], opts?: SearchOptions): Promise<TerritorySearchResult[]> {
  const index = await territoryIndex(db);
  return queries.map((query) => search(index, query, opts));
}

/** A state ('07') or municipality ('07089') by INEGI code; null when unknown. */
export function getTerritory(q: Queryable, code: string, country = 'MX'): Promise<Territory | null> {
  return selectTerritory(q, country, code);
}

export function listStates(q: Queryable, country = 'MX'): Promise<Territory[]> {
  return selectTerritories(q, { country, level: 'state' });
}

export function listMunicipalities(q: Queryable, stateCode?: string, country = 'MX'): Promise<Territory[]> {
  return selectTerritories(q, { country, level: 'municipality', stateCode });
}
