import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';
import { addCoffeeFarm, addSupplier, brokenChains } from './fixtures.ts';
import type { Queryable } from '../../server/db/types.ts';
import { selectSiteHistory, selectSiteScore, selectSupplierScoreRows } from '../../server/scores/score.queries.ts';

/**
 * History is keyed by time, not by site (migration 040): a site's or supplier's history is the chain
 * of rows each naming the one it replaced (previous_id), read back from the current score or from
 * where it ended. Every row must stay on its chain through weights changes, archiving and restoring,
 * and runs that overlap; otherwise the auditor's history page silently loses rows.
 */

describe('scores: each history row names the one it replaced', () => {
  let t: TestApp;
  let org: TestOrg;
  let farm: { supplierId: string; siteIds: string[] };

  const inTenant = <T>(fn: (q: any) => Promise<T>) => t.db.tx({ orgId: org.id, userId: null }, fn);
  const rowsOf = (column: 'site_id' | 'supplier_id', id: string) =>
    t.db.admin((q) => q.query<{ id: string; previous_id: string | null }>(
      `SELECT id, previous_id FROM ${column === 'site_id' ? 'site_scores' : 'supplier_scores'} WHERE ${column} = $1 ORDER BY computed_at DESC`, [id],
    )).then((r) => r.rows);
  const weights = (territorial: number) =>
    t.services.scores.saveWeights(org.actor('admin'), { components: { territorial, sector: 0.75 - territorial, workforce: 0.25 } });
  const rescore = () => t.services.scores.rescoreOrganization(org.actor('admin'), { reason: 'manual' });

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    farm = await addCoffeeFarm(t.db, org);
    await rescore();
  });

  it('a site page lists every row of the site, newest first, through weights changes', async () => {
    await weights(0.5);
    await rescore();
    await weights(0.4);
    await rescore();
    const stored = await rowsOf('site_id', farm.siteIds[0]);
    expect(stored).to.have.length(3);
    expect(stored.map((r) => r.previous_id)).to.deep.equal([stored[1].id, stored[2].id, null]);

    const page = await t.services.scores.siteScore(org.actor('viewer'), farm.siteIds[0]);
    expect(page.history.map((h) => h.id)).to.deep.equal(stored.map((r) => r.id));
    expect(page.history.map((h) => h.isCurrent)).to.deep.equal([true, false, false]);
    // An older row is still found by its id alone.
    const old = await t.services.scores.siteScore(org.actor('viewer'), farm.siteIds[0], stored[2].id);
    expect(old.score!.id).to.equal(stored[2].id);
    expect(old.score!.isCurrent).to.equal(false);

    const supplier = await t.services.scores.supplierScore(org.actor('viewer'), farm.supplierId);
    expect(supplier.history.map((h) => h.id)).to.deep.equal((await rowsOf('supplier_id', farm.supplierId)).map((r) => r.id));
    expect(await brokenChains(t.db, org.id)).to.deep.equal([]);
  });

  it('an archived site keeps its readable history, and once restored its next row continues the same chain', async () => {
    const site = farm.siteIds[1];
    await inTenant((q) => q.query(`UPDATE sites SET status = 'archived' WHERE id = $1`, [site]));
    await rescore();
    const ended = await t.services.scores.siteScore(org.actor('viewer'), site);
    expect(ended.score).to.equal(null); // no current score
    expect(ended.history.map((h) => h.id)).to.deep.equal((await rowsOf('site_id', site)).map((r) => r.id));
    expect(ended.history.every((h) => !h.isCurrent)).to.equal(true);

    await inTenant((q) => q.query(`UPDATE sites SET status = 'active' WHERE id = $1`, [site]));
    await rescore();
    const stored = await rowsOf('site_id', site);
    expect(stored).to.have.length(4);
    expect(stored[0].previous_id).to.equal(stored[1].id);
    const page = await t.services.scores.siteScore(org.actor('viewer'), site);
    expect(page.history.map((h) => h.id)).to.deep.equal(stored.map((r) => r.id));
    expect(await brokenChains(t.db, org.id)).to.deep.equal([]);
  });

  it('an archived supplier keeps its readable history', async () => {
    const gone = await addSupplier(t.db, org, { name: 'Cerrada', sectorCode: '11', sites: [{ name: 'X', territoryCode: '07089' }] });
    await rescore();
    await weights(0.45);
    await rescore();
    await inTenant((q) => q.query(`UPDATE suppliers SET status = 'archived' WHERE id = $1`, [gone.supplierId]));
    await rescore();
    const page = await t.services.scores.supplierScore(org.actor('viewer'), gone.supplierId);
    expect(page.current).to.equal(null);
    expect(page.history.map((h) => h.id)).to.deep.equal((await rowsOf('supplier_id', gone.supplierId)).map((r) => r.id));
    expect(page.history).to.have.length(2);
    expect(await brokenChains(t.db, org.id)).to.deep.equal([]);
  });

  // Each row names the score its batch read as current, and the write moves a pointer only if it still
  // names that score (under the organisation's lock): two runs that read the same current rows chain one
  // after the other. Their batches interleave on either database (on PGlite, on its one connection).
  it('two runs that overlap leave one chain per site, not a fork', async () => {
    await weights(0.55);
    const runs = await Promise.all([
      t.services.scores.rescoreOrganization(org.actor('admin'), { reason: 'manual', batchSize: 1 }),
      t.services.scores.rescoreOrganization(org.actor('admin'), { reason: 'manual', batchSize: 1 }),
    ]);
    expect(runs[0].scoresWritten + runs[1].scoresWritten).to.be.greaterThan(0);
    expect(await brokenChains(t.db, org.id)).to.deep.equal([]);
    const stored = await rowsOf('site_id', farm.siteIds[0]);
    const page = await t.services.scores.siteScore(org.actor('viewer'), farm.siteIds[0]);
    expect(page.history.map((h) => h.id)).to.deep.equal(stored.map((r) => r.id));
  });

  // Deterministic: run A's second batch is read and computed before A's first batch is written; A's
  // progress callback (called after that write) then runs B to the end, which writes the same sites. A's
  // write of its second batch finds pointers that no longer name the rows it read, rolls back and reads
  // the batch again. Without the check, A's rows would name the same rows as B's (a fork); without the
  // new read, A would fail.
  it('a batch overtaken by another run between its read and its write is read again, and the history does not fork', async () => {
    for (const name of ['Empacadora', 'Transportes']) {
      await addSupplier(t.db, org, { name, sectorCode: '311', sites: [{ name: 'Planta', territoryCode: '07089' }] });
    }
    await rescore();
    await weights(0.6);
    let other: Promise<unknown> | null = null;
    const a = await t.services.scores.rescoreOrganization(org.actor('admin'), {
      reason: 'manual',
      batchSize: 1,
      progress: async () => {
        other ??= t.services.scores.rescoreOrganization(org.actor('admin'), { reason: 'manual' });
        await other;
      },
    });
    expect(a.suppliersScored).to.equal(3);
    expect(await brokenChains(t.db, org.id)).to.deep.equal([]);
    const stored = await rowsOf('site_id', farm.siteIds[0]);
    expect(new Set(stored.map((r) => r.previous_id)).size).to.equal(stored.length);
  });

  // The same overtaking, but the other run ended the supplier's scores (it was archived in between): the
  // pointers the batch read are gone, not moved. Its write must not create them again, or the archived
  // supplier and its site keep a current score (and are counted on the dashboard) until they are next
  // re-scored, which for an archived supplier is only when someone asks for it.
  it('a batch overtaken by a run that ended a supplier\'s scores does not give it current scores again', async () => {
    // Run A scores one supplier per batch, in id order: when its first batch is written, its second has been
    // read. The second is the supplier archived meanwhile.
    const pair = [
      await addSupplier(t.db, org, { name: 'Beneficio', sectorCode: '311', sites: [{ name: 'Patio', territoryCode: '07089' }] }),
      await addSupplier(t.db, org, { name: 'Secadora', sectorCode: '311', sites: [{ name: 'Nave', territoryCode: '07089' }] }),
    ].sort((x, y) => (x.supplierId < y.supplierId ? -1 : 1));
    const late = pair[1];
    await rescore();
    await weights(0.42);
    let other: Promise<unknown> | null = null;
    await t.services.scores.rescoreOrganization(org.actor('admin'), {
      reason: 'manual',
      batchSize: 1,
      supplierIds: pair.map((x) => x.supplierId),
      progress: async () => {
        other ??= (async () => {
          await inTenant((q) => q.query(`UPDATE suppliers SET status = 'archived' WHERE id = $1`, [late.supplierId]));
          await t.services.scores.rescoreOrganization(org.actor('admin'), { reason: 'manual', supplierIds: [late.supplierId] });
        })();
        await other;
      },
    });
    expect((await t.services.scores.siteScore(org.actor('viewer'), late.siteIds[0])).score).to.equal(null);
    expect((await t.services.scores.supplierScore(org.actor('viewer'), late.supplierId)).current).to.equal(null);
    expect(await brokenChains(t.db, org.id)).to.deep.equal([]);
  });

  // History is no longer a range of its key: each read must find its first row by id, through the key, or
  // every page of a site reads the organisation's whole history (as a bare coalesce of two subqueries did
  // on PostgreSQL 15). How the chain's later rows are joined depends on the tables' statistics; on a
  // large history the planner looks each up by the key too (docs/benchmarks.md, stop 15).
  it('finds the first row of a history by its key', async () => {
    const [newest, , oldest] = await rowsOf('site_id', farm.siteIds[0]);
    const plans: string[] = [];
    await inTenant(async (q: Queryable) => {
      await q.query(`SET LOCAL enable_seqscan = off`); // a scan left in the plan then has no key to use
      const explain: Queryable = {
        query: async (sql: string, params?: unknown[]) => {
          const r = await q.query<Record<string, string>>(`EXPLAIN ${sql}`, params);
          plans.push(r.rows.map((x) => Object.values(x)[0]).join('\n'));
          return { rows: [], rowCount: 0 };
        },
        exec: (sql: string) => q.exec(sql),
      };
      await selectSiteHistory(explain, farm.siteIds[0]);
      await selectSiteScore(explain, farm.siteIds[0], null);
      await selectSiteScore(explain, farm.siteIds[0], oldest.id);
      await selectSupplierScoreRows(explain, farm.supplierId);
    });
    expect(newest.id).to.not.equal(oldest.id);
    expect(plans).to.have.length(4);
    for (const plan of plans) {
      expect(plan).to.match(/Index Scan using (site|supplier)_scores_pkey on (site|supplier)_scores \w+ .*\n\s*Index Cond: \(.*\bid = /);
      expect(plan).to.not.match(/Seq Scan on (site|supplier)_scores\b/);
    }
  });

  it('new rows get time-ordered ids, so the history key grows at its end', async () => {
    await weights(0.35);
    const before = new Date();
    await rescore();
    const fresh = await t.db.admin((q) => q.query<{ id: string }>(
      `SELECT id::text FROM site_scores WHERE organization_id = $1 AND computed_at >= $2
       UNION ALL SELECT id::text FROM supplier_scores WHERE organization_id = $1 AND computed_at >= $2`, [org.id, before],
    ));
    expect(fresh.rows.length).to.be.greaterThan(0);
    for (const { id } of fresh.rows) {
      expect(id[14]).to.equal('7');
      const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
      expect(Math.abs(ms - before.getTime())).to.be.lessThan(60_000);
    }
  });
});
