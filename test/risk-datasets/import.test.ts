import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import type { Database } from '../../server/db/types.ts';
import { Conflict, NotFound, ValidationFailed } from '../../server/errors.ts';
import { ensureDemoDataset } from '../../server/risk-datasets/risk-dataset.demo.ts';
import {
  activateDataset, getActiveDataset, getRiskForTerritory, importRiskDataset, listDatasets,
  listMunicipalitiesWithRisk, listStatesWithRisk, type ImportOptionsInput,
} from '../../server/risk-datasets/risk-dataset.service.ts';
import { loadTerritories } from '../../server/territories/territory.service.ts';
import { testDb } from '../support/db.ts';

const asApp = { orgId: null, userId: null };
let runs = 0;
/** Options with a name and version unique to this run, so tests never see each other's datasets. */
function options(extra: Partial<ImportOptionsInput> = {}): ImportOptionsInput {
  runs++;
  const tag = `${Date.now().toString(36)}-${runs}`;
  return { name: `Test dataset ${tag}`, version: `test-${tag}`, source: 'Vigía tests', year: 2020, licence: 'CC0', ...extra };
}
const csv = (text: string) => new TextEncoder().encode(text);

async function rejection(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => { throw new Error('expected a rejection'); },
    (e: Error) => e,
  );
}

async function counts(db: Database) {
  return db.admin(async (q) => (await q.query<{ d: number; v: number }>(
    `SELECT (SELECT count(*)::int FROM risk_datasets) AS d, (SELECT count(*)::int FROM risk_values) AS v`)).rows[0]);
}

