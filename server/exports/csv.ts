import Papa from 'papaparse';
import { isoDate, isoDateTime, neutralizeFormula } from './neutralize.ts';
import type { ExportColumn, Translate } from './types.ts';

export interface CsvOptions {
  /** ';' for users whose Excel uses a comma decimal mark. Default ','. */
  delimiter?: ',' | ';';
}

const BOM = '\uFEFF';

/**
 * CSV for Excel: UTF-8 with BOM (without it Excel on Windows reads 1252 and breaks
 * accents), CRLF line ends, every text cell quoted and neutralised against formulas.
 */
export function toCsv<T>(rows: Iterable<T>, columns: ExportColumn<T>[], t: Translate, options: CsvOptions = {}): Buffer {
  const data: (string | number)[][] = [columns.map((c) => neutralizeFormula(t(c.header)))];
  for (const row of rows) {
    data.push(
      columns.map((c) => {
        const v = c.value(row);
        if (v === null || v === undefined) return '';
        if (typeof v === 'number') return Number.isFinite(v) ? v : '';
        if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : c.dateFormat === 'datetime' ? isoDateTime(v) : isoDate(v);
        return neutralizeFormula(v);
      }),
    );
  }
  // Quote non-empty text only: a quoted number is read back as text by some tools.
  const body = Papa.unparse(data, {
    delimiter: options.delimiter ?? ',',
    newline: '\r\n',
    quotes: (value: unknown) => typeof value === 'string' && value !== '',
  });
  return Buffer.from(BOM + body + '\r\n', 'utf8');
}
