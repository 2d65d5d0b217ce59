import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { IMPORT_FIELDS } from '../../../server/suppliers/import/columns.ts';
import { parseSupplierImport } from '../../../server/suppliers/import/parse.ts';
import { buildTemplateCsv, buildTemplateXlsx } from '../../../server/suppliers/import/template.ts';
import { importsTranslator } from './support.ts';

const SPANISH_HEADERS = [
  'Razón social', 'Nombre comercial', 'RFC', 'ID externo', 'SCIAN', 'Productos', 'Nivel', 'Proveedor padre (RFC o ID)',
  'Contacto', 'Correo', 'Teléfono', 'Sitio', 'Dirección', 'Estado', 'Municipio', 'Clave INEGI', 'Latitud', 'Longitud',
  'Trabajadores', 'Mujeres', 'Adolescentes 15-17', 'Temporales', 'Migrantes', 'Indígenas', 'Trabajo familiar',
  'Subcontratados', 'Actividades',
];

describe('import template', () => {
  it('CSV: UTF-8 with BOM, Spanish headers only, and parses with zero rows and no errors', async () => {
    const es = await importsTranslator('es-MX');
    const bytes = buildTemplateCsv(es);
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1)).to.equal(`${SPANISH_HEADERS.map((h) => `"${h}"`).join(',')}\r\n`);
    const r = await parseSupplierImport(bytes);
    expect(r.errors).to.deep.equal([]);
    expect(r.warnings.map((w) => w.code)).to.deep.equal(['imports.warnings.noRows']);
    expect(r.columns.map((c) => c.field)).to.deep.equal([...IMPORT_FIELDS]);
    expect(r.stats).to.deep.equal({ rows: 0, validRows: 0, suppliers: 0, sites: 0 });
  });

  it('XLSX: styled Spanish header, bilingual instructions, drop-downs, and a clean round-trip', async () => {
    const es = await importsTranslator('es-MX');
    const en = await importsTranslator('en');
    const bytes = await buildTemplateXlsx({ es, en, states: ['Aguascalientes', 'Baja California', 'Michoacán de Ocampo'] });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    expect(wb.worksheets.map((w) => [w.name, w.state])).to.deep.equal([
      ['Proveedores', 'visible'],
      ['Instrucciones', 'visible'],
      ['Listas', 'hidden'],
    ]);

    const data = wb.getWorksheet('Proveedores')!;
    expect((data.getRow(1).values as unknown[]).slice(1)).to.deep.equal(SPANISH_HEADERS);
    expect(data.getCell('A1').font?.bold).to.equal(true);
    expect(data.getCell('A1').fill).to.deep.include({ type: 'pattern', pattern: 'solid' });
    expect(data.views[0]).to.deep.include({ state: 'frozen', ySplit: 1 });
    expect(data.getColumn(16).numFmt).to.equal('@'); // Clave INEGI kept as text: leading zeros survive
    expect(data.actualRowCount).to.equal(1);

    // Validations: workforce counts (S..Y), tier (G), coordinates (Q, R), state (N) and activities (AA).
    const dv = (data as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    expect(dv['S2']).to.deep.include({ type: 'whole', operator: 'greaterThanOrEqual', formulae: [0] });
    expect(dv['U5001']).to.deep.include({ type: 'whole', operator: 'greaterThanOrEqual' });
    expect(dv['G2']).to.deep.include({ type: 'whole', operator: 'between', formulae: [1, 20] });
    expect(dv['Q2']).to.deep.include({ type: 'decimal', formulae: [14.3, 32.8] });
    expect(dv['R2']).to.deep.include({ type: 'decimal', formulae: [-118.6, -86.5] });
    expect(dv['N2']).to.deep.include({ type: 'list', formulae: ["'Listas'!$A$2:$A$4"] });
    expect(dv['AA2']).to.deep.include({ type: 'list', formulae: ["'Listas'!$B$2:$B$17"] });
    expect(dv['AA2'].showErrorMessage).to.not.equal(true); // several activities per cell stay allowed
    expect(dv['S2'].showErrorMessage).to.equal(true);

    const lists = wb.getWorksheet('Listas')!;
    expect(lists.getCell('A4').value).to.equal('Michoacán de Ocampo');
    expect(lists.getCell('B2').value).to.equal('cosecha');
    expect(lists.getCell('B7').value).to.equal('trabajo a domicilio');

    const help = wb.getWorksheet('Instrucciones')!;
    const texts: string[] = [];
    help.eachRow((row) => texts.push((row.values as unknown[]).filter((v) => typeof v === 'string').join(' | ')));
    expect(texts[0]).to.equal('Cómo llenar la plantilla de proveedores y sitios / How to fill in the supplier and site template');
    expect(texts).to.include(
      'Guarde el archivo como Excel (.xlsx) o CSV UTF-8. Máximo 100,000 filas y 32 MB por archivo.',
    );
    const rfcRow = texts.find((t) => t.startsWith('RFC | Tax ID'));
    expect(rfcRow).to.contain('RFC o ID externo / RFC or external ID').and.contain('AES010203AB4');
    const minors = texts.find((t) => t.startsWith('Adolescentes 15-17 | Adolescents 15-17'));
    expect(minors).to.contain('no escriba nombres').and.contain('do not enter names');

    const r = await parseSupplierImport(bytes);
    expect(r).to.deep.include({ format: 'xlsx', sheetName: 'Proveedores' });
    expect(r.errors).to.deep.equal([]);
    expect(r.warnings.map((w) => w.code)).to.deep.equal(['imports.warnings.noRows']);
    expect(r.columns).to.have.length(IMPORT_FIELDS.length);
  });

  it('XLSX: a filled-in template imports', async () => {
    const es = await importsTranslator('es-MX');
    const en = await importsTranslator('en');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildTemplateXlsx({ es, en })) as never);
    const ws = wb.getWorksheet('Proveedores')!;
    const row = ws.getRow(2);
    row.getCell(1).value = 'Agrícola El Sol';
    row.getCell(3).value = 'AES010203AB4';
    row.getCell(12).value = 'Rancho Uno';
    row.getCell(14).value = 'Michoacán de Ocampo';
    row.getCell(16).value = '16108';
    row.getCell(27).value = 'cosecha; empaque';
    row.commit();
    const r = await parseSupplierImport(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(r.errors).to.deep.equal([]);
    expect(r.suppliers.map((s) => [s.key, s.sites[0].territory.code, s.sites[0].activities])).to.deep.equal([
      ['AES010203AB4', '16108', ['harvest', 'packing']],
    ]);
  });
});
