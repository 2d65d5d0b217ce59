import ExcelJS from 'exceljs';
import { ERR, fileIssue } from './issues.ts';
import { normalizeLabel } from './normalize.ts';
import { isBlankRow, type RawRow, type SheetResult } from './sheet.ts';
import { trimTrailingBlanks } from './csv.ts';

/** Sheet names that hold the data, so an 'Instrucciones' sheet placed first is not read. */
const DATA_SHEET_NAMES = new Set(['proveedores', 'suppliers']);
/** The template's own helper sheets, never the data even when a user renames the data sheet. */
const HELPER_SHEET_NAMES = new Set(['instrucciones', 'instructions', 'listas', 'lists']);

export async function parseXlsx(bytes: Uint8Array, maxRows: number): Promise<SheetResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings name an older Buffer type than @types/node 20's.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    return { ok: false, errors: [fileIssue(ERR.xlsxUnreadable)] };
  }
  const sheet = pickWorksheet(workbook);
  if (!sheet) return { ok: false, errors: [fileIssue(ERR.noWorksheet)] };

  let headerRow = -1;
  let headers: string[] = [];
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const width = Math.max(row.cellCount, headers.length);
    const cells = new Array<string>(width);
    for (let c = 0; c < width; c++) cells[c] = cellText(row.getCell(c + 1).value);
    if (isBlankRow(cells)) return;
    if (headerRow < 0) {
      headerRow = rowNumber;
      headers = trimTrailingBlanks(cells);
      return;
    }
    rows.push({ row: rowNumber, cells });
  });
  if (headerRow < 0) return { ok: false, errors: [fileIssue(ERR.noHeader)] };
  if (rows.length > maxRows) {
    return { ok: false, errors: [fileIssue(ERR.tooManyRows, { count: rows.length, max: maxRows })] };
  }
  return { ok: true, sheet: { headerRow, headers, rows }, details: { sheet: sheet.name } };
}

function pickWorksheet(workbook: ExcelJS.Workbook): ExcelJS.Worksheet | undefined {
  const sheets = workbook.worksheets;
  return (
    sheets.find((s) => DATA_SHEET_NAMES.has(normalizeLabel(s.name))) ??
    sheets.find((s) => s.state === 'visible' && !HELPER_SHEET_NAMES.has(normalizeLabel(s.name))) ??
    sheets[0]
  );
}

/**
 * One cell as the text a user would see: rich text joined, formulas replaced by
 * their cached result, dates as ISO dates, error values kept ('#REF!') so that the
 * row fails validation rather than silently losing the value.
 */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      return value.richText.map((r) => r.text).join('').trim();
    }
    if ('formula' in value || 'sharedFormula' in value) {
      return cellText((value as { result?: ExcelJS.CellValue }).result);
    }
    if ('hyperlink' in value) return cellText((value as { text?: ExcelJS.CellValue }).text);
    if ('error' in value) return String(value.error);
  }
  return '';
}

/** exceljs builds dates from the serial number as UTC, so the UTC fields are the cell's. */
function isoDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}
