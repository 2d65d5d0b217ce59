import { expect } from 'chai';
import { detectDelimiter, parseCsv } from '../../../server/suppliers/import/csv.ts';
import type { RawSheet, SheetResult } from '../../../server/suppliers/import/sheet.ts';

function sheetOf(r: SheetResult): RawSheet {
  if (!r.ok) throw new Error(`expected a sheet, got ${JSON.stringify(r.errors)}`);
  return r.sheet;
}

describe('import csv', () => {
  it('detects the separator from the header line, ignoring separators inside quotes', () => {
    expect(detectDelimiter('Razón social;RFC;Sitio\na,b;c;d')).to.deep.equal({ delimiter: ';', sepLine: false });
    expect(detectDelimiter('Razón social,RFC\n"x;y;z",1')).to.deep.equal({ delimiter: ',', sepLine: false });
    expect(detectDelimiter('"Nombre, legal";RFC\n')).to.deep.equal({ delimiter: ';', sepLine: false });
    expect(detectDelimiter('RFC\tSitio\tEstado\n')).to.deep.equal({ delimiter: '\t', sepLine: false });
    expect(detectDelimiter('\n\nRFC;Sitio\n')).to.deep.equal({ delimiter: ';', sepLine: false });
    expect(detectDelimiter('RFC\n')).to.deep.equal({ delimiter: ',', sepLine: false });
  });

  it("honours Excel's sep= hint line and does not count it as a row", () => {
    const sheet = sheetOf(parseCsv('sep=;\r\nRFC;Sitio\r\nAES010203AB4;Rancho, Norte\r\n', 10));
    expect(sheet.headers).to.deep.equal(['RFC', 'Sitio']);
    expect(sheet.rows).to.deep.equal([{ row: 2, cells: ['AES010203AB4', 'Rancho, Norte'] }]);
  });

  it('keeps spreadsheet row numbers across quoted line breaks and skipped blank rows', () => {
    const text = 'A,B\n"uno\ndos\ntres",x\n\n , \n"4",y\n';
    const sheet = sheetOf(parseCsv(text, 10));
    expect(sheet.headerRow).to.equal(1);
    // Record 2 spans three lines; records 3 (empty) and 4 (spaces only) are skipped but counted.
    expect(sheet.rows).to.deep.equal([
      { row: 2, cells: ['uno\ndos\ntres', 'x'] },
      { row: 5, cells: ['4', 'y'] },
    ]);
  });

  it('trims cells and drops trailing empty headers', () => {
    const sheet = sheetOf(parseCsv('  RFC ; Sitio ;;\n  X  ;  Y  ;;\n', 10));
    expect(sheet.headers).to.deep.equal(['RFC', 'Sitio']);
    expect(sheet.rows[0].cells).to.deep.equal(['X', 'Y', '', '']);
  });

  it('finds the header below leading blank rows and numbers from there', () => {
    const sheet = sheetOf(parseCsv('\n\nRFC,Sitio\nX,Y\n', 10));
    expect(sheet.headerRow).to.equal(3);
    expect(sheet.rows).to.deep.equal([{ row: 4, cells: ['X', 'Y'] }]);
  });

  it('reports an unclosed quote as a file error naming the row where it starts', () => {
    const r = parseCsv('RFC,Sitio\nX,Y\nZ,"sin cerrar\nW,V\n', 10);
    expect(r.ok).to.equal(false);
    if (r.ok) return;
    expect(r.errors).to.deep.equal([{ row: null, column: null, field: null, code: 'imports.errors.csvMalformed', params: { row: 3 } }]);
  });

  it('rejects more data rows than the limit, counting only non-blank rows', () => {
    const text = 'RFC\n1\n\n2\n3\n';
    expect(parseCsv(text, 3).ok).to.equal(true);
    const r = parseCsv(text, 2);
    expect(r.ok).to.equal(false);
    if (r.ok) return;
    expect(r.errors[0].code).to.equal('imports.errors.tooManyRows');
    expect(r.errors[0].params).to.deep.equal({ count: 3, max: 2 });
  });

  it('reports a file with only blank lines as having no header', () => {
    const r = parseCsv('\n ; \n', 10);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.errors[0].code).to.equal('imports.errors.noHeader');
  });
});
