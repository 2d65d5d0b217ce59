import { expect } from 'chai';
import Papa from 'papaparse';
import { toCsv } from '../../server/exports/csv.ts';
import type { ExportColumn } from '../../server/exports/types.ts';
import { fakeTranslator } from './support.ts';

interface Finding {
  supplier: string;
  note: string;
  score: number;
  due: Date | null;
}

const columns: ExportColumn<Finding>[] = [
  { header: 'findings.export.supplier', value: (r) => r.supplier },
  { header: 'findings.export.note', value: (r) => r.note },
  { header: 'findings.export.score', value: (r) => r.score },
  { header: 'findings.export.due', value: (r) => r.due },
];
const t = fakeTranslator({
  'findings.export.supplier': 'Proveedor',
  'findings.export.note': 'Nota',
  'findings.export.score': 'Puntaje',
  'findings.export.due': 'Fecha límite',
});

const rows: Finding[] = [
  { supplier: 'Agrícola El Sol', note: '=cmd|\' /C calc\'!A0', score: -5, due: new Date(Date.UTC(2025, 5, 30)) },
  { supplier: '@Ladrillera', note: 'dice "hola", adiós\nsegunda línea', score: 0.25, due: null },
  { supplier: '+52 55', note: '-', score: Number.NaN, due: null },
];

describe('exports toCsv', () => {
  it('writes UTF-8 with BOM, CRLF, translated headers and neutralised text', () => {
    const bytes = toCsv(rows, columns, t);
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text).to.equal(
      [
        '"Proveedor","Nota","Puntaje","Fecha límite"',
        `"Agrícola El Sol","'=cmd|' /C calc'!A0",-5,"2025-06-30"`,
        `"'@Ladrillera","dice ""hola"", adiós\nsegunda línea",0.25,`,
        `"'+52 55","'-",,`,
        '',
      ].join('\r\n'),
    );
  });

  it('round-trips through a CSV parser with numbers unquoted', () => {
    const text = toCsv(rows, columns, t, { delimiter: ';' }).toString('utf8').slice(1);
    const parsed = Papa.parse<string[]>(text.trim(), { delimiter: ';' }).data;
    expect(parsed[1]).to.deep.equal(['Agrícola El Sol', "'=cmd|' /C calc'!A0", '-5', '2025-06-30']);
    expect(parsed[2][1]).to.equal('dice "hola", adiós\nsegunda línea');
    expect(text.split('\r\n')[1]).to.contain(';-5;');
  });

  it('writes dates with time when asked', () => {
    const withTime: ExportColumn<Finding>[] = [{ header: 'findings.export.due', value: (r) => r.due, dateFormat: 'datetime' }];
    const text = toCsv([{ ...rows[0], due: new Date(Date.UTC(2025, 5, 30, 14, 5, 9)) }], withTime, t).toString('utf8');
    expect(text).to.equal('\uFEFF"Fecha límite"\r\n"2025-06-30T14:05:09Z"\r\n');
  });
});
