import { expect } from 'chai';
import { parseSupplierImport } from '../../../server/suppliers/import/parse.ts';
import { formatIssue, type ImportIssue } from '../../../server/suppliers/import/issues.ts';
import type { ImportResult } from '../../../server/suppliers/import/types.ts';
import { baseRow, csvBytes, importsTranslator } from './support.ts';

const parseRows = (rows: Record<string, string>[]) => parseSupplierImport(csvBytes(rows));
const brief = (issues: ImportIssue[]) => issues.map((i) => [i.row, i.column, i.code.replace(/^imports\.\w+\./, ''), i.params]);

/** Row 2 is a valid control row; the row under test is row 3. */
async function third(overrides: Record<string, string>): Promise<ImportResult> {
  return parseRows([baseRow({ RFC: 'CFE370814QI0', 'Razón social': 'Control' }), baseRow(overrides)]);
}

describe('import row validation', () => {
  it('accepts a complete valid row and types every value', async () => {
    const r = await parseRows([
      baseRow({
        'ID externo': 'PRV-0042',
        SCIAN: '111219',
        Productos: 'fresa; zarzamora | fresa',
        Nivel: '2',
        'Proveedor padre (RFC o ID)': 'cfe-370814-qi0',
        Contacto: 'María López',
        Correo: 'compras@ejemplo.mx',
        Teléfono: '+52 (351) 123-4567',
        Dirección: 'Carretera Zamora-Jacona km 3',
        'Clave INEGI': '16108',
        Latitud: '19,9856',
        Longitud: '-102.2839',
        Trabajadores: '1,250',
        Mujeres: '600',
        'Adolescentes 15-17': '3',
        Temporales: '800',
        Migrantes: '400',
        Indígenas: '250',
        'Trabajo familiar': '10',
        Subcontratados: '12.0',
        Actividades: 'Cosecha; EMPAQUE, trabajo a domicilio',
      }),
    ]);
    expect(r.errors).to.deep.equal([]);
    expect(r.warnings).to.deep.equal([]);
    const [s] = r.suppliers;
    expect(s).to.deep.equal({
      legalName: 'Agrícola El Sol, S.A. de C.V.',
      tradeName: null,
      taxId: 'AES010203AB4',
      taxIdKind: 'moral',
      externalId: 'PRV-0042',
      sectorCode: '111219',
      commodities: ['strawberries', 'blackberries'],
      tier: 2,
      parents: ['CFE370814QI0'],
      contactName: 'María López',
      contactEmail: 'compras@ejemplo.mx',
      contactPhone: '+523511234567',
      key: 'AES010203AB4',
      keyKind: 'tax_id',
      rows: [2],
      sites: [
        {
          row: 2,
          name: 'Rancho Uno',
          address: 'Carretera Zamora-Jacona km 3',
          territory: { state: 'Michoacán', municipality: 'Zamora', code: '16108' },
          latitude: 19.9856,
          longitude: -102.2839,
          workforce: { total: 1250, women: 600, adolescents: 3, seasonal: 800, migrant: 400, indigenous: 250, family: 10, subcontracted: 12 },
          activities: ['harvest', 'packing', 'home_based_work'],
        },
      ],
    });
  });

  it('names row, column and fix for an invalid RFC, in Spanish and English', async () => {
    const r = await third({ RFC: 'ABC12' });
    expect(r.errors).to.deep.equal([
      { row: 3, column: 'RFC', field: 'tax_id', code: 'imports.errors.rfcInvalid', params: { value: 'ABC12', example: 'ABC010203AB9' } },
    ]);
    const es = await importsTranslator('es-MX');
    const en = await importsTranslator('en');
    expect(formatIssue(es, r.errors[0])).to.equal(
      "Fila 3, columna RFC: 'ABC12' no es un RFC válido; use 12 o 13 caracteres como 'ABC010203AB9'.",
    );
    expect(formatIssue(en, r.errors[0])).to.equal("Row 3, column RFC: 'ABC12' is not a valid RFC; use 12 or 13 characters such as 'ABC010203AB9'.");
    expect(r.suppliers.map((s) => s.key)).to.deep.equal(['CFE370814QI0']);
  });

  it('rejects an RFC whose date does not exist', async () => {
    expect(brief((await third({ RFC: 'ABC010230AB1' })).errors)).to.deep.equal([[3, 'RFC', 'rfcDate', { value: 'ABC010230AB1' }]]);
  });

  it('warns about a check-digit mismatch but keeps the row', async () => {
    const r = await third({ RFC: 'aes010203ab5' });
    expect(r.errors).to.deep.equal([]);
    expect(brief(r.warnings)).to.deep.equal([[3, 'RFC', 'rfcCheckDigit', { value: 'AES010203AB5', expected: '4' }]]);
    expect(r.suppliers.map((s) => s.key)).to.deep.equal(['CFE370814QI0', 'AES010203AB5']);
  });

  it('does not key a supplier by a generic RFC', async () => {
    const bad = await third({ RFC: 'XAXX010101000' });
    expect(brief(bad.errors)).to.deep.equal([[3, 'RFC', 'rfcGenericNeedsExternalId', { value: 'XAXX010101000' }]]);
    const ok = await third({ RFC: 'XAXX010101000', 'ID externo': 'P-9' });
    expect(ok.errors).to.deep.equal([]);
    expect(brief(ok.warnings)).to.deep.equal([[3, 'RFC', 'rfcGeneric', { value: 'XAXX010101000' }]]);
    expect(ok.suppliers[1]).to.deep.include({ key: 'P-9', keyKind: 'external_id', taxId: null, taxIdKind: null });
  });

  it('requires a supplier key and, once per supplier, a legal name', async () => {
    expect(brief((await third({ RFC: '' })).errors)).to.deep.equal([[3, 'RFC', 'keyRequired', {}]]);
    expect(brief((await third({ 'Razón social': '' })).errors)).to.deep.equal([[3, 'Razón social', 'required', {}]]);
  });

  it('checks workforce numbers: whole, not negative, each within the total', async () => {
    expect(brief((await third({ Mujeres: '120' })).errors)).to.deep.equal([[3, 'Mujeres', 'exceedsTotal', { value: 120, total: 100 }]]);
    expect(brief((await third({ Temporales: '-3' })).errors)).to.deep.equal([[3, 'Temporales', 'negative', { value: '-3' }]]);
    expect(brief((await third({ Migrantes: '12.5' })).errors)).to.deep.equal([[3, 'Migrantes', 'notInteger', { value: '12.5' }]]);
    expect(brief((await third({ Trabajadores: '', Indígenas: '4' })).errors)).to.deep.equal([[3, 'Trabajadores', 'workforceTotalRequired', {}]]);
  });

  it('never echoes what was written in the adolescents column', async () => {
    const r = await third({ 'Adolescentes 15-17': 'Juan Pérez (16)' });
    expect(r.errors).to.deep.equal([
      { row: 3, column: 'Adolescentes 15-17', field: 'workforce_adolescents', code: 'imports.errors.adolescentsNotCount', params: {} },
    ]);
    const text = formatIssue(await importsTranslator('es-MX'), r.errors[0]);
    expect(text).to.equal(
      'Fila 3, columna Adolescentes 15-17: escriba solo cuántos adolescentes de 15 a 17 años trabajan aquí (por ejemplo 3). No escriba nombres ni otros datos de menores.',
    );
    expect(JSON.stringify(r)).to.not.contain('Juan');
  });

  it('checks coordinates and names the usual mistakes', async () => {
    const coords = async (Latitud: string, Longitud: string) => brief((await third({ Latitud, Longitud })).errors);
    expect(await coords('40.7128', '-74.0060')).to.deep.equal([[3, 'Latitud', 'coordinatesOutsideMexico', { latitude: 40.7128, longitude: -74.006 }]]);
    expect(await coords('-99.1332', '19.4326')).to.deep.equal([[3, 'Latitud', 'coordinatesSwapped', { latitude: -99.1332, longitude: 19.4326 }]]);
    expect(await coords('19.4326', '99.1332')).to.deep.equal([[3, 'Longitud', 'longitudeSign', { latitude: 19.4326, longitude: 99.1332 }]]);
    expect(await coords('19.4326', '')).to.deep.equal([[3, 'Longitud', 'coordinatesIncomplete', {}]]);
    expect(await coords('19°25′N', '-99.1332')).to.deep.equal([[3, 'Latitud', 'notDecimal', { value: '19°25′N' }]]);
    // Isla Guadalupe (west) and Chetumal (south-east) are inside.
    expect(await coords('29.0500', '-118.2800')).to.deep.equal([]);
    expect(await coords('18.5000', '-88.3000')).to.deep.equal([]);
  });

  it('checks SCIAN code, tier, e-mail, phone and INEGI code formats', async () => {
    const one = async (col: string, value: string) => brief((await third({ [col]: value })).errors);
    expect(await one('SCIAN', '1')).to.deep.equal([[3, 'SCIAN', 'sectorCode', { value: '1' }]]);
    expect(await one('SCIAN', '1112199')).to.deep.equal([[3, 'SCIAN', 'sectorCode', { value: '1112199' }]]);
    expect(await one('Nivel', '0')).to.deep.equal([[3, 'Nivel', 'tierInvalid', { value: '0' }]]);
    expect(await one('Correo', 'compras@')).to.deep.equal([[3, 'Correo', 'emailInvalid', { value: 'compras@' }]]);
    expect(await one('Teléfono', '123')).to.deep.equal([[3, 'Teléfono', 'phoneInvalid', { value: '123' }]]);
    expect(await one('Clave INEGI', '33')).to.deep.equal([[3, 'Clave INEGI', 'territoryCodeInvalid', { value: '33' }]]);
    expect(await one('Clave INEGI', '123')).to.deep.equal([[3, 'Clave INEGI', 'territoryCodeInvalid', { value: '123' }]]);
  });

  it('restores the leading zero Excel drops from INEGI codes', async () => {
    const r = await third({ 'Clave INEGI': '9010', Estado: '', Municipio: '' });
    expect(r.suppliers[1].sites[0].territory).to.deep.equal({ state: null, municipality: null, code: '09010' });
    const state = await third({ 'Clave INEGI': '9', Estado: '' });
    expect(state.suppliers[1].sites[0].territory.code).to.equal('09');
  });

  it('requires a state or INEGI code when a row has site data, and allows a row without a site', async () => {
    expect(brief((await third({ Estado: '' })).errors)).to.deep.equal([[3, 'Estado', 'locationRequired', {}]]);
    const noSite = await third({ Sitio: '', Estado: '', Municipio: '', Trabajadores: '' });
    expect(noSite.errors).to.deep.equal([]);
    expect(noSite.suppliers[1].sites).to.deep.equal([]);
  });

  it('rejects unknown activities, listing the allowed ones', async () => {
    const r = await third({ Actividades: 'cosecha; juegos' });
    expect(r.errors).to.have.length(1);
    expect(r.errors[0]).to.deep.include({ row: 3, column: 'Actividades', code: 'imports.errors.activityUnknown' });
    expect(r.errors[0].params.value).to.equal('juegos');
    expect(r.errors[0].params.allowed).to.contain('cosecha (harvest)').and.contain('trabajo a domicilio (home_based_work)');
  });

  it('limits text length and list size', async () => {
    const long = 'A'.repeat(301);
    expect(brief((await third({ 'Razón social': long })).errors)).to.deep.equal([[3, 'Razón social', 'tooLong', { max: 300, length: 301 }]]);
    const many = Array.from({ length: 51 }, (_, i) => `p${i}`).join(';');
    expect(brief((await third({ Productos: many })).errors)).to.deep.equal([[3, 'Productos', 'tooManyItems', { max: 50, count: 51 }]]);
  });

  it('flags a CSV row with more values than headers (an unquoted separator)', async () => {
    const text = 'Razón social,RFC,Estado\r\nAgrícola El Sol, S.A.,AES010203AB4,Michoacán\r\n';
    const r = await parseSupplierImport(Buffer.from(text));
    expect(brief(r.errors)).to.deep.equal([[2, null, 'tooManyCells', { expected: 3, found: 4 }]]);
    const es = await importsTranslator('es-MX');
    expect(formatIssue(es, r.errors[0])).to.match(/^Fila 2: la fila tiene datos en 4 columnas, pero el encabezado tiene 3\./);
  });

  it('lists several errors of one row in column order', async () => {
    const r = await third({ Correo: 'x', RFC: 'ABC12', Mujeres: '500' });
    expect(r.errors.map((e) => e.column)).to.deep.equal(['RFC', 'Correo', 'Mujeres']);
    expect(r.stats).to.deep.equal({ rows: 2, validRows: 1, suppliers: 1, sites: 1 });
  });
});
