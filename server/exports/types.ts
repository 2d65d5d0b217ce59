/** Same shape as the project's i18n `Translate` (a translator bound to one locale). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Booleans and enums are the caller's to word (through its own i18n keys). */
export type ExportCell = string | number | Date | null | undefined;

export interface ExportColumn<T> {
  /** i18n key of the column header. */
  header: string;
  value: (row: T) => ExportCell;
  /** How a Date is written; numbers and text need no hint. Default 'date'. */
  dateFormat?: 'date' | 'datetime';
  /** XLSX column width in characters. */
  width?: number;
}