describe('risk dataset import', () => {
  let db: Database;
  let activeBefore: string | null = null;

  before(async () => {
    db = await testDb();
    await loadTerritories(db);
    // The app's normal state (demo in use) so that these extra versions never stand in for it.
    await ensureDemoDataset(db);
    activeBefore = (await db.tx(asApp, (q) => getActiveDataset(q, 'MX')))?.id ?? null;
  });

  after(async () => {
    if (activeBefore) await activateDataset(db, activeBefore);
  });

  it('imports the documented example CSV with its factor weights', async () => {
    const file = await readFile(new URL('../fixtures/risk-datasets/example.csv', import.meta.url));
    const { dataset, ignoredColumns } = await importRiskDataset(db, { file, fileName: 'example.csv', options: options() });
    expect(ignoredColumns).to.deep.equal([]);
    expect(dataset).to.include({ country: 'MX', year: 2020, isDemo: false, isActive: false, rowCount: 6, fileName: 'example.csv', status: 'ready' });
    expect(dataset.factors).to.deep.equal(['head_schooling', 'agriculture', 'social_security']);
    expect(dataset.levelScale).to.deep.equal([{ level: 'low', score: 0.2 }, { level: 'medium', score: 0.55 }, { level: 'high', score: 0.9 }]);
    expect(dataset.fileSha256).to.match(/^[0-9a-f]{64}$/);

    const tapachula = await db.tx(asApp, (q) => getRiskForTerritory(q, dataset.id, '07089'));
    expect(tapachula).to.deep.equal({
      level: 'medium', levelRank: 1, levelCount: 3, index: 0.143, score: 0.55,
      factorWeights: { head_schooling: 0.3, agriculture: 0.45, social_security: 0.25 },
      territoryCode: '07089', territoryLevel: 'municipality', valueCode: '07089', fallback: null,
      datasetId: dataset.id, datasetName: dataset.name, datasetVersion: dataset.version, datasetYear: 2020, isDemo: false,
    });
    const edomex = await db.tx(asApp, (q) => getRiskForTerritory(q, dataset.id, '15'));
    expect(edomex).to.include({ level: 'low', index: null, score: 0.2, fallback: null, territoryLevel: 'state' });
  });

  it('imports an XLSX file with a four-level scale and numeric codes', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('CLRISK');
    ws.addRow(['country', 'level', 'code', 'risk_index', 'risk_level', 'nombre', 'weight_migration']);
    ws.addRow(['MX', 'state', 7, 0.31, 'muy alto', 'Chiapas', 0.6]);
    ws.addRow([]); // blank row 3: skipped, numbering kept
    ws.addRow(['MX', 'municipality', 7089, 0.27, 'Alto', 'Tapachula', null]);
    ws.addRow(['MX', 'municipality', '07101', { formula: '0.02*2', result: 0.04 }, 'bajo', 'Tuxtla Gutiérrez', 0.1]);
    const file = new Uint8Array(await wb.xlsx.writeBuffer());
    const levels = [
      { level: 'bajo', score: 0.1 }, { level: 'medio', score: 0.4 }, { level: 'alto', score: 0.7 }, { level: 'muy alto', score: 0.95 },
    ];
    const { dataset, ignoredColumns } = await importRiskDataset(db, { file, fileName: 'clrisk.xlsx', options: options({ levels }) });
    expect(ignoredColumns).to.deep.equal(['nombre']);
    expect(dataset.rowCount).to.equal(3);

    const states = await db.tx(asApp, (q) => listStatesWithRisk(q, dataset.id));
    expect(states).to.have.length(32);
    expect(states.find((s) => s.code === '07')!.risk).to.deep.equal({
      level: 'muy alto', levelRank: 3, levelCount: 4, index: 0.31, score: 0.95, factorWeights: { migration: 0.6 },
    });
    expect(states.filter((s) => s.risk !== null).map((s) => s.code)).to.deep.equal(['07']);
    const chiapas = await db.tx(asApp, (q) => listMunicipalitiesWithRisk(q, dataset.id, '07'));
    expect(chiapas).to.have.length(124);
    expect(chiapas.find((m) => m.code === '07089')).to.deep.include({
      name: 'Tapachula', fallback: null,
      risk: { level: 'alto', levelRank: 2, levelCount: 4, index: 0.27, score: 0.7, factorWeights: null },
    });
    expect(chiapas.find((m) => m.code === '07101')!.risk).to.include({ level: 'bajo', index: 0.04, score: 0.1 });

    const errors = new ExcelJS.Workbook();
    const bad = errors.addWorksheet('x');
    bad.addRow(['country', 'level', 'code', 'risk_index', 'risk_level']);
    bad.addRow([]);
    bad.addRow(['MX', 'municipality', 7089, 0.27, 'extremo']);
    const e = await rejection(importRiskDataset(db, {
      file: new Uint8Array(await errors.xlsx.writeBuffer()), fileName: 'bad.xlsx', options: options({ levels }),
    }));
    expect((e as ValidationFailed).issues).to.deep.equal([{
      row: 3, field: 'risk_level', key: 'riskDatasets.errors.unknownRiskLevel', params: { value: 'extremo', allowed: 'bajo, medio, alto, muy alto' },
    }]);
  });

  it('rejects a file with every problem listed by row, and writes nothing', async () => {
    const before = await counts(db);
    const text = [
      'country,level,code,risk_index,risk_level',
      'MX,state,07,0.2,high',
      'MX,municipality,07999,0.1,low', // no such municipality in Chiapas (124 of them)
      'MX,state,07,0.3,medium',
      'MX,municipality,07089,n/d,low',
      'MX,municipality,07101,0.1,very high',
      'MX,municipality,07,0.1,low',
      'GT,municipality,15114,0.2,low',
      'MX,state,09,,',
    ].join('\n');
    const e = await rejection(importRiskDataset(db, { file: csv(text), fileName: 'bad.csv', options: options() }));
    expect(e).to.be.instanceOf(ValidationFailed);
    expect((e as ValidationFailed).key).to.equal('riskDatasets.errors.importRejected');
    expect((e as ValidationFailed).issues.map((i) => [i.row, i.field, i.key.replace('riskDatasets.errors.', '')])).to.deep.equal([
      [3, 'code', 'unknownCode'],
      [4, 'code', 'duplicateCode'],
      [5, 'risk_index', 'nonNumericIndex'],
      [6, 'risk_level', 'unknownRiskLevel'],
      [7, 'code', 'codeLengthMismatch'],
      [8, 'country', 'wrongCountry'],
      [9, 'risk_level', 'missingValue'],
    ]);
    expect(await counts(db)).to.deep.equal(before);
  });

  it('leaves nothing behind when writing fails half-way', async () => {
    const before = await counts(db);
    const opts = options();
    const failing: Database = { ...db, copyRows: async () => { throw new Error('disk full'); } };
    const e = await rejection(importRiskDataset(failing, { file: csv('country,level,code,risk_index,risk_level\nMX,state,07,,high\n'), fileName: 'x.csv', options: opts }));
    expect(e.message).to.equal('disk full');
    expect(await counts(db)).to.deep.equal(before);
    const named = await db.tx(asApp, async (q) => (await listDatasets(q, 'MX')).filter((d) => d.name === opts.name));
    expect(named).to.deep.equal([]);
  });

  it('refuses bad dataset details and files it cannot read', async () => {
    const noName = await rejection(importRiskDataset(db, { file: csv('x'), fileName: 'x.csv', options: { ...options(), name: ' ' } }));
    expect((noName as ValidationFailed).issues).to.deep.equal([
      { field: 'name', key: 'riskDatasets.errors.invalidOption', params: { field: 'name' } },
    ]);
    const badScale = await rejection(importRiskDataset(db, {
      file: csv('x'), fileName: 'x.csv', options: options({ levels: [{ level: 'alto', score: 0.9 }, { level: 'bajo', score: 0.1 }] }),
    }));
    expect((badScale as ValidationFailed).issues).to.deep.equal([
      { field: 'levels', key: 'riskDatasets.errors.scaleNotIncreasing', params: { level: 'bajo', previous: 'alto' } },
    ]);
    const pdf = await rejection(importRiskDataset(db, { file: csv('%PDF'), fileName: 'ficha.pdf', options: options() }));
    expect((pdf as ValidationFailed).issues[0]).to.include({ key: 'riskDatasets.errors.unsupportedFormat' });
    const notXlsx = await rejection(importRiskDataset(db, { file: csv('not a zip'), fileName: 'x.xlsx', options: options() }));
    expect((notXlsx as ValidationFailed).issues[0]).to.include({ key: 'riskDatasets.errors.unreadableFile' });
  });

  it('numbers versions per year and refuses a version label twice', async () => {
    const file = csv('country,level,code,risk_index,risk_level\nMX,state,07,,high\n');
    const a = await importRiskDataset(db, { file, fileName: 'a.csv', options: { ...options(), version: undefined, year: 1999 } });
    const b = await importRiskDataset(db, { file, fileName: 'b.csv', options: { ...options(), version: undefined, year: 1999 } });
    expect([a.dataset.version, b.dataset.version]).to.deep.equal(['1999-1', '1999-2']);
    const again = await rejection(importRiskDataset(db, { file, fileName: 'c.csv', options: { ...options(), version: '1999-1' } }));
    expect(again).to.be.instanceOf(Conflict);
    expect((again as Conflict).params).to.deep.equal({ version: '1999-1' });
  });

  it('keeps versions side by side with exactly one in use per country', async () => {
    const file = csv('country,level,code,risk_index,risk_level\nMX,state,07,,high\n');
    const first = (await importRiskDataset(db, { file, fileName: 'a.csv', options: options() })).dataset;
    const second = (await importRiskDataset(db, { file, fileName: 'b.csv', options: options(), activate: true })).dataset;
    expect(second.isActive).to.equal(true);
    expect((await db.tx(asApp, (q) => getActiveDataset(q, 'MX')))!.id).to.equal(second.id);

    const now = await activateDataset(db, first.id);
    expect(now).to.include({ id: first.id, isActive: true });
    expect(now.activatedAt).to.be.instanceOf(Date);
    const all = await db.tx(asApp, (q) => listDatasets(q, 'MX'));
    expect(all.filter((d) => d.isActive).map((d) => d.id)).to.deep.equal([first.id]);
    expect(all[0].id).to.equal(first.id); // the one in use is listed first
    expect(all.map((d) => d.id)).to.include(second.id);

    // Activating the active one again changes nothing.
    expect((await activateDataset(db, first.id)).isActive).to.equal(true);
    expect(await rejection(activateDataset(db, '00000000-0000-4000-8000-000000000000'))).to.be.instanceOf(NotFound);
    expect(await rejection(activateDataset(db, 'not-a-uuid'))).to.be.instanceOf(NotFound);

    // The database itself refuses a second active dataset for a country.
    const error = await db.admin((q) => q.query(`UPDATE risk_datasets SET is_active = true WHERE id = $1`, [second.id])).then(() => null, (e: Error) => e);
    expect(error?.message).to.match(/risk_datasets_one_active|duplicate key/);
  });

  it('falls back to the state, and says so, where a municipality has no value', async () => {
    const text = 'country,level,code,risk_index,risk_level\nMX,state,07,,high\nMX,municipality,07101,0.05,low\n';
    const { dataset } = await importRiskDataset(db, { file: csv(text), fileName: 'f.csv', options: options() });
    await db.tx(asApp, async (q) => {
      expect(await getRiskForTerritory(q, dataset.id, '07101')).to.include({ level: 'low', valueCode: '07101', fallback: null });
      expect(await getRiskForTerritory(q, dataset.id, '07089')).to.include({
        territoryCode: '07089', territoryLevel: 'municipality', valueCode: '07', level: 'high', index: null, score: 0.9, fallback: 'state',
      });
      // Neither Mexico City nor Benito Juárez has a value: no data, not a guess.
      expect(await getRiskForTerritory(q, dataset.id, '09014')).to.equal(null);
      expect(await getRiskForTerritory(q, dataset.id, '09')).to.equal(null);
      expect(await getRiskForTerritory(q, dataset.id, '99999')).to.equal(null);

      const chiapas = await listMunicipalitiesWithRisk(q, dataset.id, '07');
      expect(chiapas.filter((m) => m.fallback === null).map((m) => m.code)).to.deep.equal(['07101']);
      expect(chiapas.filter((m) => m.fallback === 'state')).to.have.length(123);
      const cdmx = await listMunicipalitiesWithRisk(q, dataset.id, '09');
      expect(cdmx.every((m) => m.risk === null && m.fallback === null)).to.equal(true);
      expect(await listMunicipalitiesWithRisk(q, dataset.id)).to.have.length(2478);
    });
  });
});
