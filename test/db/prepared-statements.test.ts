import { expect } from 'chai';
import pg from 'pg';
import { testDb } from '../support/db.ts';
import { PREPARED_PER_CONNECTION, statementFor } from '../../server/db/postgres.ts';

/**
 * On a PostgreSQL server, parameterised statements are prepared once per connection (parsed and
 * planned once); the embedded PGlite has no such cache and keeps one connection.
 */
describe('database: parameterised statements are prepared once per connection on a server', () => {
  it('a request statement run twice is prepared on its connection, and gives the same rows', async () => {
    const db = await testDb();
    const sql = `SELECT $1::int + 1 AS n, 'vigia-prepared-probe' AS probe`;
    const read = () =>
      db.tx({ orgId: null, userId: null }, async (q) => {
        const r = await q.query<{ n: number }>(sql, [41]);
        const p = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1`, [sql]);
        return { n: r.rows[0].n, prepared: p.rows[0].n };
      });
    const first = await read();
    const second = await read();
    expect([first.n, second.n]).to.deep.equal([42, 42]);
    if (db.kind === 'postgres') expect(second.prepared).to.equal(1);
    else expect([db.kind, second.prepared]).to.deep.equal(['pglite', 0]);
  });

  it('names a statement by its text, leaves parameterless ones to the simple protocol, and stops naming at the cap', () => {
    const client = {} as pg.ClientBase;
    expect(statementFor(client, 'BEGIN; SET LOCAL ROLE vigia_app')).to.equal('BEGIN; SET LOCAL ROLE vigia_app');
    expect(statementFor(client, 'SELECT 1', [])).to.equal('SELECT 1');
    const a = statementFor(client, 'SELECT $1::int', [1]) as pg.QueryConfig;
    const b = statementFor(client, 'SELECT $1::int', [2]) as pg.QueryConfig;
    expect(a.name).to.match(/^v_/).and.equal(b.name);
    expect(b.values).to.deep.equal([2]);
    for (let i = 0; i < PREPARED_PER_CONNECTION; i++) statementFor(client, `SELECT $1::int + ${i}`, [i]);
    const past = statementFor(client, 'SELECT $1::int * 7', [3]) as pg.QueryConfig;
    expect(past).to.deep.equal({ text: 'SELECT $1::int * 7', values: [3] });
    // A statement named before the cap keeps its name on that connection.
    expect((statementFor(client, 'SELECT $1::int', [5]) as pg.QueryConfig).name).to.equal(a.name);
    // Another connection has its own allowance.
    expect((statementFor({} as pg.ClientBase, 'SELECT $1::int * 7', [3]) as pg.QueryConfig).name).to.match(/^v_/);
  });
});
