import Papa from 'papaparse';
import { ERR, fileIssue } from './issues.ts';
import { isBlankRow, type RawRow, type SheetResult } from './sheet.ts';

export type CsvDelimiter = ',' | ';' | '\t';

const CANDIDATES: CsvDelimiter[] = [',', ';', '\t'];

/**
 * Excel writes the list separator of the Windows region: ',' for es-MX, ';' where
 * the decimal mark is a comma, and tab for "Unicode text". A leading `sep=;` line
 * (Excel's own hint) wins; otherwise the separator that occurs most often in the
 * header line, outside quotes, is taken.
 */
export function detectDelimiter(text: string): { delimiter: CsvDelimiter; sepLine: boolean } {
  const sep = /^sep=([,;\t])\r?\n/i.exec(text);
  if (sep) return { delimiter: sep[1] as CsvDelimiter, sepLine: true };
  const counts = new Map<CsvDelimiter, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  let seenContent = false; // leading blank lines do not end the header search
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (seenContent) break;
      continue;
    } else if (!quoted && counts.has(ch as CsvDelimiter)) {
      counts.set(ch as CsvDelimiter, counts.get(ch as CsvDelimiter)! + 1);
    }
    seenContent = true;
  }
  let best: CsvDelimiter = ',';
  for (const c of CANDIDATES) if (counts.get(c)! > counts.get(best)!) best = c;
  return { delimiter: best, sepLine: false };
}

/**
 * Parses CSV text into trimmed cells. Spreadsheet row numbers count records, not
 * physical lines (a quoted cell with line breaks is still one row in Excel), and
 * count blank rows too, so "row 7" is the row the user sees.
 */
export function parseCsv(text: string, maxRows: number): SheetResult {
  const { delimiter, sepLine } = detectDelimiter(text);
  const body = sepLine ? text.slice(text.indexOf('\n') + 1) : text;
  const parsed = Papa.parse<string[]>(body, { delimiter, header: false, skipEmptyLines: false });

  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    return { ok: false, errors: [fileIssue(ERR.csvMalformed, { row: (quoteError.row ?? 0) + 1 })] };
  }

  const records = parsed.data;
  let headerIndex = -1;
  let headers: string[] = [];
  const rows: RawRow[] = [];
  for (let i = 0; i < records.length; i++) {
    const cells = records[i];
    for (let c = 0; c < cells.length; c++) cells[c] = cells[c].trim();
    if (isBlankRow(cells)) continue;
    if (headerIndex < 0) {
      headerIndex = i;
      headers = trimTrailingBlanks(cells);
      continue;
    }
    rows.push({ row: i + 1, cells });
  }
  if (headerIndex < 0) return { ok: false, errors: [fileIssue(ERR.noHeader)] };
  if (rows.length > maxRows) {
    return { ok: false, errors: [fileIssue(ERR.tooManyRows, { count: rows.length, max: maxRows })] };
  }
  return {
    ok: true,
    sheet: { headerRow: headerIndex + 1, headers, rows },
    details: { delimiter: delimiter === '\t' ? 'tab' : delimiter },
  };
}

export function trimTrailingBlanks(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return cells.slice(0, end);
}
