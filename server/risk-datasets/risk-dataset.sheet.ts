import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';

export type SheetFormat = 'csv' | 'xlsx';

/** One spreadsheet row with the number the user sees for it (header = row 1). */
export interface SheetRow {
  row: number;
  cells: string[];
}

export interface Sheet {
  header: SheetRow | null;
  rows: SheetRow[];
}

export class UnreadableSheet extends Error {}

export function formatOf(fileName: string): SheetFormat | null {
  const ext = fileName.toLowerCase().split('.').pop();
  return ext === 'csv' || ext === 'txt' ? 'csv' : ext === 'xlsx' ? 'xlsx' : null;
}

/**
 * UTF-8 with or without BOM; a file that is not valid UTF-8 is read as Windows-1252,
 * which is what Excel on Windows writes when asked for "CSV" in a Spanish locale.
 */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = iconv.decode(Buffer.from(bytes), 'win1252');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The header decides the delimiter: Spanish-locale spreadsheets write ";" because "," is the decimal mark. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

function toSheet(rows: SheetRow[]): Sheet {
  const data = rows.filter((r) => !isBlank(r.cells));
  return { header: data[0] ?? null, rows: data.slice(1) };
}

export function readCsv(bytes: Uint8Array): Sheet {
  const text = decodeText(bytes);
  const parsed = Papa.parse<string[]>(text, { delimiter: delimiterOf(text), skipEmptyLines: false });
  // Papa reports unbalanced quotes but still returns the rows; its record index is the spreadsheet row.
  const fatal = parsed.errors.find((e) => e.type === 'Quotes');
  if (fatal) throw new UnreadableSheet(`quotes at row ${(fatal.row ?? 0) + 1}`);
  return toSheet(parsed.data.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c ?? '') })));
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return String(value.error);
  return '';
}

/** First worksheet of an .xlsx workbook; row numbers are the worksheet's own. */
export async function readXlsx(bytes: Uint8Array): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new UnreadableSheet((err as Error).message);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { header: null, rows: [] };
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based, sparse
    const cells: string[] = [];
    for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
    rows.push({ row: row.number, cells });
  });
  return toSheet(rows);
}

export function readSheet(bytes: Uint8Array, format: SheetFormat): Promise<Sheet> {
  return format === 'csv' ? Promise.resolve(readCsv(bytes)) : readXlsx(bytes);
}
