import { ERR, WARN, fileIssue, type ImportIssue } from './issues.ts';
import { normalizeLabel } from './normalize.ts';
import { columnLetter } from './sheet.ts';

/** Canonical import fields, in template order. Supplier-level first, then the site. */
export const IMPORT_FIELDS = [
  'legal_name',
  'trade_name',
  'tax_id',
  'external_id',
  'sector_code',
  'commodities',
  'tier',
  'parent',
  'contact_name',
  'contact_email',
  'contact_phone',
  'site_name',
  'address',
  'state',
  'municipality',
  'territory_code',
  'latitude',
  'longitude',
  'workforce_total',
  'workforce_women',
  'workforce_adolescents',
  'workforce_seasonal',
  'workforce_migrant',
  'workforce_indigenous',
  'workforce_family',
  'workforce_subcontracted',
  'activities',
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number];

export const SUPPLIER_FIELDS: readonly ImportField[] = IMPORT_FIELDS.slice(0, 11);
export const SITE_FIELDS: readonly ImportField[] = IMPORT_FIELDS.slice(11);

export const WORKFORCE_PARTS = [
  'workforce_women',
  'workforce_adolescents',
  'workforce_seasonal',
  'workforce_migrant',
  'workforce_indigenous',
  'workforce_family',
  'workforce_subcontracted',
] as const satisfies readonly ImportField[];

/** A file must have these; the supplier key needs at least one of tax_id/external_id. */
export const REQUIRED_FIELDS: readonly ImportField[] = ['legal_name'];
export const KEY_FIELDS: readonly ImportField[] = ['tax_id', 'external_id'];

/**
 * Header spellings accepted per field (Spanish, English, and the field name itself).
 * Matching ignores case, accents, punctuation and spacing; the labels of the i18n
 * files and the template must map here (a test checks it).
 */
const ALIASES: Record<ImportField, string[]> = {
  legal_name: ['Razón social', 'Nombre o razón social', 'Denominación o razón social', 'Nombre del proveedor', 'Legal name', 'Company name', 'Supplier name'],
  trade_name: ['Nombre comercial', 'Trade name', 'Brand name', 'DBA'],
  tax_id: ['RFC', 'RFC del proveedor', 'Tax ID', 'Tax number', 'TIN'],
  external_id: ['ID externo', 'Clave de proveedor', 'Número de proveedor', 'Código de proveedor', 'ID de proveedor', 'External ID', 'Supplier ID', 'Vendor ID', 'Vendor number'],
  sector_code: ['SCIAN', 'Código SCIAN', 'Clave SCIAN', 'Sector (SCIAN)', 'SCIAN code', 'Sector code', 'NAICS', 'NAICS code'],
  commodities: ['Productos', 'Productos o insumos', 'Insumos', 'Commodities', 'Products'],
  tier: ['Nivel', 'Nivel en la cadena', 'Tier', 'Supply chain tier'],
  parent: ['Proveedor padre (RFC o ID)', 'Proveedor padre', 'Proveedor directo', 'Parent supplier (tax ID or ID)', 'Parent supplier', 'Parent'],
  contact_name: ['Contacto', 'Nombre de contacto', 'Nombre del contacto', 'Contact', 'Contact name'],
  contact_email: ['Correo', 'Correo electrónico', 'Correo de contacto', 'Email', 'E-mail', 'Contact email'],
  contact_phone: ['Teléfono', 'Teléfono de contacto', 'Phone', 'Telephone', 'Contact phone'],
  site_name: ['Sitio', 'Nombre del sitio', 'Centro de trabajo', 'Unidad de trabajo', 'Site', 'Site name', 'Work site'],
  address: ['Dirección', 'Domicilio', 'Address', 'Site address'],
  state: ['Estado', 'Entidad', 'Entidad federativa', 'State'],
  municipality: ['Municipio', 'Alcaldía', 'Municipio o alcaldía', 'Municipality'],
  territory_code: ['Clave INEGI', 'Clave geoestadística', 'CVEGEO', 'Clave de municipio', 'Territory code', 'INEGI code'],
  latitude: ['Latitud', 'Lat', 'Latitude'],
  longitude: ['Longitud', 'Lon', 'Lng', 'Long', 'Longitude'],
  workforce_total: ['Trabajadores', 'Total de trabajadores', 'Número de trabajadores', 'Trabajadores (total)', 'Workers', 'Total workers', 'Workforce', 'Workers (total)', 'Total workforce'],
  workforce_women: ['Mujeres', 'Trabajadoras', 'Mujeres trabajadoras', 'Women', 'Women workers'],
  workforce_adolescents: ['Adolescentes 15-17', 'Adolescentes (15-17)', 'Adolescentes de 15 a 17 años', 'Adolescentes', 'Adolescents 15-17', 'Adolescents (15-17)', 'Adolescents', 'Young workers 15-17'],
  workforce_seasonal: ['Temporales', 'Trabajadores temporales', 'Eventuales', 'Jornaleros temporales', 'Seasonal', 'Seasonal workers', 'Temporary', 'Temporary workers'],
  workforce_migrant: ['Migrantes', 'Trabajadores migrantes', 'Jornaleros migrantes', 'Migrant', 'Migrants', 'Migrant workers'],
  workforce_indigenous: ['Indígenas', 'Trabajadores indígenas', 'Personas indígenas', 'Indigenous', 'Indigenous workers'],
  workforce_family: ['Trabajo familiar', 'Trabajadores familiares', 'Familiares', 'Family labour', 'Family labor', 'Family workers'],
  workforce_subcontracted: ['Subcontratados', 'Trabajadores subcontratados', 'Subcontratación', 'Subcontracted', 'Subcontracted workers', 'Outsourced workers'],
  activities: ['Actividades', 'Actividad', 'Actividades del sitio', 'Activities', 'Activity', 'Site activities'],
};

