import { expect } from 'chai';
import { testDb } from '../support/db.ts';
import {
  getTerritory, listMunicipalities, listStates, loadTerritories, searchTerritories, searchTerritoriesBulk,
} from '../../server/territories/territory.service.ts';

const asApp = { orgId: null, userId: null };

describe('territories in the database', () => {
  before(async () => {
    await loadTerritories(await testDb());
  });

  it('holds INEGI\'s 32 states and 2,478 municipalities, with the census total', async () => {
    const db = await testDb();
    const rows = await db.tx(asApp, async (q) =>
      (await q.query<{ level: string; n: number; people: number; no_census: number }>(
        `SELECT level, count(*)::int AS n, sum(population)::bigint AS people,
                count(*) FILTER (WHERE population IS NULL AND created_after_census)::int AS no_census
           FROM territories WHERE country = 'MX' GROUP BY level ORDER BY level`)).rows);
    // 126,014,024 = INEGI's 2020 census total (clrisk-sources.md §6), summed both ways.
    expect(rows.map((r) => ({ ...r, people: Number(r.people) }))).to.deep.equal([
      { level: 'municipality', n: 2478, people: 126014024, no_census: 9 },
      { level: 'state', n: 32, people: 126014024, no_census: 0 },
    ]);
  });

  it('loads idempotently and repairs a changed row', async () => {
    const db = await testDb();
    const started = Date.now();
    expect(await loadTerritories(db)).to.deep.equal({ changed: 0, total: 2510 });
    expect(Date.now() - started).to.be.below(2000);
    await db.admin((q) => q.query(`UPDATE territories SET name = 'Tapachula de Córdova' WHERE id = 'MX-07089'`));
    expect(await loadTerritories(db)).to.deep.equal({ changed: 1, total: 2510 });
    const t = await db.tx(asApp, (q) => getTerritory(q, '07089'));
    expect(t).to.include({ name: 'Tapachula', stateName: 'Chiapas', parentId: 'MX-07' });
  });

  it('keeps "no census figure" apart from zero for municipalities created after 2020', async () => {
    const db = await testDb();
    const nuuSavi = await db.tx(asApp, (q) => getTerritory(q, '12083'));
    expect(nuuSavi).to.deep.equal({
      id: 'MX-12083', country: 'MX', level: 'municipality', code: '12083', name: 'Ñuu Savi', stateCode: '12',
      stateName: 'Guerrero', parentId: 'MX-12', abbreviation: null, headTown: 'Coapinola',
      population: null, populationYear: null, createdAfterCensus: true,
    });
    const colima = await db.tx(asApp, (q) => getTerritory(q, '06'));
    expect(colima).to.include({ level: 'state', name: 'Colima', abbreviation: 'Col.', population: 731391 });
    expect(await db.tx(asApp, (q) => getTerritory(q, '99999'))).to.equal(null);
  });

  it('lists states and the municipalities of one state', async () => {
    const db = await testDb();
    const states = await db.tx(asApp, (q) => listStates(q));
    expect(states).to.have.length(32);
    expect(states[14]).to.include({ code: '15', name: 'México' });
    const cdmx = await db.tx(asApp, (q) => listMunicipalities(q, '09'));
    expect(cdmx).to.have.length(16);
    expect(cdmx.map((m) => m.name)).to.include('Gustavo A. Madero');
  });

  it('is read-only for the application role', async () => {
    const db = await testDb();
    for (const sql of [
      `UPDATE territories SET name = 'x' WHERE id = 'MX-07'`,
      `DELETE FROM risk_values`,
      `INSERT INTO risk_datasets (country, name, version, source, year, licence, level_scale)
       VALUES ('MX', 'n', 'v', 's', 2020, 'l', '[{"level":"a","score":0.1},{"level":"b","score":0.9}]')`,
    ]) {
      const error = await db.tx(asApp, (q) => q.query(sql)).then(() => null, (e: Error) => e);
      expect(error?.message, sql).to.match(/permission denied/);
    }
  });

  it('searches through the service, one by one or in bulk', async () => {
    const db = await testDb();
    const one = await searchTerritories(db, 'Villa Victoria, Edo. Méx.');
    expect(one.match).to.include({ code: '15114', name: 'Villa Victoria', stateName: 'México' });
    const many = await searchTerritoriesBulk(db, ['Tapachula, Chis.', { state: 'NL', municipality: 'Juárez' }, 'Benito Juárez']);
    expect(many.map((r) => r.match?.code ?? r.status)).to.deep.equal(['07089', '19031', 'ambiguous']);
  });
});
