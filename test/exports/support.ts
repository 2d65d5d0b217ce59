import ExcelJS from 'exceljs';
import type { Translate } from '../../server/exports/types.ts';

/** A translator over a fixed table; an unknown key throws so tests see it. */
export function fakeTranslator(table: Record<string, string>): Translate {
  return (key) => {
    const text = table[key];
    if (text === undefined) throw new Error(`Missing key ${key}`);
    return text;
  };
}

export async function readXlsx(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  return wb.worksheets[0];
}
