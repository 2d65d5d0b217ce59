/**
 * Upload limits. Sized so the largest accepted CSV (100,000 rows of ~27 columns)
 * still parses in a few seconds, and an XLSX cannot expand into gigabytes of XML.
 */
export interface ImportLimits {
  /** Size of the uploaded file as received. */
  maxFileBytes: number;
  /** Data rows (non-empty rows below the header). */
  maxRows: number;
  /** Sum of the declared uncompressed sizes of an XLSX's zip entries (zip-bomb guard). */
  maxXlsxUncompressedBytes: number;
}

export const MAX_IMPORT_FILE_BYTES = 32 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;
export const MAX_XLSX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024;

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: MAX_IMPORT_FILE_BYTES,
  maxRows: MAX_IMPORT_ROWS,
  maxXlsxUncompressedBytes: MAX_XLSX_UNCOMPRESSED_BYTES,
};

export function resolveLimits(overrides?: Partial<ImportLimits>): ImportLimits {
  return { ...DEFAULT_IMPORT_LIMITS, ...overrides };
}

/** Megabytes with one decimal, for messages. */
export function toMegabytes(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}
