import type { ImportField } from './columns.ts';

/** Same shape as the project's i18n `Translate`, declared here so this pure module stands alone. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/**
 * One problem found in an upload. `row` is the spreadsheet row number the user sees
 * (header = 1) or null for the whole file; `column` is the header text as written in
 * the file, so the message points at what the user typed.
 */
export interface ImportIssue {
  row: number | null;
  column: string | null;
  field: ImportField | null;
  code: string;
  params: Record<string, string | number>;
}

const E = 'imports.errors.';
const W = 'imports.warnings.';

export const ERR = {
  fileEmpty: `${E}fileEmpty`,
  fileTooLarge: `${E}fileTooLarge`,
  tooManyRows: `${E}tooManyRows`,
  legacyXls: `${E}legacyXls`,
  xlsxUnreadable: `${E}xlsxUnreadable`,
  xlsxTooLarge: `${E}xlsxTooLarge`,
  noWorksheet: `${E}noWorksheet`,
  noHeader: `${E}noHeader`,
  csvMalformed: `${E}csvMalformed`,
  missingColumns: `${E}missingColumns`,
  duplicateColumn: `${E}duplicateColumn`,
  tooManyCells: `${E}tooManyCells`,
  required: `${E}required`,
  keyRequired: `${E}keyRequired`,
  tooLong: `${E}tooLong`,
  tooManyItems: `${E}tooManyItems`,
  rfcInvalid: `${E}rfcInvalid`,
  rfcDate: `${E}rfcDate`,
  rfcGenericNeedsExternalId: `${E}rfcGenericNeedsExternalId`,
  notInteger: `${E}notInteger`,
  negative: `${E}negative`,
  numberTooLarge: `${E}numberTooLarge`,
  adolescentsNotCount: `${E}adolescentsNotCount`,
  exceedsTotal: `${E}exceedsTotal`,
  workforceTotalRequired: `${E}workforceTotalRequired`,
  notDecimal: `${E}notDecimal`,
  coordinatesOutsideMexico: `${E}coordinatesOutsideMexico`,
  coordinatesSwapped: `${E}coordinatesSwapped`,
  longitudeSign: `${E}longitudeSign`,
  coordinatesIncomplete: `${E}coordinatesIncomplete`,
  sectorCode: `${E}sectorCode`,
  tierInvalid: `${E}tierInvalid`,
  emailInvalid: `${E}emailInvalid`,
  phoneInvalid: `${E}phoneInvalid`,
  territoryCodeInvalid: `${E}territoryCodeInvalid`,
  locationRequired: `${E}locationRequired`,
  activityUnknown: `${E}activityUnknown`,
  conflict: `${E}conflict`,
  externalIdConflict: `${E}externalIdConflict`,
  duplicateSite: `${E}duplicateSite`,
  selfParent: `${E}selfParent`,
  invalid: `${E}invalid`,
} as const;

export const WARN = {
  unknownColumns: `${W}unknownColumns`,
  unnamedColumn: `${W}unnamedColumn`,
  noRows: `${W}noRows`,
  rfcGeneric: `${W}rfcGeneric`,
  rfcCheckDigit: `${W}rfcCheckDigit`,
  /** Kept as written and flagged on the supplier page (server/commodities). */
  commodityUnknown: `${W}commodityUnknown`,
} as const;

export function fileIssue(code: string, params: Record<string, string | number> = {}): ImportIssue {
  return { row: null, column: null, field: null, code, params };
}

/** Long user values are cut so one bad cell cannot flood a preview page or a log line. */
export function shown(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/**
 * Full sentence for one issue: "Fila 7, columna RFC: …". The inner message is built
 * first and placed in a wrapper key, so each message is translated once per locale.
 */
export function formatIssue(t: Translate, issue: ImportIssue): string {
  const message = t(issue.code, { ...issue.params, row: issue.row, column: issue.column });
  if (issue.row !== null && issue.column !== null) {
    return t('imports.issue.cell', { row: issue.row, column: issue.column, message });
  }
  if (issue.row !== null) return t('imports.issue.row', { row: issue.row, message });
  return message;
}
