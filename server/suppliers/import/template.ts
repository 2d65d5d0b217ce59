import ExcelJS from 'exceljs';
import { toCsv } from '../../exports/csv.ts';
import type { ExportColumn } from '../../exports/types.ts';
import { SITE_ACTIVITIES } from './activities.ts';
import { IMPORT_FIELDS, KEY_FIELDS, REQUIRED_FIELDS, WORKFORCE_PARTS, type ImportField } from './columns.ts';
import type { Translate } from './issues.ts';
import { MAX_IMPORT_FILE_BYTES, MAX_IMPORT_ROWS, toMegabytes } from './limits.ts';
import { MEXICO_BOUNDS } from './rows.ts';

export interface TemplateOptions {
  /** Spanish translator: headers, sheet names and list values are Spanish. */
  es: Translate;
  /** English translator for the second language of the instructions sheet. */
  en: Translate;
  /** State names for the 'Estado' drop-down, from the territory reference data. */
  states?: string[];
}

const label = (field: ImportField) => `imports.columns.${field}.label`;

/** The empty template as CSV: UTF-8 with BOM and the Spanish headers, nothing else. */
export function buildTemplateCsv(es: Translate): Buffer {
  const columns: ExportColumn<never>[] = IMPORT_FIELDS.map((f) => ({ header: label(f), value: () => null }));
  return toCsv([], columns, es);
}

/** Rows that get drop-downs and number checks; Excel stores validations per range, so this costs little. */
const VALIDATED_ROWS = 5000;
const TEXT_FIELDS: readonly ImportField[] = ['tax_id', 'external_id', 'sector_code', 'contact_phone', 'territory_code'];
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF9C2F2F' } };

export async function buildTemplateXlsx(options: TemplateOptions): Promise<Buffer> {
  const { es, en } = options;
  const workbook = new ExcelJS.Workbook();
  const data = workbook.addWorksheet(es('imports.template.dataSheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  const instructions = workbook.addWorksheet(es('imports.template.instructionsSheet'));
  const lists = workbook.addWorksheet(es('imports.template.listsSheet'), { state: 'hidden' });

  data.columns = IMPORT_FIELDS.map((f) => {
    const header = es(label(f));
    return { header, key: f, width: Math.max(header.length + 4, 14), style: TEXT_FIELDS.includes(f) ? { numFmt: '@' } : {} };
  });
  const headerRow = data.getRow(1);
  headerRow.height = 30;
  IMPORT_FIELDS.forEach((f, i) => {
    const cell = headerRow.getCell(i + 1);
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = REQUIRED_FIELDS.includes(f) || KEY_FIELDS.includes(f) ? REQUIRED_FILL : HEADER_FILL;
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.note = es(`imports.columns.${f}.help`);
  });

  const listRefs = fillLists(lists, es, options.states ?? []);
  addValidations(data, es, listRefs);
  fillInstructions(instructions, es, en);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface ListRefs {
  states: string | null;
  activities: string;
}

function fillLists(sheet: ExcelJS.Worksheet, es: Translate, states: string[]): ListRefs {
  sheet.getCell('A1').value = es('imports.template.lists.states');
  sheet.getCell('B1').value = es('imports.template.lists.activities');
  states.forEach((s, i) => (sheet.getCell(i + 2, 1).value = s));
  SITE_ACTIVITIES.forEach((a, i) => (sheet.getCell(i + 2, 2).value = es(`imports.activities.${a}`)));
  const ref = (col: string, n: number) => `'${sheet.name}'!$${col}$2:$${col}$${n + 1}`;
  return { states: states.length > 0 ? ref('A', states.length) : null, activities: ref('B', SITE_ACTIVITIES.length) };
}

function addValidations(sheet: ExcelJS.Worksheet, es: Translate, refs: ListRefs): void {
  // `dataValidations` accepts ranges ('S2:S5001') but is missing from exceljs's typings.
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  const range = (field: ImportField) => {
    const col = sheet.getColumn(field).letter;
    return `${col}2:${col}${VALIDATED_ROWS + 1}`;
  };
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop', errorTitle: es('imports.template.validation.title') };
  const number = (type: 'whole' | 'decimal', formulae: number[], operator: ExcelJS.DataValidationOperator, error: string) =>
    ({ ...common, type, operator, formulae, error: es(error) }) as ExcelJS.DataValidation;

  for (const f of ['workforce_total', ...WORKFORCE_PARTS] as const) {
    validations.add(range(f), number('whole', [0], 'greaterThanOrEqual', 'imports.template.validation.count'));
  }
  validations.add(range('tier'), number('whole', [1, 20], 'between', 'imports.template.validation.tier'));
  const b = MEXICO_BOUNDS;
  validations.add(range('latitude'), number('decimal', [b.minLat, b.maxLat], 'between', 'imports.template.validation.latitude'));
  validations.add(range('longitude'), number('decimal', [b.minLon, b.maxLon], 'between', 'imports.template.validation.longitude'));
  if (refs.states) {
    validations.add(range('state'), { ...common, type: 'list', formulae: [refs.states], error: es('imports.template.validation.list') });
  }
  // A site often has several activities ('cosecha; empaque'): offer the list, accept any text.
  validations.add(range('activities'), { type: 'list', allowBlank: true, showErrorMessage: false, formulae: [refs.activities] });
}

function fillInstructions(sheet: ExcelJS.Worksheet, es: Translate, en: Translate): void {
  const both = (key: string, params?: Record<string, unknown>) => `${es(key, params)} / ${en(key, params)}`;
  const limits = { maxRows: MAX_IMPORT_ROWS.toLocaleString('es-MX'), maxMb: toMegabytes(MAX_IMPORT_FILE_BYTES) };
  sheet.columns = [{ width: 28 }, { width: 28 }, { width: 22 }, { width: 60 }, { width: 60 }, { width: 26 }];

  sheet.addRow([both('imports.template.title')]).font = { bold: true, size: 14 };
  for (const key of ['rows', 'format', 'minors']) {
    sheet.addRow([es(`imports.template.intro.${key}`, limits)]);
    sheet.addRow([en(`imports.template.intro.${key}`, limits)]).font = { italic: true, color: { argb: 'FF555555' } };
  }
  sheet.addRow([]);
  const head = sheet.addRow([
    es('imports.template.table.column'),
    en('imports.template.table.column'),
    both('imports.template.table.required'),
    es('imports.template.table.description'),
    en('imports.template.table.description'),
    both('imports.template.table.example'),
  ]);
  head.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  head.eachCell((c) => (c.fill = HEADER_FILL));

  for (const f of IMPORT_FIELDS) {
    const row = sheet.addRow([
      es(label(f)),
      en(label(f)),
      both(requiredKey(f)),
      es(`imports.columns.${f}.help`),
      en(`imports.columns.${f}.help`),
      es(`imports.columns.${f}.example`),
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
  }
}

function requiredKey(field: ImportField): string {
  if (REQUIRED_FIELDS.includes(field)) return 'imports.template.required.yes';
  if (KEY_FIELDS.includes(field)) return 'imports.template.required.key';
  if (field === 'state' || field === 'territory_code') return 'imports.template.required.location';
  return 'imports.template.required.no';
}
