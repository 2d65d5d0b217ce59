import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import type { Database } from '../../server/db/types.ts';

async function refused(db: Database, ctx: { orgId: string | null; userId: string | null }, sql: string): Promise<string> {
  let message = '';
  await db.tx(ctx, (q) => q.query(sql)).catch((e: Error) => (message = e.message));
  return message;
}

/**
 * Users, sessions and reset links are covered by row-level security too: a request
 * transaction (as after an injection) sees only its own session and reset links, only the
 * people of its organisation, and never a password hash.
 */
describe('tenancy: row-level security on users, sessions and password resets', () => {
  let t: TestApp;
  let a: TestOrg;
  let b: TestOrg;
  before(async () => {
    t = await buildTestApp();
    a = await createOrg(t.db);
    b = await createOrg(t.db);
    for (const org of [a, b]) {
      await new Browser(t.app).login(org.users.owner.email, PASSWORD);
      await t.services.auth.requestPasswordReset(org.users.owner.email, null);
    }
  });

  it('enables row-level security with a policy on the three tables', async () => {
    const rows = await t.db.admin((q) =>
      q.query<{ relname: string; rls: boolean; policies: number }>(
        `SELECT c.relname, c.relrowsecurity AS rls, (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
           FROM pg_class c WHERE c.relname IN ('users', 'sessions', 'password_resets') AND c.relkind = 'r' ORDER BY 1`,
      ));
    expect(rows.rows.map((r) => [r.relname, r.rls, r.policies > 0])).to.deep.equal([
      ['password_resets', true, true], ['sessions', true, true], ['users', true, true],
    ]);
  });

  it('a request sees only the people of its organisation, and itself', async () => {
    const ctx = { orgId: a.id, userId: a.users.owner.id };
    const seen = await t.db.tx(ctx, (q) => q.query<{ id: string }>(`SELECT id FROM users`));
    const ids = seen.rows.map((r) => r.id);
    expect(ids).to.include.members(Object.values(a.users).map((u) => u.id));
    expect(ids).to.not.include.members(Object.values(b.users).map((u) => u.id));
    const anonymous = await t.db.tx({ orgId: null, userId: null }, (q) => q.query(`SELECT id FROM users`));
    expect(anonymous.rowCount).to.equal(0);
  });

  it('a request reads no password hash and no lockout counter, not even its own', async () => {
    const ctx = { orgId: a.id, userId: a.users.owner.id };
    for (const column of ['password_hash', 'failed_logins', 'locked_until']) {
      expect(await refused(t.db, ctx, `SELECT ${column} FROM users WHERE id = app_user()`), column).to.match(/permission denied/);
    }
  });

  it('a request sees its own sessions and reset links only; an anonymous one sees none', async () => {
    const own = await t.db.tx({ orgId: a.id, userId: a.users.owner.id }, async (q) => ({
      sessions: (await q.query<{ user_id: string }>(`SELECT user_id FROM sessions`)).rows,
      resets: (await q.query<{ user_id: string }>(`SELECT user_id FROM password_resets`)).rows,
    }));
    expect(own.sessions.length).to.be.greaterThan(0);
    expect(own.sessions.every((s) => s.user_id === a.users.owner.id)).to.equal(true);
    expect(own.resets.length).to.be.greaterThan(0);
    expect(own.resets.every((r) => r.user_id === a.users.owner.id)).to.equal(true);
    const anonymous = await t.db.tx({ orgId: null, userId: null }, async (q) => [
      (await q.query(`SELECT 1 FROM sessions`)).rowCount, (await q.query(`SELECT 1 FROM password_resets`)).rowCount,
    ]);
    expect(anonymous).to.deep.equal([0, 0]);
  });

  it('a request cannot make anyone a platform administrator or change another user', async () => {
    const ctx = { orgId: a.id, userId: a.users.owner.id };
    expect(await refused(t.db, ctx, `UPDATE users SET is_platform_admin = true WHERE id = app_user()`)).to.match(/permission denied/);
    expect(await refused(t.db, ctx, `INSERT INTO users (email, name, is_platform_admin) VALUES ('evil@example.test', 'Evil', true)`)).to.match(/row-level security/);
    await t.db.tx(ctx, (q) => q.query(`UPDATE users SET name = 'renamed' WHERE id = $1`, [b.users.owner.id]));
    const name = await t.db.admin((q) => q.query<{ name: string }>(`SELECT name FROM users WHERE id = $1`, [b.users.owner.id]));
    expect(name.rows[0].name).to.not.equal('renamed');
  });
});
