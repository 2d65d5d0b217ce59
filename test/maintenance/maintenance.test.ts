import { expect } from 'chai';
import type { Database } from '../../server/db/types.ts';
import { createLogger } from '../../server/logger.ts';
import { createMaintenance } from '../../server/maintenance/maintenance.service.ts';
import { testDb } from '../support/db.ts';

/** Issue 12: PGlite never vacuums, so dead session and score rows piled up. */
describe('maintenance: expired sessions deleted, and VACUUM on PGlite only', function () {
  this.timeout(60_000);
  let db: Database;
  const logger = createLogger('silent');

  const addSessions = (prefix: string, n: number, expire: string) =>
    db.admin((q) => q.query(
      `INSERT INTO sessions (sid, sess, expire) SELECT $1 || g, '{}'::jsonb, now() + $3::interval FROM generate_series(1, $2::int) g`,
      [prefix, n, expire],
    ));
  const countSessions = async (prefix: string) =>
    Number((await db.admin((q) => q.query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE sid LIKE $1 || '%'`, [prefix]))).rows[0].n);
  /** The cumulative statistics of the sessions table, read fresh (they are flushed and cached lazily). */
  const sessionStats = async () => {
    if (db.kind === 'pglite') await db.adminQuery('SELECT pg_stat_force_next_flush()');
    return db.admin(async (q) => {
      await q.query('SELECT pg_stat_clear_snapshot()');
      const r = await q.query<{ dead: number; last_vacuum: Date | null }>(
        `SELECT n_dead_tup AS dead, last_vacuum FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname = 'sessions'`,
      );
      return { dead: Number(r.rows[0].dead), lastVacuum: r.rows[0].last_vacuum };
    });
  };

  before(async () => {
    db = await testDb();
  });

  it('deletes expired sessions and keeps live ones, on either database', async () => {
    await addSessions('mx-expired-', 12, '-1 hour');
    await addSessions('mx-live-', 3, '1 day');
    const result = await createMaintenance({ db, logger }).run();
    expect(result.expiredSessions).to.be.at.least(12);
    expect(await countSessions('mx-expired-')).to.equal(0);
    expect(await countSessions('mx-live-')).to.equal(3);
    expect((await createMaintenance({ db, logger }).run()).expiredSessions).to.equal(0);
  });

  it('on PGlite vacuums the tables with many dead rows; on a PostgreSQL server leaves that to autovacuum', async () => {
    // 3,000 sessions signed out: 3,000 dead rows in the sessions table.
    await addSessions('mx-dead-', 3000, '1 day');
    await db.admin((q) => q.query(`DELETE FROM sessions WHERE sid LIKE 'mx-dead-%'`));
    const before = await sessionStats();
    const maintenance = createMaintenance({ db, logger, threshold: 1000 });
    const result = await maintenance.run();
    const after = await sessionStats();

    if (db.kind === 'pglite') {
      expect(before.dead).to.be.at.least(3000);
      expect(result.vacuumed.map((t) => t.table)).to.include('sessions');
      expect(result.vacuumed.find((t) => t.table === 'sessions')!.deadRows).to.be.at.least(3000);
      expect(after.dead).to.be.below(before.dead).and.below(1000);
      expect(after.lastVacuum).to.be.an.instanceOf(Date);
      // Nothing left over the threshold: the next look vacuums nothing.
      expect((await maintenance.vacuumDeadTables()).map((t) => t.table)).to.not.include('sessions');
    } else {
      expect(db.kind).to.equal('postgres');
      expect(result.vacuumed).to.deep.equal([]);
      expect(await maintenance.vacuumDeadTables()).to.deep.equal([]);
      expect(after.lastVacuum?.getTime() ?? null).to.equal(before.lastVacuum?.getTime() ?? null);
    }
  });

  it('on PGlite also analyses a table with many rows changed since its last statistics', async () => {
    await db.admin(async (q) => {
      await q.query('DROP TABLE IF EXISTS mx_analyze_probe');
      await q.query('CREATE TABLE mx_analyze_probe (n int)');
      await q.query('INSERT INTO mx_analyze_probe SELECT generate_series(1, 600)');
    });
    const reltuples = async () =>
      Number((await db.admin((q) => q.query<{ n: number }>(`SELECT reltuples AS n FROM pg_class WHERE relname = 'mx_analyze_probe'`))).rows[0].n);
    try {
      // Dead rows alone would not qualify it: 600 rows inserted, none deleted.
      const result = await createMaintenance({ db, logger, threshold: 1_000_000, maxTables: 100 }).vacuumDeadTables();
      if (db.kind === 'pglite') {
        expect(result.find((t) => t.table === 'mx_analyze_probe')).to.deep.include({ deadRows: 0, changedRows: 600 });
        expect(await reltuples()).to.equal(600);
      } else {
        expect(result).to.deep.equal([]);
      }
    } finally {
      await db.admin((q) => q.query('DROP TABLE mx_analyze_probe'));
    }
  });
});
