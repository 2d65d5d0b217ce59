import { expect } from 'chai';
import iconv from 'iconv-lite';
import { defaultScale } from '../../server/risk-datasets/risk-dataset.scale.ts';
import { readCsv } from '../../server/risk-datasets/risk-dataset.sheet.ts';
import { normaliseCode, parseNumber, validateDataset } from '../../server/risk-datasets/risk-dataset.validate.ts';

const known = {
  state: new Set(['07', '09', '15']),
  municipality: new Set(['07089', '07101', '15001', '15002', '15114']),
};
const csv = (text: string) => readCsv(new TextEncoder().encode(text));
const check = (text: string, scale = defaultScale()) => validateDataset(csv(text), { country: 'MX', scale, known });
const E = (name: string) => `riskDatasets.errors.${name}`;

describe('risk dataset rows', () => {
  it('reports every bad row with the row number the spreadsheet shows', () => {
    const text = [
      'country,level,code,risk_index,risk_level,weight_migration', // row 1
      'MX,state,07,0.2,high,0.5', //                              2: fine
      'MX,municipality,99999,0.1,low,', //                        3: unknown code
      'MX,state,07,0.3,medium,', //                               4: duplicate of row 2
      'MX,municipality,,0.1,low,', //                             5: no code
      'MX,municipality,07089,abc,low,', //                        6: index not a number
      'MX,municipality,07101,0.1,extreme,', //                    7: level not in the scale
      'MX,state,07089,0.1,low,', //                               8: 5 digits for a state
      'US,municipality,15114,0.2,low,', //                        9: another country
      '', //                                                      10: blank, skipped but counted
      'MX,municipality,15001,0.2,low,lots', //                    11: weight not a number
      'MX,county,15002,0.1,low,', //                              12: unknown level
    ].join('\n');
    const r = check(text);
    expect(r.issues).to.deep.equal([
      { row: 3, field: 'code', key: E('unknownCode'), params: { code: '99999', level: 'municipality' } },
      { row: 4, field: 'code', key: E('duplicateCode'), params: { code: '07', firstRow: 2 } },
      { row: 5, field: 'code', key: E('missingValue'), params: { column: 'code' } },
      { row: 6, field: 'risk_index', key: E('nonNumericIndex'), params: { value: 'abc' } },
      { row: 7, field: 'risk_level', key: E('unknownRiskLevel'), params: { value: 'extreme', allowed: 'low, medium, high' } },
      { row: 8, field: 'code', key: E('codeLengthMismatch'), params: { code: '07089', level: 'state', expected: 2 } },
      { row: 9, field: 'country', key: E('wrongCountry'), params: { expected: 'MX', found: 'US' } },
      { row: 11, field: 'weight_migration', key: E('nonNumericWeight'), params: { factor: 'migration', value: 'lots' } },
      { row: 12, field: 'level', key: E('unknownLevel'), params: { value: 'county' } },
    ]);
  });

  it('reports several problems of one row, and header problems on row 1', () => {
    expect(check('country,level,code,risk_index,risk_level\nMX,,07,x,\n').issues).to.deep.equal([
      { row: 2, field: 'level', key: E('missingValue'), params: { column: 'level' } },
      { row: 2, field: 'risk_level', key: E('missingValue'), params: { column: 'risk_level' } },
      { row: 2, field: 'risk_index', key: E('nonNumericIndex'), params: { value: 'x' } },
    ]);
    expect(check('country,level,code,code,risk_index,weight_Bad-Name\n').issues).to.deep.equal([
      { row: 1, field: 'code', key: E('duplicateColumn'), params: { column: 'code' } },
      { row: 1, field: 'weight_bad-name', key: E('invalidWeightColumn'), params: { column: 'weight_bad-name' } },
      { row: 1, field: 'risk_level', key: E('missingColumn'), params: { column: 'risk_level' } },
    ]);
    expect(check('').issues).to.deep.equal([{ row: 1, field: 'file', key: E('emptyFile') }]);
    expect(check('country,level,code,risk_index,risk_level\n\n').issues).to.deep.equal([{ row: 2, field: 'file', key: E('noRows') }]);
  });

  it('accepts what spreadsheets do to the values', () => {
    const text =
      '\uFEFFCountry;Level;Code;Risk_Index;Risk_Level;Nombre;weight_escolaridad\r\n' +
      'mx;Estado;7;;ALTO;Chiapas;\r\n' +
      "MX;municipio;7089;0,143;medio;Tapachula;0,3\r\n" +
      "MX;Municipality;'07101;1e-1;Bajo;Tuxtla;\r\n";
    const scale = defaultScale(['bajo', 'medio', 'alto']);
    const r = check(text, scale);
    expect(r.issues).to.deep.equal([]);
    expect(r.ignoredColumns).to.deep.equal(['Nombre']);
    expect(r.factors).to.deep.equal(['escolaridad']);
    expect(r.values).to.deep.equal([
      { row: 2, level: 'state', code: '07', riskIndex: null, riskLevel: 'alto', score: 0.9, factorWeights: null },
      { row: 3, level: 'municipality', code: '07089', riskIndex: 0.143, riskLevel: 'medio', score: 0.55, factorWeights: { escolaridad: 0.3 } },
      { row: 4, level: 'municipality', code: '07101', riskIndex: 0.1, riskLevel: 'bajo', score: 0.2, factorWeights: null },
    ]);
  });

  it('reads Windows-1252 files as Excel writes them', () => {
    const bytes = iconv.encode('country,level,code,risk_index,risk_level\nMX,state,09,,medio\n', 'win1252');
    const r = validateDataset(readCsv(bytes), { country: 'MX', scale: defaultScale(['bajo', 'medio', 'alto']), known });
    expect(r.values.map((v) => v.riskLevel)).to.deep.equal(['medio']);
    const accented = readCsv(iconv.encode('a,b\nQuerétaro,Ñuu Savi\n', 'win1252'));
    expect(accented.rows[0].cells).to.deep.equal(['Querétaro', 'Ñuu Savi']);
  });

  it('numbers and codes', () => {
    expect([parseNumber('0.35'), parseNumber('0,35'), parseNumber(' -2 '), parseNumber('.5'), parseNumber('3.5e-1')]).to.deep.equal([0.35, 0.35, -2, 0.5, 0.35]);
    expect([parseNumber(''), parseNumber('35%'), parseNumber('NaN'), parseNumber('1.000,5'), parseNumber('Infinity')]).to.deep.equal([null, null, null, null, null]);
    expect([normaliseCode('7', 'state'), normaliseCode('7089', 'municipality'), normaliseCode("'07089", 'municipality')]).to.deep.equal(['07', '07089', '07089']);
    // More than one digit missing is not guessed.
    expect(normaliseCode('789', 'municipality')).to.equal('789');
  });
});
