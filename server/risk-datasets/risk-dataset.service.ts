import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/types.ts';
import { Conflict, NotFound, ValidationFailed } from '../errors.ts';
import {
  type RiskDataset, countDatasets, insertDataset, selectActiveDataset, selectDataset, selectDatasets,
  selectKnownCodes, setActive, versionExists,
} from './risk-dataset.queries.ts';
import { type ImportOptionsInput, importOptionsSchema, optionIssues } from './risk-dataset.schema.ts';
import { type SheetFormat, UnreadableSheet, formatOf, readSheet } from './risk-dataset.sheet.ts';
import { type KnownCodes, validateDataset } from './risk-dataset.validate.ts';
import {
  type MunicipalityRisk, type StateRisk, type TerritoryRisk,
  selectMunicipalitiesWithRisk, selectRiskForTerritory, selectStatesWithRisk,
} from './risk-value.queries.ts';

export type { RiskDataset } from './risk-dataset.queries.ts';
export type { MunicipalityRisk, RiskValue, StateRisk, TerritoryRisk } from './risk-value.queries.ts';
export type { ImportOptionsInput } from './risk-dataset.schema.ts';
export type { LevelScale, RiskLevelDef } from './risk-dataset.scale.ts';

export interface ImportRiskDatasetInput {
  file: Uint8Array;
  fileName: string;
  /** Taken from the file name's extension when absent. */
  format?: SheetFormat;
  options: ImportOptionsInput;
  importedBy?: string | null;
  activate?: boolean;
}

export interface ImportReport {
  dataset: RiskDataset;
  /** Header cells that are neither a known column nor weight_<factor>: left out, shown to the user. */
  ignoredColumns: string[];
}

const VALUE_COLUMNS = ['dataset_id', 'country', 'level', 'code', 'risk_index', 'risk_level', 'score', 'factor_weights'];

/**
 * Imports a CSV or XLSX file of territorial risk values as a new dataset version.
 * All or nothing: any bad row → ValidationFailed listing every problem with its row
 * number, and nothing is written. Runs as the owner (platform-admin action).
 */
export function importRiskDataset(db: Database, input: ImportRiskDatasetInput): Promise<ImportReport> {
  return db.admin((q) => importWith(db, q, input));
}

/** The import inside a caller's owner transaction (the demo loader adds its own lock and check). */
export async function importWith(db: Database, q: Queryable, input: ImportRiskDatasetInput): Promise<ImportReport> {
  const parsed = importOptionsSchema.safeParse(input.options);
  if (!parsed.success) throw new ValidationFailed(optionIssues(parsed.error), 'riskDatasets.errors.invalidOptions');
  const opts = parsed.data;

  const format = input.format ?? formatOf(input.fileName);
  if (!format) {
    const issue = { field: 'file', key: 'riskDatasets.errors.unsupportedFormat', params: { fileName: input.fileName } };
    throw new ValidationFailed([issue], 'riskDatasets.errors.fileRejected');
  }
  let sheet;
  try {
    sheet = await readSheet(input.file, format);
  } catch (err) {
    if (!(err instanceof UnreadableSheet)) throw err;
    const issue = { field: 'file', key: 'riskDatasets.errors.unreadableFile', params: { format } };
    throw new ValidationFailed([issue], 'riskDatasets.errors.fileRejected');
  }

  const known: KnownCodes = { state: new Set(), municipality: new Set() };
  for (const t of await selectKnownCodes(q, opts.country)) known[t.level].add(t.code);
  const result = validateDataset(sheet, { country: opts.country, scale: opts.levels, known });
  if (result.issues.length > 0) throw new ValidationFailed(result.issues, 'riskDatasets.errors.importRejected');

  let version = opts.version;
  if (version && (await versionExists(q, opts.country, version))) {
    throw new Conflict('riskDatasets.errors.versionExists', { version });
  }
  if (!version) {
    let n = (await countDatasets(q, opts.country, opts.year)) + 1;
    while (await versionExists(q, opts.country, `${opts.year}-${n}`)) n++;
    version = `${opts.year}-${n}`;
  }

  const id = await insertDataset(q, {
    country: opts.country,
    name: opts.name,
    version,
    source: opts.source,
    year: opts.year,
    licence: opts.licence,
    isDemo: opts.isDemo,
    levelScale: opts.levels,
    factors: result.factors,
    rowCount: result.values.length,
    fileName: input.fileName,
    fileSha256: createHash('sha256').update(input.file).digest('hex'),
    importedBy: input.importedBy ?? null,
  });
  await db.copyRows(
    q,
    'risk_values',
    VALUE_COLUMNS,
    result.values.map((v) => [id, opts.country, v.level, v.code, v.riskIndex, v.riskLevel, v.score, v.factorWeights]),
  );
  // Thousands of rows in one go: statistics now, or every score's territory look-up is planned
  // blind until autovacuum gets to it (never, on PGlite).
  await q.query('ANALYZE risk_values');
  if (input.activate) await setActive(q, opts.country, id);
  return { dataset: (await selectDataset(q, id))!, ignoredColumns: result.ignoredColumns };
}

/** Makes a dataset the one in use for its country; the previously active one stays, inactive. */
export function activateDataset(db: Database, id: string): Promise<RiskDataset> {
  return db.admin(async (q) => {
    const dataset = await selectDataset(q, id, { lock: true });
    if (!dataset) throw new NotFound('riskDatasets.errors.notFound');
    if (dataset.status === 'retired') throw new Conflict('riskDatasets.errors.retired', { version: dataset.version });
    await setActive(q, dataset.country, id);
    return (await selectDataset(q, id))!;
  });
}

export function getDataset(q: Queryable, id: string): Promise<RiskDataset | null> {
  return selectDataset(q, id);
}

export function getActiveDataset(q: Queryable, country = 'MX'): Promise<RiskDataset | null> {
  return selectActiveDataset(q, country);
}

/** Every version, the active one first for each country, then newest first. */
export function listDatasets(q: Queryable, country?: string): Promise<RiskDataset[]> {
  return selectDatasets(q, country);
}

/**
 * Risk of a state or municipality in one dataset. A municipality without its own value
 * takes its state's, with `fallback: 'state'`; null when neither has one (no data).
 */
export function getRiskForTerritory(q: Queryable, datasetId: string, code: string): Promise<TerritoryRisk | null> {
  return selectRiskForTerritory(q, datasetId, code);
}

/** All states of the dataset's country with their value (risk null = no data). */
export function listStatesWithRisk(q: Queryable, datasetId: string): Promise<StateRisk[]> {
  return selectStatesWithRisk(q, datasetId);
}

/** Municipalities (of one state, or all) with their value or their state's, flagged. */
export function listMunicipalitiesWithRisk(q: Queryable, datasetId: string, stateCode?: string): Promise<MunicipalityRisk[]> {
  return selectMunicipalitiesWithRisk(q, datasetId, stateCode);
}
