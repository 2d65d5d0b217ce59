import type { SiteActivity } from './activities.ts';
import type { ImportIssue } from './issues.ts';
import type { RfcKind } from './rfc.ts';
import type { TextEncodingName } from './decode.ts';
import type { ImportField } from './columns.ts';

export interface Workforce {
  total: number | null;
  women: number | null;
  /** Adolescents aged 15–17: a count only; the import never takes data naming minors. */
  adolescents: number | null;
  seasonal: number | null;
  migrant: number | null;
  indigenous: number | null;
  family: number | null;
  subcontracted: number | null;
}

/**
 * Place text as written, for the territory matcher to resolve later. `code` is an
 * INEGI code with its leading zeros restored (2 digits state, 5 digits municipality).
 */
export interface RawTerritory {
  state: string | null;
  municipality: string | null;
  code: string | null;
}

export interface ParsedSite {
  row: number;
  name: string | null;
  address: string | null;
  territory: RawTerritory;
  latitude: number | null;
  longitude: number | null;
  workforce: Workforce;
  activities: SiteActivity[];
}

export interface SupplierData {
  /** May be blank on a supplier's later rows; required once per supplier. */
  legalName: string | null;
  tradeName: string | null;
  /** Normalised RFC; null for the generic RFCs, which identify no one (and are not unique). */
  taxId: string | null;
  taxIdKind: RfcKind | null;
  externalId: string | null;
  sectorCode: string | null;
  commodities: string[];
  tier: number | null;
  /** Parent suppliers by RFC or external ID, unresolved (a supply graph, so several). */
  parents: string[];
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
}

/** One valid spreadsheet row: a supplier's data and, when any site column is filled, one site. */
export interface ImportRow {
  row: number;
  supplier: SupplierData;
  site: ParsedSite | null;
}

export interface ParsedSupplier extends Omit<SupplierData, 'legalName'> {
  legalName: string;
  /** The grouping key: the RFC, or the external ID when there is no usable RFC. */
  key: string;
  keyKind: 'tax_id' | 'external_id';
  rows: number[];
  sites: ParsedSite[];
}

export interface ImportResult {
  ok: boolean;
  format: 'csv' | 'xlsx' | null;
  encoding: TextEncodingName | null;
  /** ',', ';' or 'tab' for CSV. */
  delimiter: string | null;
  sheetName: string | null;
  /** Header text found → field it was read as. */
  columns: { header: string; field: ImportField }[];
  /** Suppliers all of whose rows are valid; a supplier with any bad row is left out whole. */
  suppliers: ParsedSupplier[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
  stats: { rows: number; validRows: number; suppliers: number; sites: number };
}
