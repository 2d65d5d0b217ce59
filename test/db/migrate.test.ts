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
});
