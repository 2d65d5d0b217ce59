/** Public surface of the supplier/site import core (pure: no database, no HTTP). */
export { parseSupplierImport, sniffFormat, type ParseImportOptions } from './parse.ts';
export { buildTemplateCsv, buildTemplateXlsx, type TemplateOptions } from './template.ts';
export { formatIssue, ERR, WARN, type ImportIssue, type Translate } from './issues.ts';
export { DEFAULT_IMPORT_LIMITS, MAX_IMPORT_FILE_BYTES, MAX_IMPORT_ROWS, type ImportLimits } from './limits.ts';
export { IMPORT_FIELDS, type ImportField } from './columns.ts';
export { SITE_ACTIVITIES, type SiteActivity } from './activities.ts';
export { checkRfc, normalizeRfc, type RfcCheck, type RfcKind } from './rfc.ts';
export type { ImportResult, ImportRow, ParsedSite, ParsedSupplier, RawTerritory, SupplierData, Workforce } from './types.ts';
