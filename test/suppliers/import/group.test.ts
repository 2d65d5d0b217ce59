import { expect } from 'chai';
import { parseSupplierImport } from '../../../server/suppliers/import/parse.ts';
import { formatIssue, type ImportIssue } from '../../../server/suppliers/import/issues.ts';
import { baseRow, csvBytes, importsTranslator } from './support.ts';

const parseRows = (rows: Record<string, string>[]) => parseSupplierImport(csvBytes(rows));
const brief = (issues: ImportIssue[]) => issues.map((i) => [i.row, i.column, i.code.replace(/^imports\.\w+\./, ''), i.params]);

describe('import grouping of suppliers and sites', () => {
  it('makes one supplier with one site per row; later rows may leave supplier fields blank', async () => {
    const r = await parseRows([
      baseRow({ Productos: 'fresa', SCIAN: '111219' }),
      baseRow({ 'Razón social': '', Sitio: 'Rancho Dos', Municipio: 'Jacona', Productos: 'zarzamora; Fresa' }),
      baseRow({ RFC: 'CFE370814QI0', 'Razón social': 'Comisión Federal de Electricidad', Sitio: 'Planta' }),
      baseRow({ 'Razón social': 'AGRÍCOLA EL SOL,  S.A. DE C.V.', Sitio: 'Empaque', Contacto: 'Ana' }),
    ]);
    expect(r.errors).to.deep.equal([]);
    expect(r.suppliers.map((s) => [s.key, s.rows, s.sites.map((x) => [x.row, x.name])])).to.deep.equal([
      ['AES010203AB4', [2, 3, 5], [[2, 'Rancho Uno'], [3, 'Rancho Dos'], [5, 'Empaque']]],
      ['CFE370814QI0', [4], [[4, 'Planta']]],
    ]);
    const sol = r.suppliers[0];
    // The first spelling is kept; a value first given on a later row is taken from it.
    expect(sol.legalName).to.equal('Agrícola El Sol, S.A. de C.V.');
    expect(sol.contactName).to.equal('Ana');
    expect(sol.sectorCode).to.equal('111219');
    expect(sol.commodities).to.deep.equal(['strawberries', 'blackberries']);
    expect(r.stats).to.deep.equal({ rows: 4, validRows: 4, suppliers: 2, sites: 4 });
  });

  it('joins a row that has only the external ID to the RFC that another row pairs it with', async () => {
    const r = await parseRows([
      { 'ID externo': 'prv-1', Sitio: 'Bodega', Estado: 'Jalisco' },
      baseRow({ 'ID externo': 'PRV-1' }),
      { 'Razón social': 'Solo ID', 'ID externo': 'PRV-2' },
    ]);
    expect(r.errors).to.deep.equal([]);
    expect(r.suppliers.map((s) => [s.key, s.keyKind, s.externalId, s.rows, s.sites.length])).to.deep.equal([
      ['AES010203AB4', 'tax_id', 'prv-1', [2, 3], 2], // first spelling kept, as for every field
      ['PRV-2', 'external_id', 'PRV-2', [4], 0],
    ]);
  });

  it('reports conflicting supplier data with both rows and leaves the supplier out', async () => {
    const r = await parseRows([
      baseRow({ Nivel: '1' }),
      baseRow({ Sitio: 'Rancho Dos', 'Razón social': 'Frutas del Sol SA', Nivel: '2' }),
      baseRow({ RFC: 'CFE370814QI0', 'Razón social': 'CFE', Sitio: 'Planta' }),
    ]);
    expect(brief(r.errors)).to.deep.equal([
      [3, 'Razón social', 'conflict', { value: 'Frutas del Sol SA', other: 'Agrícola El Sol, S.A. de C.V.', otherRow: 2 }],
      [3, 'Nivel', 'conflict', { value: '2', other: '1', otherRow: 2 }],
    ]);
    const es = await importsTranslator('es-MX');
    expect(formatIssue(es, r.errors[1])).to.equal(
      "Fila 3, columna Nivel: '2' no coincide con '1' de la fila 2 para el mismo proveedor. Deje la celda vacía o escriba el mismo valor.",
    );
    expect(r.suppliers.map((s) => s.key)).to.deep.equal(['CFE370814QI0']);
    expect(r.stats).to.deep.equal({ rows: 3, validRows: 2, suppliers: 1, sites: 1 });
  });

  it('leaves out a whole supplier when one of its rows is invalid', async () => {
    const r = await parseRows([baseRow(), baseRow({ Sitio: 'Rancho Dos', Trabajadores: 'muchos' })]);
    expect(brief(r.errors)).to.deep.equal([[3, 'Trabajadores', 'notInteger', { value: 'muchos' }]]);
    expect(r.suppliers).to.deep.equal([]);
    expect(r.ok).to.equal(false);
  });

  it('rejects one external ID used for two RFCs', async () => {
    const r = await parseRows([
      baseRow({ 'ID externo': 'PRV-1' }),
      baseRow({ RFC: 'CFE370814QI0', 'Razón social': 'CFE', 'ID externo': 'prv-1' }),
    ]);
    expect(brief(r.errors)).to.deep.equal([[3, 'ID externo', 'externalIdConflict', { value: 'prv-1', other: 'AES010203AB4', otherRow: 2 }]]);
  });

  it('rejects the same site twice for one supplier', async () => {
    const r = await parseRows([baseRow(), baseRow({ Sitio: 'rancho  uno', Municipio: 'Jacona' })]);
    expect(brief(r.errors)).to.deep.equal([[3, 'Sitio', 'duplicateSite', { value: 'rancho  uno', otherRow: 2 }]]);
  });

  it('keeps several parents and rejects a supplier named as its own parent', async () => {
    const ok = await parseRows([baseRow({ 'Proveedor padre (RFC o ID)': 'CFE370814QI0 | PRV-9; cfe370814qi0' })]);
    expect(ok.suppliers[0].parents).to.deep.equal(['CFE370814QI0', 'PRV-9']);
    const self = await parseRows([baseRow({ 'Proveedor padre (RFC o ID)': 'aes-010203-ab4' })]);
    expect(brief(self.errors)).to.deep.equal([[2, 'Proveedor padre (RFC o ID)', 'selfParent', { value: 'AES010203AB4' }]]);
  });
});
