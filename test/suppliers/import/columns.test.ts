import { expect } from 'chai';
import { activityForLabel, SITE_ACTIVITIES } from '../../../server/suppliers/import/activities.ts';
import { fieldForHeader, IMPORT_FIELDS, mapColumns } from '../../../server/suppliers/import/columns.ts';
import { ERR, WARN } from '../../../server/suppliers/import/issues.ts';
import { importsResources, type Locale } from './support.ts';

describe('import columns', () => {
  it('maps Spanish and English headers regardless of case, accents and punctuation', () => {
    expect(fieldForHeader('Razón social')).to.equal('legal_name');
    expect(fieldForHeader('RAZON SOCIAL')).to.equal('legal_name');
    expect(fieldForHeader('legal_name')).to.equal('legal_name');
    expect(fieldForHeader('Nombre comercial')).to.equal('trade_name');
    expect(fieldForHeader('trade_name')).to.equal('trade_name');
    expect(fieldForHeader('rfc')).to.equal('tax_id');
    expect(fieldForHeader('TAX_ID')).to.equal('tax_id');
    expect(fieldForHeader('Id Externo')).to.equal('external_id');
    expect(fieldForHeader('scian')).to.equal('sector_code');
    expect(fieldForHeader('Productos')).to.equal('commodities');
    expect(fieldForHeader('Nivel')).to.equal('tier');
    expect(fieldForHeader('Proveedor padre (RFC o ID)')).to.equal('parent');
    expect(fieldForHeader('Correo electrónico')).to.equal('contact_email');
    expect(fieldForHeader('Telefono')).to.equal('contact_phone');
    expect(fieldForHeader('Dirección')).to.equal('address');
    expect(fieldForHeader('clave inegi')).to.equal('territory_code');
    expect(fieldForHeader('Adolescentes 15-17')).to.equal('workforce_adolescents');
    expect(fieldForHeader('adolescentes (15 - 17)')).to.equal('workforce_adolescents');
    expect(fieldForHeader('INDIGENAS')).to.equal('workforce_indigenous');
    expect(fieldForHeader('Trabajo familiar')).to.equal('workforce_family');
    expect(fieldForHeader(' Subcontratados ')).to.equal('workforce_subcontracted');
    expect(fieldForHeader('Razón social *')).to.equal('legal_name');
    expect(fieldForHeader('Comentarios')).to.equal(null);
  });

  it('maps every label of both locale files back to its field (template round-trip)', () => {
    for (const locale of ['es-MX', 'en'] as Locale[]) {
      const columns = (importsResources(locale) as { imports: { columns: Record<string, { label: string }> } }).imports.columns;
      for (const field of IMPORT_FIELDS) expect(fieldForHeader(columns[field].label), `${locale} ${field}`).to.equal(field);
    }
  });

  it('maps activity labels in Spanish and English, and every locale label', () => {
    expect(activityForLabel('Cosecha')).to.equal('harvest');
    expect(activityForLabel('empaque')).to.equal('packing');
    expect(activityForLabel('MANUFACTURA')).to.equal('manufacturing');
    expect(activityForLabel('Trabajo a domicilio')).to.equal('home_based_work');
    expect(activityForLabel('home_based_work')).to.equal('home_based_work');
    expect(activityForLabel('Ladrillera')).to.equal('brick_making');
    expect(activityForLabel('juegos')).to.equal(null);
    for (const locale of ['es-MX', 'en'] as Locale[]) {
      const labels = (importsResources(locale) as { imports: { activities: Record<string, string> } }).imports.activities;
      for (const a of SITE_ACTIVITIES) expect(activityForLabel(labels[a]), `${locale} ${a}`).to.equal(a);
    }
  });

  it('records the header text per field and warns about unknown and unnamed columns', () => {
    const m = mapColumns(['RFC', 'Razón social', '', 'Comentarios', 'Color favorito', 'Estado']);
    expect(m.errors).to.deep.equal([]);
    expect(m.columns.map((c) => [c.index, c.field])).to.deep.equal([
      [0, 'tax_id'],
      [1, 'legal_name'],
      [5, 'state'],
    ]);
    expect(m.headerOf).to.deep.equal({ tax_id: 'RFC', legal_name: 'Razón social', state: 'Estado' });
    expect(m.warnings.map((w) => [w.code, w.params])).to.deep.equal([
      [WARN.unnamedColumn, { column: 'C' }],
      [WARN.unknownColumns, { columns: 'Comentarios, Color favorito' }],
    ]);
  });

  it('names the missing required columns in one file-level error', () => {
    const m = mapColumns(['Sitio', 'Estado']);
    expect(m.errors).to.deep.equal([
      { row: null, column: null, field: null, code: ERR.missingColumns, params: { columns: 'Razón social, RFC / ID externo', count: 2 } },
    ]);
    expect(mapColumns(['Razón social', 'ID externo']).errors).to.deep.equal([]);
    expect(mapColumns(['RFC']).errors[0].params).to.deep.equal({ columns: 'Razón social', count: 1 });
  });

  it('rejects two columns that mean the same field', () => {
    const m = mapColumns(['Razón social', 'RFC', 'Legal name']);
    expect(m.errors).to.deep.equal([
      { row: null, column: null, field: null, code: ERR.duplicateColumn, params: { column: 'Legal name', other: 'Razón social' } },
    ]);
  });
});
