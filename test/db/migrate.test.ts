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
