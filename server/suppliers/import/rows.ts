import { SITE_FIELDS, WORKFORCE_PARTS, defaultHeader, type ColumnMapping, type ImportField } from './columns.ts';
import { CellIssue, FIELD_CONVERTERS, type FieldValues } from './fields.ts';
import { ERR, WARN, shown, type ImportIssue } from './issues.ts';
import { resolveCommodities } from '../../commodities/commodity.resolve.ts';
import type { RawRow } from './sheet.ts';
import type { ImportRow, Workforce } from './types.ts';

/** Mexico's extent in decimal degrees, islands included (Guadalupe to Cozumel, Suchiate to Tijuana). */
export const MEXICO_BOUNDS = { minLat: 14.3, maxLat: 32.8, minLon: -118.6, maxLon: -86.5 } as const;

const CONVERT = FIELD_CONVERTERS as Record<ImportField, (cell: string) => unknown>;

export interface RowOutcome {
  row: number;
  /** Null when the row has errors. */
  value: ImportRow | null;
  /** Supplier identity, read even from a row with errors, so its supplier can be left out whole. */
  taxId: string | null;
  externalId: string | null;
  legalNameGiven: boolean;
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

export interface RowValidationOptions {
  /** Number of header cells; a CSV row with values beyond it has shifted columns. Null skips the check. */
  width: number | null;
}

export function validateRow(raw: RawRow, mapping: ColumnMapping, options: RowValidationOptions): RowOutcome {
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const at = (field: ImportField, code: string, params: Record<string, string | number> = {}): ImportIssue => ({
    row: raw.row,
    column: mapping.headerOf[field] ?? defaultHeader(field),
    field,
    code,
    params,
  });

  if (options.width !== null) {
    let last = raw.cells.length - 1;
    while (last >= 0 && raw.cells[last] === '') last--;
    if (last >= options.width) {
      // The cells are shifted, so any per-column message would point at the wrong column.
      const issue = { row: raw.row, column: null, field: null, code: ERR.tooManyCells, params: { expected: options.width, found: last + 1 } };
      return { row: raw.row, value: null, taxId: null, externalId: null, legalNameGiven: true, errors: [issue], warnings };
    }
  }

  const filled: Filled = {};
  const values: FieldValues = {};
  for (const { index, field } of mapping.columns) {
    const cell = raw.cells[index];
    if (cell === undefined || cell === '') continue;
    filled[field] = cell;
    // Field by field, so the valid cells still feed the cross-column checks below.
    const out = CONVERT[field](cell);
    if (out instanceof CellIssue) errors.push(at(field, out.code, out.params));
    else (values as Record<string, unknown>)[field] = out;
  }

  const rfc = values.tax_id;
  const externalId = values.external_id ?? null;
  if (filled.tax_id === undefined && filled.external_id === undefined) {
    errors.push(at(mapping.headerOf.tax_id !== undefined ? 'tax_id' : 'external_id', ERR.keyRequired));
  }
  if (rfc?.generic) {
    warnings.push(at('tax_id', WARN.rfcGeneric, { value: rfc.rfc }));
    if (!externalId) errors.push(at('tax_id', ERR.rfcGenericNeedsExternalId, { value: rfc.rfc }));
  } else if (rfc && !rfc.checkDigitOk) {
    warnings.push(at('tax_id', WARN.rfcCheckDigit, { value: rfc.rfc, expected: rfc.expectedCheckDigit }));
  }

  const hasSite = SITE_FIELDS.some((f) => filled[f] !== undefined);
  if (hasSite && filled.state === undefined && filled.territory_code === undefined) {
    errors.push(at(mapping.headerOf.state !== undefined ? 'state' : 'territory_code', ERR.locationRequired));
  }
  checkCoordinates(values, filled, at, errors);
  const workforce = checkWorkforce(values, filled, at, errors);

  const taxIdKey = rfc && !rfc.generic ? rfc.rfc : null;
  const outcome: RowOutcome = {
    row: raw.row,
    value: null,
    taxId: taxIdKey,
    externalId,
    legalNameGiven: filled.legal_name !== undefined,
    errors,
    warnings,
  };
  // Free text to vocabulary ids; what the vocabulary does not know is kept as written and flagged.
  const commodities = resolveCommodities(values.commodities ?? []);
  for (const u of commodities.unknown) warnings.push(at('commodities', WARN.commodityUnknown, { value: shown(u) }));
  if (errors.length > 0) return outcome;

  outcome.value = {
    row: raw.row,
    supplier: {
      legalName: values.legal_name ?? null,
      tradeName: values.trade_name ?? null,
      taxId: taxIdKey,
      taxIdKind: taxIdKey ? rfc!.kind : null,
      externalId,
      sectorCode: values.sector_code ?? null,
      commodities: commodities.stored,
      tier: values.tier ?? null,
      parents: values.parent ?? [],
      contactName: values.contact_name ?? null,
      contactEmail: values.contact_email ?? null,
      contactPhone: values.contact_phone ?? null,
    },
    site: hasSite
      ? {
          row: raw.row,
          name: values.site_name ?? null,
          address: values.address ?? null,
          territory: { state: values.state ?? null, municipality: values.municipality ?? null, code: values.territory_code ?? null },
          latitude: values.latitude ?? null,
          longitude: values.longitude ?? null,
          workforce,
          activities: values.activities ?? [],
        }
      : null,
  };
  return outcome;
}

/** The non-empty cells of a row, by field. */
type Filled = Partial<Record<ImportField, string>>;

type At = (field: ImportField, code: string, params?: Record<string, string | number>) => ImportIssue;

function inMexico(lat: number, lon: number): boolean {
  const b = MEXICO_BOUNDS;
  return lat >= b.minLat && lat <= b.maxLat && lon >= b.minLon && lon <= b.maxLon;
}

/** Says which mistake it is, because swapped columns and a lost minus sign are the usual ones. */
function checkCoordinates(values: FieldValues, filled: Filled, at: At, errors: ImportIssue[]): void {
  if ((filled.latitude === undefined) !== (filled.longitude === undefined)) {
    errors.push(at(filled.latitude !== undefined ? 'longitude' : 'latitude', ERR.coordinatesIncomplete));
    return;
  }
  const lat = values.latitude;
  const lon = values.longitude;
  if (lat === undefined || lon === undefined || inMexico(lat, lon)) return;
  const params = { latitude: lat, longitude: lon };
  if (inMexico(lon, lat)) errors.push(at('latitude', ERR.coordinatesSwapped, params));
  else if (lon > 0 && inMexico(lat, -lon)) errors.push(at('longitude', ERR.longitudeSign, params));
  else errors.push(at('latitude', ERR.coordinatesOutsideMexico, params));
}

const PART_KEYS: Record<(typeof WORKFORCE_PARTS)[number], keyof Workforce> = {
  workforce_women: 'women',
  workforce_adolescents: 'adolescents',
  workforce_seasonal: 'seasonal',
  workforce_migrant: 'migrant',
  workforce_indigenous: 'indigenous',
  workforce_family: 'family',
  workforce_subcontracted: 'subcontracted',
};

/** Groups overlap (a migrant woman counts in both), so each is bounded by the total, not their sum. */
function checkWorkforce(values: FieldValues, filled: Filled, at: At, errors: ImportIssue[]): Workforce {
  const total = values.workforce_total ?? null;
  const workforce: Workforce = {
    total,
    women: null,
    adolescents: null,
    seasonal: null,
    migrant: null,
    indigenous: null,
    family: null,
    subcontracted: null,
  };
  const anyPart = WORKFORCE_PARTS.some((f) => filled[f] !== undefined);
  if (anyPart && filled.workforce_total === undefined) errors.push(at('workforce_total', ERR.workforceTotalRequired));
  for (const field of WORKFORCE_PARTS) {
    const n = values[field];
    if (n === undefined) continue;
    workforce[PART_KEYS[field]] = n;
    if (total !== null && n > total) errors.push(at(field, ERR.exceedsTotal, { value: n, total }));
  }
  return workforce;
}
