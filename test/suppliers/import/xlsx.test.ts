import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { cellText, parseXlsx } from '../../../server/suppliers/import/xlsx.ts';
import type { RawSheet, SheetResult } from '../../../server/suppliers/import/sheet.ts';

function sheetOf(r: SheetResult): RawSheet {
  if (!r.ok) throw new Error(`expected a sheet, got ${JSON.stringify(r.errors)}`);
  return r.sheet;
}

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('import xlsx', () => {
  it('normalises cell values: rich text, formula results, dates, numbers, links, errors', () => {
    expect(cellText({ richText: [{ text: 'Agrícola ' }, { text: 'El Sol', font: { bold: true } }] })).to.equal('Agrícola El Sol');
    expect(cellText({ formula: 'A1+A2', result: 57 } as ExcelJS.CellFormulaValue)).to.equal('57');
    expect(cellText({ formula: 'UPPER(A1)', result: 'AES010203AB4' } as ExcelJS.CellFormulaValue)).to.equal('AES010203AB4');
    expect(cellText({ sharedFormula: 'B2', result: 3 } as ExcelJS.CellSharedFormulaValue)).to.equal('3');
    expect(cellText(new Date(Date.UTC(2024, 2, 15)))).to.equal('2024-03-15');
    expect(cellText(new Date(Date.UTC(2024, 2, 15, 8, 30)))).to.equal('2024-03-15T08:30:00');
    expect(cellText(19.4326)).to.equal('19.4326');
    expect(cellText(-99.1332)).to.equal('-99.1332');
    expect(cellText(120)).to.equal('120');
    expect(cellText({ text: 'compras@ejemplo.mx', hyperlink: 'mailto:compras@ejemplo.mx' })).to.equal('compras@ejemplo.mx');
    expect(cellText({ error: '#REF!' } as ExcelJS.CellErrorValue)).to.equal('#REF!');
    expect(cellText(null)).to.equal('');
    expect(cellText('  Rancho  ')).to.equal('Rancho');
  });

  it("reads the sheet named 'Proveedores' even when another sheet comes first", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Instrucciones').addRow(['Lea esto primero']);
    const ws = wb.addWorksheet('Proveedores');
    ws.addRow(['Razón social', 'RFC', 'Trabajadores', 'Fecha de alta']);
    ws.addRow([{ richText: [{ text: 'Agrícola ' }, { text: 'El Sol' }] }, 'AES010203AB4', { formula: '40+17', result: 57 }, new Date(Date.UTC(2023, 0, 9))]);
    ws.addRow([]);
    ws.getCell('A5').value = 'Otra';
    const r = await parseXlsx(await bytesOf(wb), 100);
    const sheet = sheetOf(r);
    expect(r.ok && r.details.sheet).to.equal('Proveedores');
    expect(sheet.headers).to.deep.equal(['Razón social', 'RFC', 'Trabajadores', 'Fecha de alta']);
    expect(sheet.rows).to.deep.equal([
      { row: 2, cells: ['Agrícola El Sol', 'AES010203AB4', '57', '2023-01-09'] },
      { row: 5, cells: ['Otra', '', '', ''] },
    ]);
  });

  it('falls back to the first visible data worksheet, and accepts an English sheet name', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Hidden', { state: 'hidden' }).addRow(['x']);
    wb.addWorksheet('Instrucciones').addRow(['Cómo llenar la plantilla']);
    wb.addWorksheet('Hoja1').addRow(['RFC']);
    const r1 = await parseXlsx(await bytesOf(wb), 10);
    expect(r1.ok && r1.details.sheet).to.equal('Hoja1');
    wb.addWorksheet('Suppliers').addRow(['Tax ID']);
    const r2 = await parseXlsx(await bytesOf(wb), 10);
    expect(r2.ok && r2.details.sheet).to.equal('Suppliers');
  });

  it('keeps the real row numbers when the header is not on row 1', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Proveedores');
    ws.getCell('A3').value = 'RFC';
    ws.getCell('A4').value = 'AES010203AB4';
    const sheet = sheetOf(await parseXlsx(await bytesOf(wb), 10));
    expect(sheet.headerRow).to.equal(3);
    expect(sheet.rows).to.deep.equal([{ row: 4, cells: ['AES010203AB4'] }]);
  });

  it('reports a damaged workbook and an over-long one as file errors', async () => {
    const broken = await parseXlsx(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 10);
    expect(!broken.ok && broken.errors[0].code).to.equal('imports.errors.xlsxUnreadable');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Proveedores');
    ws.addRow(['RFC']);
    for (let i = 0; i < 4; i++) ws.addRow([`R${i}`]);
    const long = await parseXlsx(await bytesOf(wb), 3);
    expect(!long.ok && long.errors[0].params).to.deep.equal({ count: 4, max: 3 });
  });
});
