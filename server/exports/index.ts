/** Shared data-export writers (suppliers, findings, actions, indicators). */
export { toCsv, type CsvOptions } from './csv.ts';
export { toXlsx, type XlsxOptions } from './xlsx.ts';
export { neutralizeFormula } from './neutralize.ts';
export type { ExportCell, ExportColumn, Translate } from './types.ts';
