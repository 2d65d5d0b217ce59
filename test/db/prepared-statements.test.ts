import { expect } from 'chai';
import pg from 'pg';
import { testDb } from '../support/db.ts';
import { LARGE_ARRAY, PREPARED_PER_CONNECTION, statementFor } from '../../server/db/postgres.ts';
import { PLAN_PER_CALL, planPerCall } from '../../server/db/plan.ts';
import { countSuppliers, listSuppliers } from '../../server/suppliers/supplier.queries.ts';
import { createOrg } from '../support/factories.ts';

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

  // After five runs PostgreSQL may switch a prepared statement to its generic plan, which
  // compares each row with every element of an array parameter; only a plan made with the
  // array's value hashes it. Found in a re-scoring of 100,000 suppliers: the batch's reviewed
  // assessments (`supplier_id = ANY($1)`, 20,000 ids) went from 18 ms to 1.7 s per batch.
  it('runs a statement whose parameters include a large array unnamed, so it is planned with the array', async () => {
    const client = {} as pg.ClientBase;
    const small = Array.from({ length: LARGE_ARRAY }, (_, i) => i);
    const large = Array.from({ length: LARGE_ARRAY + 1 }, (_, i) => i);
    const sql = 'SELECT count(*) FROM generate_series(1, 10) g WHERE g = ANY($1::int[])';
    expect(statementFor(client, sql, [small])).to.have.property('name');
    expect(statementFor(client, sql, [large])).to.deep.equal({ text: sql, values: [large] });

    const db = await testDb();
    const probe = `SELECT count(*)::int AS n FROM generate_series(1, 2000) g WHERE g = ANY($1::int[]) AND 'vigia-array-probe' <> ''`;
    const counts = await db.tx({ orgId: null, userId: null }, async (q) => {
      const out: number[] = [];
      for (let i = 0; i < 7; i++) out.push((await q.query<{ n: number }>(probe, [large])).rows[0].n);
      const p = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1`, [probe]);
      return { out, prepared: p.rows[0].n };
    });
    expect(counts.out).to.deep.equal(Array(7).fill(LARGE_ARRAY));
    expect(counts.prepared).to.equal(0);
  });

  // A generic plan is made for a tenant of average size: the supplier search of a 40,000-supplier
  // tenant scanned all its suppliers (a hash join) instead of looking up the matches.
  it('plans the supplier list and its count per call, with the tenant they read', async () => {
    const sql = planPerCall('SELECT $1::int');
    expect(statementFor({} as pg.ClientBase, sql, [1])).to.deep.equal({ text: sql, values: [1] });

    const db = await testDb();
    const org = await createOrg(db);
    await db.admin((q) => q.query(
      `INSERT INTO suppliers (organization_id, legal_name, search_text)
       SELECT $1, n, lower(n) FROM unnest(ARRAY['Huerta Baja', 'Huerta Alta', 'Empacadora Norte']) n`, [org.id]));
    const seen = await db.tx({ orgId: org.id, userId: org.users.owner.id }, async (q) => {
      const out: { names: string[]; total: number }[] = [];
      for (let i = 0; i < 7; i++) {
        const rows = await listSuppliers(q, org.id, { q: 'huerta' }, { sort: 'name', limit: 50, offset: 0 });
        out.push({ names: rows.map((r) => r.legal_name), total: await countSuppliers(q, org.id, { q: 'huerta' }) });
      }
      const p = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE starts_with(statement, $1)`, [PLAN_PER_CALL]);
      return { out, prepared: p.rows[0].n };
    });
    expect(seen.out).to.deep.equal(Array(7).fill({ names: ['Huerta Alta', 'Huerta Baja'], total: 2 }));
    expect(seen.prepared).to.equal(0);
  });
});
