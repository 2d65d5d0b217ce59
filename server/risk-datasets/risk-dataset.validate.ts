import type { FieldIssue } from '../errors.ts';
import type { TerritoryLevel } from '../territories/territory.data.ts';
import { type LevelScale, levelKey } from './risk-dataset.scale.ts';
import type { Sheet } from './risk-dataset.sheet.ts';

export const REQUIRED_COLUMNS = ['country', 'level', 'code', 'risk_index', 'risk_level'] as const;
const WEIGHT_PREFIX = 'weight_';
export const MAX_ROWS = 20_000;

export interface RiskValueRow {
  row: number;
  level: TerritoryLevel;
  code: string;
  riskIndex: number | null;
  riskLevel: string;
  score: number;
  factorWeights: Record<string, number> | null;
}

export interface ValidatedDataset {
  values: RiskValueRow[];
  factors: string[];
  ignoredColumns: string[];
  issues: FieldIssue[];
}

/** Codes that exist, per level: the territories table for the dataset's country. */
export interface KnownCodes {
  state: Set<string>;
  municipality: Set<string>;
}

const LEVEL_WORDS: Record<string, TerritoryLevel> = {
  state: 'state',
  estado: 'state',
  entidad: 'state',
  municipality: 'municipality',
  municipio: 'municipality',
};
const CODE_LENGTH: Record<TerritoryLevel, number> = { state: 2, municipality: 5 };

const E = (name: string) => `riskDatasets.errors.${name}`;

/** "0.35", "0,35" (decimal comma) and "3.5e-1" are numbers; "", "n/a", "35%" are not. */
export function parseNumber(raw: string): number | null {
  const s = raw.trim();
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

/**
 * Spreadsheets drop leading zeros (07089 → 7089) and Excel users type "'07089" to keep them;
 * both are restored when the length left no doubt. Other lengths are reported, never guessed.
 */
export function normaliseCode(raw: string, level: TerritoryLevel): string {
  let code = raw.trim().replace(/^'/, '');
  if (/^\d+$/.test(code) && code.length === CODE_LENGTH[level] - 1) code = '0' + code;
  return code;
}

interface Columns {
  index: Record<(typeof REQUIRED_COLUMNS)[number], number>;
  weights: { factor: string; at: number }[];
  ignored: string[];
}

function readHeader(sheet: Sheet, issues: FieldIssue[]): Columns | null {
  if (!sheet.header) {
    issues.push({ row: 1, field: 'file', key: E('emptyFile') });
    return null;
  }
  const row = sheet.header.row;
  const names = sheet.header.cells.map((c) => c.trim().toLowerCase());
  const index = {} as Columns['index'];
  const weights: Columns['weights'] = [];
  const ignored: string[] = [];
  const seen = new Set<string>();
  names.forEach((name, at) => {
    if (!name) return;
    if (seen.has(name)) issues.push({ row, field: name, key: E('duplicateColumn'), params: { column: name } });
    seen.add(name);
    if ((REQUIRED_COLUMNS as readonly string[]).includes(name)) index[name as keyof Columns['index']] = at;
    else if (name.startsWith(WEIGHT_PREFIX)) {
      const factor = name.slice(WEIGHT_PREFIX.length);
      if (/^[a-z][a-z0-9_]*$/.test(factor)) weights.push({ factor, at });
      else issues.push({ row, field: name, key: E('invalidWeightColumn'), params: { column: name } });
    } else ignored.push(sheet.header!.cells[at].trim());
  });
  for (const col of REQUIRED_COLUMNS) {
    if (index[col] === undefined) issues.push({ row, field: col, key: E('missingColumn'), params: { column: col } });
  }
  return issues.length > 0 ? null : { index, weights, ignored };
}

/**
 * Checks every row and reports every problem with the row number the user sees;
 * `values` is only meaningful when `issues` is empty (the import is all-or-nothing).
 */
export function validateDataset(sheet: Sheet, opts: { country: string; scale: LevelScale; known: KnownCodes }): ValidatedDataset {
  const issues: FieldIssue[] = [];
  const cols = readHeader(sheet, issues);
  if (!cols) return { values: [], factors: [], ignoredColumns: [], issues };
  if (sheet.rows.length === 0) issues.push({ row: (sheet.header?.row ?? 1) + 1, field: 'file', key: E('noRows') });
  if (sheet.rows.length > MAX_ROWS) {
    issues.push({ row: sheet.rows[MAX_ROWS].row, field: 'file', key: E('tooManyRows'), params: { max: MAX_ROWS } });
    return { values: [], factors: [], ignoredColumns: cols.ignored, issues };
  }

  const scaleByKey = new Map(opts.scale.map((d) => [levelKey(d.level), d]));
  const allowed = opts.scale.map((d) => d.level).join(', ');
  const firstRow = new Map<string, number>();
  const values: RiskValueRow[] = [];

  for (const { row, cells } of sheet.rows) {
    const cell = (at: number) => (cells[at] ?? '').trim();
    const report = (field: string, name: string, params: Record<string, unknown> = {}) =>
      issues.push({ row, field, key: E(name), params });
    const before = issues.length;

    for (const col of ['country', 'level', 'code', 'risk_level'] as const) {
      if (!cell(cols.index[col])) report(col, 'missingValue', { column: col });
    }
    const country = cell(cols.index.country).toUpperCase();
    if (country && country !== opts.country) report('country', 'wrongCountry', { expected: opts.country, found: country });

    const levelText = cell(cols.index.level);
    const level = LEVEL_WORDS[levelText.toLowerCase()];
    if (levelText && !level) report('level', 'unknownLevel', { value: levelText });

    const rawCode = cell(cols.index.code);
    if (level && rawCode) {
      const code = normaliseCode(rawCode, level);
      if (/^\d+$/.test(code) && code.length !== CODE_LENGTH[level]) {
        report('code', 'codeLengthMismatch', { code: rawCode, level, expected: CODE_LENGTH[level] });
      } else if (!opts.known[level].has(code)) {
        report('code', 'unknownCode', { code: rawCode, level });
      } else if (firstRow.has(code)) {
        report('code', 'duplicateCode', { code, firstRow: firstRow.get(code) });
      } else {
        firstRow.set(code, row);
      }
    }

    const indexText = cell(cols.index.risk_index);
    const riskIndex = indexText ? parseNumber(indexText) : null;
    if (indexText && riskIndex === null) report('risk_index', 'nonNumericIndex', { value: indexText });

    const levelName = cell(cols.index.risk_level);
    const def = scaleByKey.get(levelKey(levelName));
    if (levelName && !def) report('risk_level', 'unknownRiskLevel', { value: levelName, allowed });

    const weights: Record<string, number> = {};
    for (const w of cols.weights) {
      const text = cell(w.at);
      if (!text) continue;
      const n = parseNumber(text);
      if (n === null) report(`weight_${w.factor}`, 'nonNumericWeight', { factor: w.factor, value: text });
      else weights[w.factor] = n;
    }

    if (issues.length === before && level && def) {
      values.push({
        row,
        level,
        code: normaliseCode(rawCode, level),
        riskIndex,
        riskLevel: def.level,
        score: def.score,
        factorWeights: Object.keys(weights).length > 0 ? weights : null,
      });
    }
  }
  return { values, factors: cols.weights.map((w) => w.factor), ignoredColumns: cols.ignored, issues };
}
