import { expect } from 'chai';
import { testDb } from '../support/db.ts';

describe('database', () => {
  it('runs requests as vigia_app, a role that is neither owner nor superuser', async () => {
    const db = await testDb();
    const row = await db.tx({ orgId: null, userId: null }, async (q) =>
      (await q.query<{ u: string; su: boolean; bypass: boolean }>(
        `SELECT current_user AS u, r.rolsuper AS su, r.rolbypassrls AS bypass
           FROM pg_roles r WHERE r.rolname = current_user`)).rows[0]);
    expect(row).to.deep.equal({ u: 'vigia_app', su: false, bypass: false });
  });
});

describe('database: bulk COPY from a tenant transaction', () => {
  it('refuses to COPY straight into a table under row-level security, as PostgreSQL does', async () => {
    const db = await testDb();
    let error: Error | undefined;
    await db
      .tx({ orgId: null, userId: null }, (q) =>
        db.copyRows(q, 'api_keys', ['organization_id', 'name', 'prefix', 'key_hash', 'role'], [[null, 'k', 'copyrefused0', 'h', 'viewer']]))
      .catch((e) => (error = e));
    expect(error?.message).to.match(/temporary table|row-level security|permission/);
  });

  it('COPYs into a temporary staging table and stays in the app role afterwards', async () => {
    const db = await testDb();
    const out = await db.tx({ orgId: null, userId: null }, async (q) => {
      await q.query(`CREATE TEMP TABLE stage_x (a int, b text) ON COMMIT DROP`);
      await db.copyRows(q, 'stage_x', ['a', 'b'], [[1, 'uno'], [2, 'dós, "tres"']]);
      const rows = (await q.query<{ a: number; b: string }>(`SELECT a, b FROM stage_x ORDER BY a`)).rows;
      const role = (await q.query<{ u: string }>(`SELECT current_user AS u`)).rows[0].u;
      return { rows, role };
    });
    expect(out).to.deep.equal({ rows: [{ a: 1, b: 'uno' }, { a: 2, b: 'dós, "tres"' }], role: 'vigia_app' });
  });

  it('round-trips NULL, empty text, spaces, separators, quotes, the end marker, JSON and dates', async () => {
    const db = await testDb();
    const when = new Date('2026-11-25T10:00:00.123Z');
    const values: unknown[][] = [
      [1, null, null, null],
      [2, '', { a: 'x, "y"' }, when],
      [3, '  padded  ', [1, 2], null],
      [4, 'coma, "comillas"\nsalto', null, null],
      [5, '\\.', null, null],
      [6, 'Peñasco; Querétaro\ttab', null, null],
    ];
    const rows = await db.tx({ orgId: null, userId: null }, async (q) => {
      await q.query(`CREATE TEMP TABLE stage_rt (n int, t text, j jsonb, d timestamptz) ON COMMIT DROP`);
      await db.copyRows(q, 'stage_rt', ['n', 't', 'j', 'd'], values);
      return (await q.query<{ n: number; t: string | null; j: unknown; d: Date | null }>(`SELECT n, t, j, d FROM stage_rt ORDER BY n`)).rows;
    });
    expect(rows.map((r) => r.t)).to.deep.equal([null, '', '  padded  ', 'coma, "comillas"\nsalto', '\\.', 'Peñasco; Querétaro\ttab']);
    expect(rows[1].j).to.deep.equal({ a: 'x, "y"' });
    expect(rows[2].j).to.deep.equal([1, 2]);
    expect(new Date(rows[1].d as Date).toISOString()).to.equal(when.toISOString());
    expect(rows[0].j).to.equal(null);
  });
});
