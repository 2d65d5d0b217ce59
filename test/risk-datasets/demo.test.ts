import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openDatabase } from '../../server/db/index.ts';
import type { Database } from '../../server/db/types.ts';
import { DEMO_FILE, demoCsv, ensureDemoDataset } from '../../server/risk-datasets/risk-dataset.demo.ts';
import { getActiveDataset, getRiskForTerritory, listDatasets, listStatesWithRisk } from '../../server/risk-datasets/risk-dataset.service.ts';
import { mexicoTerritories } from '../../server/territories/territory.data.ts';

const asApp = { orgId: null, userId: null };
const lines = readFileSync(DEMO_FILE, 'utf8').trim().split('\n');
const rows = lines.slice(1).map((l) => l.split(','));

describe('demo risk dataset', () => {
  it('is the file the generator writes (run scripts/generate-demo-dataset.ts after changing it)', () => {
    expect(readFileSync(DEMO_FILE, 'utf8')).to.equal(demoCsv(mexicoTerritories()));
  });

  it('states carry the 2018 Phase I classification and no index', () => {
    const states = rows.filter((r) => r[1] === 'state');
    expect(states).to.have.length(32);
    const by = Object.fromEntries(states.map((r) => [r[2], r[4]]));
    // clrisk-sources.md §2.1: 12 low, 11 medium, 9 high.
    expect(Object.values(by).filter((l) => l === 'low')).to.have.length(12);
    expect(Object.values(by).filter((l) => l === 'medium')).to.have.length(11);
    expect(Object.values(by).filter((l) => l === 'high')).to.have.length(9);
    expect([by['07'], by['20'], by['30'], by['09'], by['14'], by['32']]).to.deep.equal(['high', 'medium', 'low', 'low', 'high', 'high']);
    expect(states.every((r) => r[3] === '')).to.equal(true);
  });

  it('gives every state the level of the per-state classification in clrisk-sources.md §2.1', () => {
    // Copied from the source table, not from the generator, so a drift in either shows.
    const source = {
      low: ['01', '02', '05', '08', '09', '15', '17', '19', '22', '23', '28', '30'],
      medium: ['03', '04', '11', '13', '20', '24', '25', '26', '27', '29', '31'],
      high: ['06', '07', '10', '12', '14', '16', '18', '21', '32'],
    };
    const by = Object.fromEntries(rows.filter((r) => r[1] === 'state').map((r) => [r[2], r[4]]));
    for (const [level, codes] of Object.entries(source)) for (const c of codes) expect(by[c], c).to.equal(level);
  });

  it('agrees with the municipal facts the sources give: Tuxtla Gutiérrez low [S14], 13 of 125 Jalisco municipalities high [S16]', () => {
    const munis = rows.filter((r) => r[1] === 'municipality');
    expect(munis.find((r) => r[2] === '07101')![4]).to.equal('low');
    const jalisco = munis.filter((r) => r[2].startsWith('14'));
    expect(jalisco).to.have.length(125);
    expect(jalisco.filter((r) => r[4] === 'high')).to.have.length(13);
  });

  it('shows no invented index: every row carries a level only', () => {
    expect(rows.every((r) => r[3] === '')).to.equal(true);
    expect(rows.every((r) => ['low', 'medium', 'high'].includes(r[4]))).to.equal(true);
  });

  it('other municipal levels are the documented synthetic draw, and skip post-census municipalities', () => {
    const munis = rows.filter((r) => r[1] === 'municipality');
    expect(munis).to.have.length(2478 - 9);
    expect(munis.map((r) => r[2])).not.to.include.members(['12083', '24059', '25019']);
    // docs/risk-dataset-format.md: draw = stateScore + (h − 0.5) × 0.5, cut at 0.375 and 0.725.
    const h = createHash('sha256').update('vigia-clrisk-demo:07089').digest().readUInt32BE(0) / 2 ** 32;
    const draw = 0.9 + (h - 0.5) * 0.5;
    const tapachula = munis.find((r) => r[2] === '07089')!;
    expect(tapachula[4]).to.equal(draw < 0.375 ? 'low' : draw < 0.725 ? 'medium' : 'high');
    // Within one level of the state's (Chiapas high, Aguascalientes low), the sourced Tuxtla aside.
    for (const r of munis.filter((m) => m[2].startsWith('07') && m[2] !== '07101')) expect(r[4]).to.be.oneOf(['medium', 'high']);
    for (const r of munis.filter((m) => m[2].startsWith('01'))) expect(r[4]).to.be.oneOf(['low', 'medium']);
  });

  describe('start-up loader', () => {
    // Its own empty database: the shared test database may already hold datasets.
    let db: Database;
    before(async function () {
      this.timeout(60_000);
      db = await openDatabase({});
    });
    after(async () => db?.close());

    it('imports and activates the demo when Mexico has no dataset, once', async function () {
      this.timeout(60_000);
      const demo = await ensureDemoDataset(db);
      expect(demo).to.include({ name: 'CLRISK demo — not official data / demo — datos no oficiales', isDemo: true, isActive: true, rowCount: 2501, year: 2018 });
      expect(demo!.source).to.match(/SYNTHETIC/);
      expect(await ensureDemoDataset(db)).to.equal(null);
      const all = await db.tx(asApp, (q) => listDatasets(q, 'MX'));
      expect(all.map((d) => d.id)).to.deep.equal([demo!.id]);
      expect((await db.tx(asApp, (q) => getActiveDataset(q, 'MX')))!.id).to.equal(demo!.id);

      await db.tx(asApp, async (q) => {
        // Ñuu Savi (created after the 2020 census) has no value: Guerrero's 2018 level stands in, flagged.
        expect(await getRiskForTerritory(q, demo!.id, '12083')).to.include({ level: 'high', fallback: 'state', valueCode: '12', isDemo: true });
        const states = await listStatesWithRisk(q, demo!.id);
        expect(states.find((s) => s.code === '20')!.risk).to.include({ level: 'medium', index: null, score: 0.55 });
      });
    });
  });
});
