import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { parseSupplierImport, sniffFormat } from '../../../server/suppliers/import/parse.ts';
import { checkInflatedSize } from '../../../server/suppliers/import/zip-guard.ts';
import { formatIssue } from '../../../server/suppliers/import/issues.ts';
import { baseRow, csvBytes, fixture, importsTranslator } from './support.ts';

describe('import parse (end to end)', () => {
  it('reads a Windows-1252, semicolon-separated Excel CSV with accents intact', async () => {
    const r = await parseSupplierImport(fixture('sites-win1252-semicolon.csv'));
    expect(r).to.deep.include({ ok: true, format: 'csv', encoding: 'windows-1252', delimiter: ';' });
    expect(r.suppliers.map((s) => [s.key, s.legalName, s.sites[0].name, s.sites[0].territory])).to.deep.equal([
      ['EQU010203AB2', 'Empacadora Querétaro, S.A. de C.V.', 'Planta Querétaro', { state: 'Querétaro', municipality: 'Querétaro', code: '22014' }],
      ['PRV-7', 'Pesquera del Golfo de California', 'Muelle Peñasco', { state: 'Sonora', municipality: 'Puerto Peñasco', code: '26048' }],
      ['TAO950101XX5', 'Textiles Álvaro Obregón', 'Taller Álvaro Obregón', { state: 'Ciudad de México', municipality: 'Álvaro Obregón', code: '09010' }],
    ]);
    expect(r.suppliers[2].sites[0].activities).to.deep.equal(['manufacturing', 'home_based_work']);
    expect(r.suppliers[2].sites[0].workforce).to.deep.include({ total: 12, women: 9, adolescents: 1 });
  });

  it('reads a UTF-8 BOM, comma-separated file with English headers', async () => {
    const r = await parseSupplierImport(fixture('sites-utf8-bom-comma.csv'));
    expect(r).to.deep.include({ ok: true, encoding: 'utf-8-bom', delimiter: ',' });
    expect(r.suppliers).to.have.length(1);
    const [s] = r.suppliers;
    expect(s.legalName).to.equal('Berries del Valle, S.A. de C.V.');
    expect(s.commodities).to.deep.equal(['strawberries', 'raspberries', 'blueberries']);
    expect(s.sites.map((x) => [x.row, x.name, x.latitude, x.longitude, x.workforce.seasonal, x.activities])).to.deep.equal([
      [2, 'Rancho Norte', 30.5605, -115.9417, 150, ['harvest', 'packing']],
      [3, 'Empaque Sur', 30.48, -115.95, 20, ['packing']],
    ]);
  });

  it("reads Excel's UTF-16 'Unicode text' (tab-separated)", async () => {
    const r = await parseSupplierImport(fixture('sites-utf16le-tab.txt'));
    expect(r).to.deep.include({ ok: true, encoding: 'utf-16le', delimiter: 'tab' });
    expect(r.suppliers[0]).to.deep.include({ key: 'CTA990615N12', legalName: 'Café de Tapachula SPR' });
    expect(r.suppliers[0].sites[0]).to.deep.include({ name: 'Finca La Ñora' });
  });

  it('keeps row numbers right after a quoted multi-line address and a blank row', async () => {
    const r = await parseSupplierImport(fixture('sites-quoted-newlines.csv'));
    expect(r.errors.map((e) => [e.row, e.column, e.code])).to.deep.equal([[4, 'Trabajadores', 'imports.errors.notInteger']]);
    expect(r.stats).to.deep.equal({ rows: 2, validRows: 1, suppliers: 0, sites: 0 });
    const ok = await parseSupplierImport(Buffer.from(fixture('sites-quoted-newlines.csv').toString('utf8').replace(',abc', ',20')));
    expect(ok.errors).to.deep.equal([]);
    expect(ok.suppliers[0].sites[0].address).to.equal('Camino a la presa s/n\nCol. Centro\nCP 50960');
    expect(ok.suppliers[0].sites[1].address).to.equal('Km 4, "El Llano"');
    expect(ok.suppliers[0].sites.map((s) => s.row)).to.deep.equal([2, 4]);
  });

  it('reads an XLSX with numbers, formulas and rich text the same way', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Proveedores');
    ws.addRow(['Razón social', 'RFC', 'Sitio', 'Clave INEGI', 'Latitud', 'Longitud', 'Trabajadores', 'Mujeres', 'Correo']);
    ws.addRow([
      { richText: [{ text: 'Agrícola ' }, { text: 'El Sol' }] },
      'AES010203AB4',
      'Rancho Uno',
      16108,
      19.9856,
      -102.2839,
      { formula: 'SUM(60,40)', result: 100 },
      60,
      { text: 'compras@ejemplo.mx', hyperlink: 'mailto:compras@ejemplo.mx' },
    ]);
    ws.addRow([]);
    ws.addRow(['Textiles AO', 'TAO950101XX5', 'Taller', 9010, null, null, 12, 20]);
    const r = await parseSupplierImport(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(r).to.deep.include({ format: 'xlsx', sheetName: 'Proveedores', encoding: null });
    expect(r.errors.map((e) => [e.row, e.column, e.code, e.params])).to.deep.equal([
      [4, 'Mujeres', 'imports.errors.exceedsTotal', { value: 20, total: 12 }],
    ]);
    expect(r.suppliers).to.have.length(1);
    expect(r.suppliers[0]).to.deep.include({ legalName: 'Agrícola El Sol', contactEmail: 'compras@ejemplo.mx' });
    expect(r.suppliers[0].sites[0]).to.deep.include({ latitude: 19.9856, longitude: -102.2839 });
    expect(r.suppliers[0].sites[0].workforce).to.deep.include({ total: 100, women: 60 });
    expect(r.suppliers[0].sites[0].territory.code).to.equal('16108');
  });

  it('rejects a file over the size limit before reading it', async () => {
    const bytes = csvBytes([baseRow()]);
    const r = await parseSupplierImport(bytes, { limits: { maxFileBytes: 100 } });
    expect(r.errors).to.deep.equal([
      { row: null, column: null, field: null, code: 'imports.errors.fileTooLarge', params: { sizeMb: 0, maxMb: 0 } },
    ]);
    const big = await parseSupplierImport(Buffer.alloc(33 * 1024 * 1024, 0x41));
    expect(big.errors[0].params).to.deep.equal({ sizeMb: 33, maxMb: 32 });
    const es = await importsTranslator('es-MX');
    expect(formatIssue(es, big.errors[0])).to.equal('El archivo pesa 33 MB; el máximo es 32 MB. Divida la lista en varios archivos.');
  });

  it('rejects more rows than the limit, for CSV and XLSX', async () => {
    const rows = [baseRow(), baseRow({ Sitio: 'B' }), baseRow({ Sitio: 'C' })];
    const csv = await parseSupplierImport(csvBytes(rows), { limits: { maxRows: 2 } });
    expect(csv.errors.map((e) => [e.code, e.params])).to.deep.equal([['imports.errors.tooManyRows', { count: 3, max: 2 }]]);
    const es = await importsTranslator('es-MX');
    expect(formatIssue(es, csv.errors[0])).to.equal(
      'El archivo tiene 3 filas con datos; el máximo por archivo es 2. Divida la lista en varios archivos.',
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Proveedores');
    ws.addRow(['Razón social', 'RFC']);
    for (let i = 0; i < 3; i++) ws.addRow(['X', 'AES010203AB4']);
    const xlsx = await parseSupplierImport(new Uint8Array(await wb.xlsx.writeBuffer()), { limits: { maxRows: 2 } });
    expect(xlsx.errors.map((e) => e.code)).to.deep.equal(['imports.errors.tooManyRows']);
  });

  it('guards against XLSX files that expand beyond the limit', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Proveedores').addRow(['Razón social', 'RFC']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(await checkInflatedSize(bytes, 10_000_000)).to.equal('ok');
    expect(await checkInflatedSize(bytes, bytes.length)).to.equal('tooLarge');
    const r = await parseSupplierImport(bytes, { limits: { maxXlsxUncompressedBytes: bytes.length } });
    expect(r.errors.map((e) => e.code)).to.deep.equal(['imports.errors.xlsxTooLarge']);
    expect(await checkInflatedSize(Buffer.from('not a zip'), 1000)).to.equal('unreadable');
  });

  it('counts the bytes actually inflated, not the sizes a crafted XLSX declares', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Proveedores');
    ws.addRow(['Razón social', 'RFC']);
    ws.addRow([' '.repeat(4_000_000), 'AES010203AB4']);
    const bytes = lieAboutSizes(new Uint8Array(await wb.xlsx.writeBuffer()), 64);
    const r = await parseSupplierImport(bytes, { limits: { maxXlsxUncompressedBytes: 1_000_000 } });
    expect(r.errors.map((e) => e.code)).to.deep.equal(['imports.errors.xlsxTooLarge']);
  });

  it('names missing columns and stops before reading rows', async () => {
    const r = await parseSupplierImport(csvBytes([{ Sitio: 'x' }], ['Sitio', 'Estado', 'Notas']));
    expect(r.errors.map((e) => [e.code, e.params])).to.deep.equal([
      ['imports.errors.missingColumns', { columns: 'Razón social, RFC / ID externo', count: 2 }],
    ]);
    expect(r.warnings.map((w) => [w.code, w.params])).to.deep.equal([['imports.warnings.unknownColumns', { columns: 'Notas' }]]);
    const en = await importsTranslator('en');
    expect(formatIssue(en, r.errors[0])).to.equal(
      'Required columns are missing: Razón social, RFC / ID externo. Download the template to see the expected headers.',
    );
  });

  it('rejects empty files, legacy .xls and unreadable workbooks by content', async () => {
    expect((await parseSupplierImport(new Uint8Array())).errors[0].code).to.equal('imports.errors.fileEmpty');
    expect((await parseSupplierImport(Buffer.from('\uFEFF \r\n', 'utf8'))).errors[0].code).to.equal('imports.errors.fileEmpty');
    const xls = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(sniffFormat(xls)).to.equal('xls');
    expect((await parseSupplierImport(xls)).errors[0].code).to.equal('imports.errors.legacyXls');
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]);
    expect((await parseSupplierImport(zip)).errors[0].code).to.equal('imports.errors.xlsxUnreadable');
  });
});

/** Rewrites every declared uncompressed size (central directory and local headers) to `size`, as a zip bomb would. */
function lieAboutSizes(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer);
  for (let i = 0; i + 46 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x02014b50) view.setUint32(i + 24, size, true);
    else if (sig === 0x04034b50) view.setUint32(i + 22, size, true);
  }
  return out;
}