const FIELD_BY_LABEL = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) {
  FIELD_BY_LABEL.set(normalizeLabel(field), field);
  for (const alias of ALIASES[field]) FIELD_BY_LABEL.set(normalizeLabel(alias), field);
}

export function fieldForHeader(header: string): ImportField | null {
  return FIELD_BY_LABEL.get(normalizeLabel(header)) ?? null;
}

export interface MappedColumn {
  index: number;
  header: string;
  field: ImportField;
}

export interface ColumnMapping {
  columns: MappedColumn[];
  /** Header text per field, to name the column in row messages. */
  headerOf: Partial<Record<ImportField, string>>;
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

export function mapColumns(headers: readonly string[]): ColumnMapping {
  const columns: MappedColumn[] = [];
  const headerOf: Partial<Record<ImportField, string>> = {};
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const unknown: string[] = [];

  headers.forEach((header, index) => {
    if (header === '') {
      warnings.push(fileIssue(WARN.unnamedColumn, { column: columnLetter(index) }));
      return;
    }
    const field = fieldForHeader(header);
    if (!field) {
      unknown.push(header);
      return;
    }
    const existing = headerOf[field];
    if (existing !== undefined) {
      errors.push(fileIssue(ERR.duplicateColumn, { column: header, other: existing }));
      return;
    }
    headerOf[field] = header;
    columns.push({ index, header, field });
  });

  if (unknown.length > 0) warnings.push(fileIssue(WARN.unknownColumns, { columns: unknown.join(', ') }));

  const missing: ImportField[] = REQUIRED_FIELDS.filter((f) => headerOf[f] === undefined);
  const missingKey = KEY_FIELDS.every((f) => headerOf[f] === undefined);
  if (missing.length > 0 || missingKey) {
    // Named by the template's Spanish headers: that is what the user should add.
    const names = missing.map((f) => ALIASES[f][0]);
    if (missingKey) names.push(KEY_FIELDS.map((f) => ALIASES[f][0]).join(' / '));
    errors.push(fileIssue(ERR.missingColumns, { columns: names.join(', '), count: names.length }));
  }
  return { columns, headerOf, errors, warnings };
}

/** The Spanish header written by the template and used in messages for absent columns. */
export function defaultHeader(field: ImportField): string {
  return ALIASES[field][0];
}
