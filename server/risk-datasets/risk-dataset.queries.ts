import type { Queryable } from '../db/types.ts';
import type { TerritoryLevel } from '../territories/territory.data.ts';
import type { LevelScale } from './risk-dataset.scale.ts';

export interface RiskDataset {
  id: string;
  country: string;
  name: string;
  version: string;
  source: string;
  year: number;
  licence: string;
  isDemo: boolean;
  levelScale: LevelScale;
  factors: string[];
  status: 'ready' | 'retired';
  isActive: boolean;
  rowCount: number;
  fileName: string | null;
  fileSha256: string | null;
  importedBy: string | null;
  importedAt: Date;
  activatedAt: Date | null;
}

interface DatasetRow {
  id: string;
  country: string;
  name: string;
  version: string;
  source: string;
  year: number;
  licence: string;
  is_demo: boolean;
  level_scale: LevelScale;
  factors: string[];
  status: 'ready' | 'retired';
  is_active: boolean;
  row_count: number;
  file_name: string | null;
  file_sha256: string | null;
  imported_by: string | null;
  imported_at: Date | string;
  activated_at: Date | string | null;
}

const DATASET_COLUMNS = `id, country, name, version, source, year, licence, is_demo, level_scale, factors, status,
  is_active, row_count, file_name, file_sha256, imported_by, imported_at, activated_at`;

function toDataset(r: DatasetRow): RiskDataset {
  return {
    id: r.id,
    country: r.country,
    name: r.name,
    version: r.version,
    source: r.source,
    year: Number(r.year),
    licence: r.licence,
    isDemo: r.is_demo,
    levelScale: r.level_scale.map((d) => ({ level: d.level, score: Number(d.score) })),
    factors: r.factors,
    status: r.status,
    isActive: r.is_active,
    rowCount: Number(r.row_count),
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    importedBy: r.imported_by,
    importedAt: new Date(r.imported_at),
    activatedAt: r.activated_at === null ? null : new Date(r.activated_at),
  };
}

export async function selectDataset(q: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<RiskDataset | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { rows } = await q.query<DatasetRow>(
    `SELECT ${DATASET_COLUMNS} FROM risk_datasets WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? toDataset(rows[0]) : null;
}

export async function selectActiveDataset(q: Queryable, country: string): Promise<RiskDataset | null> {
  const { rows } = await q.query<DatasetRow>(
    `SELECT ${DATASET_COLUMNS} FROM risk_datasets WHERE country = $1 AND is_active`,
    [country],
  );
  return rows[0] ? toDataset(rows[0]) : null;
}

export async function selectDatasets(q: Queryable, country?: string): Promise<RiskDataset[]> {
  const { rows } = await q.query<DatasetRow>(
    `SELECT ${DATASET_COLUMNS} FROM risk_datasets WHERE ($1::text IS NULL OR country = $1)
      ORDER BY country, is_active DESC, imported_at DESC, version`,
    [country ?? null],
  );
  return rows.map(toDataset);
}

export async function countDatasets(q: Queryable, country: string, year?: number): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM risk_datasets WHERE country = $1 AND ($2::int IS NULL OR year = $2)`,
    [country, year ?? null],
  );
  return Number(rows[0].n);
}

export async function versionExists(q: Queryable, country: string, version: string): Promise<boolean> {
  const { rowCount } = await q.query(`SELECT 1 FROM risk_datasets WHERE country = $1 AND version = $2`, [country, version]);
  return rowCount > 0;
}

export async function selectKnownCodes(q: Queryable, country: string): Promise<{ level: TerritoryLevel; code: string }[]> {
  return (await q.query<{ level: TerritoryLevel; code: string }>(`SELECT level, code FROM territories WHERE country = $1`, [country])).rows;
}

/** What an import writes; status, activation and timestamps are the database's. */
export type NewDataset = Omit<RiskDataset, 'id' | 'status' | 'isActive' | 'importedAt' | 'activatedAt'>;

export async function insertDataset(q: Queryable, d: NewDataset): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO risk_datasets (country, name, version, source, year, licence, is_demo, level_scale, factors,
                                row_count, file_name, file_sha256, imported_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12, $13) RETURNING id`,
    [d.country, d.name, d.version, d.source, d.year, d.licence, d.isDemo, JSON.stringify(d.levelScale),
     JSON.stringify(d.factors), d.rowCount, d.fileName, d.fileSha256, d.importedBy],
  );
  return rows[0].id;
}

/** Locks the country's datasets so two activations cannot interleave, then switches the active one. */
export async function setActive(q: Queryable, country: string, id: string): Promise<void> {
  await q.query(`SELECT id FROM risk_datasets WHERE country = $1 FOR UPDATE`, [country]);
  await q.query(`UPDATE risk_datasets SET is_active = false WHERE country = $1 AND is_active AND id <> $2`, [country, id]);
  await q.query(
    `UPDATE risk_datasets SET is_active = true, activated_at = now() WHERE id = $1 AND NOT is_active`,
    [id],
  );
}

/** Name, version and demo flag of the datasets scores were computed with (score pages name them). */
export async function datasetRefs(q: Queryable, ids: readonly (string | null | undefined)[]): Promise<{ id: string; name: string; version: string; isDemo: boolean }[]> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return [];
  const { rows } = await q.query<{ id: string; name: string; version: string; is_demo: boolean }>(
    `SELECT id, name, version, is_demo FROM risk_datasets WHERE id = ANY($1::uuid[]) ORDER BY imported_at DESC, id`,
    [wanted],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, version: r.version, isDemo: r.is_demo }));
}

export interface DatasetCoverage {
  /** Territories with a value, and how many the country has, per territorial level. */
  byLevel: { level: string; covered: number; total: number }[];
  /** Territories per risk level of the dataset's scale. */
  byRiskLevel: { riskLevel: string; n: number }[];
}

/** What a dataset covers, shown before it is put in use for every organisation. */
export async function datasetCoverage(q: Queryable, id: string, country: string): Promise<DatasetCoverage> {
  const byLevel = await q.query<{ level: string; covered: number; total: number }>(
    `SELECT t.level, count(v.code)::int AS covered, count(*)::int AS total
       FROM territories t LEFT JOIN risk_values v ON v.dataset_id = $1 AND v.country = t.country AND v.code = t.code
      WHERE t.country = $2 AND t.level IN ('state', 'municipality')
      GROUP BY t.level ORDER BY t.level = 'municipality', t.level`,
    [id, country],
  );
  const byRisk = await q.query<{ riskLevel: string; n: number }>(
    `SELECT risk_level AS "riskLevel", count(*)::int AS n FROM risk_values WHERE dataset_id = $1 GROUP BY 1 ORDER BY min(score), 1`,
    [id],
  );
  return { byLevel: byLevel.rows, byRiskLevel: byRisk.rows };
}
