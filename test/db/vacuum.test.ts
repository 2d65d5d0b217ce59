import { expect } from 'chai';
import { testDb } from '../support/db.ts';

describe('database: vacuum after bulk loads', () => {
  it('vacuums and analyzes named tables outside a transaction, on either database', async () => {
    const db = await testDb();
    await db.vacuum(['suppliers', 'sites']);
    // ANALYZE ran: the planner now has statistics for the table.
    const r = await db.admin((q) => q.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_all_tables WHERE relname = 'suppliers' AND (last_vacuum IS NOT NULL OR last_autovacuum IS NOT NULL)`));
    expect(r.rows[0].n).to.equal(1);
  });

  it('refuses anything but a plain table name', async () => {
    const db = await testDb();
    const err = await db.vacuum(['suppliers; DROP TABLE sites']).then(() => null, (e: Error) => e.message);
    expect(err).to.match(/not a table name/);
  });
});
