import ExcelJS from 'exceljs';
import { neutralizeFormula } from './neutralize.ts';
import type { ExportColumn, Translate } from './types.ts';

export interface XlsxOptions {
  /** i18n key of the worksheet name. */
  sheetName: string;
}

const MAX_CELL_CHARS = 32_767; // Excel's limit; longer text makes the file fail to open
// Characters XML 1.0 forbids; one of them in a string makes Excel report the file corrupt.
const XML_ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xlsxText(value: string): string {
  return neutralizeFormula(value).replace(XML_ILLEGAL, '').slice(0, MAX_CELL_CHARS);
}

/**
 * One-sheet XLSX with a bold, frozen, filterable header. Numbers and dates are typed
 * cells; text is neutralised exactly as in CSV, so a file saved back to CSV from
 * Excel stays safe.
 */
export async function toXlsx<T>(rows: Iterable<T>, columns: ExportColumn<T>[], t: Translate, options: XlsxOptions): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetTitle(t(options.sheetName)), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((c) => ({ header: xlsxText(t(c.header)), width: c.width ?? 18 }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF2' } };

  for (const row of rows) {
    const values = columns.map((c) => {
      const v = c.value(row);
      if (v === null || v === undefined) return null;
      if (typeof v === 'number') return Number.isFinite(v) ? v : null;
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
      return xlsxText(v);
    });
    const added = sheet.addRow(values);
    values.forEach((v, i) => {
      if (v instanceof Date) added.getCell(i + 1).numFmt = columns[i].dateFormat === 'datetime' ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd';
    });
  }
  if (columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetTitle(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').trim().slice(0, 31) || '1';
}
