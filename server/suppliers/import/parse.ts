import { mapColumns } from './columns.ts';
import { parseCsv } from './csv.ts';
import { decodeText } from './decode.ts';
import { groupSuppliers } from './group.ts';
import { ERR, WARN, fileIssue, type ImportIssue } from './issues.ts';
import { resolveLimits, toMegabytes, type ImportLimits } from './limits.ts';
import { validateRow, type RowOutcome } from './rows.ts';
import type { SheetResult } from './sheet.ts';
import type { ImportResult } from './types.ts';
import { parseXlsx } from './xlsx.ts';
import { checkInflatedSize } from './zip-guard.ts';

export interface ParseImportOptions {
  limits?: Partial<ImportLimits>;
}

export type FileFormat = 'csv' | 'xlsx' | 'xls';

/** By content, not by name: browsers and users rename files freely. */
export function sniffFormat(bytes: Uint8Array): FileFormat {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'xls';
  return 'csv';
}

/**
 * Reads an uploaded supplier/site list (CSV or XLSX) into validated suppliers, with
 * every problem named by row and column. Pure: nothing is stored or resolved here.
 */
export async function parseSupplierImport(bytes: Uint8Array, options: ParseImportOptions = {}): Promise<ImportResult> {
  const limits = resolveLimits(options.limits);
  const result: ImportResult = {
    ok: false,
    format: null,
    encoding: null,
    delimiter: null,
    sheetName: null,
    columns: [],
    suppliers: [],
    errors: [],
    warnings: [],
    stats: { rows: 0, validRows: 0, suppliers: 0, sites: 0 },
  };
  const stop = (...errors: ImportIssue[]) => ({ ...result, errors });

  if (bytes.length === 0) return stop(fileIssue(ERR.fileEmpty));
  if (bytes.length > limits.maxFileBytes) {
    return stop(fileIssue(ERR.fileTooLarge, { sizeMb: toMegabytes(bytes.length), maxMb: toMegabytes(limits.maxFileBytes) }));
  }

  const format = sniffFormat(bytes);
  if (format === 'xls') return stop(fileIssue(ERR.legacyXls));
  let sheetResult: SheetResult;
  if (format === 'xlsx') {
    result.format = 'xlsx';
    const inflation = await checkInflatedSize(bytes, limits.maxXlsxUncompressedBytes);
    if (inflation === 'tooLarge') return stop(fileIssue(ERR.xlsxTooLarge, { maxMb: toMegabytes(limits.maxXlsxUncompressedBytes) }));
    if (inflation === 'unreadable') return stop(fileIssue(ERR.xlsxUnreadable));
    sheetResult = await parseXlsx(bytes, limits.maxRows);
    if (sheetResult.ok) result.sheetName = sheetResult.details.sheet;
  } else {
    result.format = 'csv';
    const decoded = decodeText(bytes);
    result.encoding = decoded.encoding;
    if (decoded.text.trim() === '') return stop(fileIssue(ERR.fileEmpty));
    sheetResult = parseCsv(decoded.text, limits.maxRows);
    if (sheetResult.ok) result.delimiter = sheetResult.details.delimiter;
  }
  if (!sheetResult.ok) return stop(...sheetResult.errors);
  const { sheet } = sheetResult;

  const mapping = mapColumns(sheet.headers);
  result.columns = mapping.columns.map((c) => ({ header: c.header, field: c.field }));
  result.warnings.push(...mapping.warnings);
  if (mapping.errors.length > 0) return stop(...mapping.errors);
  if (sheet.rows.length === 0) result.warnings.push(fileIssue(WARN.noRows));

  const width = format === 'csv' ? sheet.headers.length : null;
  const outcomes: RowOutcome[] = sheet.rows.map((raw) => validateRow(raw, mapping, { width }));
  result.suppliers = groupSuppliers(outcomes, mapping);

  const position = new Map<string | null, number>(mapping.columns.map((c) => [c.field, c.index]));
  const byColumn = (a: ImportIssue, b: ImportIssue) => (position.get(a.field) ?? -1) - (position.get(b.field) ?? -1);
  for (const o of outcomes) {
    if (o.errors.length === 0) result.stats.validRows++;
    result.errors.push(...o.errors.sort(byColumn));
    result.warnings.push(...o.warnings);
  }
  result.stats.rows = sheet.rows.length;
  result.stats.suppliers = result.suppliers.length;
  result.stats.sites = result.suppliers.reduce((n, s) => n + s.sites.length, 0);
  result.ok = result.errors.length === 0;
  return result;
}
