import type { ImportIssue } from './issues.ts';

/** A data row as text cells, numbered as the spreadsheet shows it (header = 1). */
export interface RawRow {
  row: number;
  cells: string[];
}

/** What both the CSV and the XLSX readers hand to column mapping and validation. */
export interface RawSheet {
  headerRow: number;
  headers: string[];
  rows: RawRow[];
}

export type SheetResult = { ok: true; sheet: RawSheet; details: Record<string, string> } | { ok: false; errors: ImportIssue[] };

export function isBlankRow(cells: readonly string[]): boolean {
  for (const c of cells) if (c !== '') return false;
  return true;
}

/** Excel column letters for messages about columns that have no header (A, B, …, AA). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
