import { expect } from 'chai';
import pg from 'pg';
import { testDb } from '../support/db.ts';
import { openDatabase } from '../../server/db/index.ts';
import { assertRestricted } from '../../server/db/request-role.ts';
import type { Database } from '../../server/db/types.ts';

const ANON = { orgId: null, userId: null };

describe('db: the request connection cannot undo row-level security', () => {
  it('refuses a request connection that is a superuser, owns tables, bypasses RLS or cannot become vigia_app', () => {
    const ok = { sessionUser: 'vigia_web', superuser: false, bypassRls: false, ownsTables: 0, canBecomeApp: true };
    expect(() => assertRestricted(ok)).to.not.throw();
    expect(() => assertRestricted({ ...ok, sessionUser: 'postgres', superuser: true })).to.throw(/"postgres", which is a superuser/);
    expect(() => assertRestricted({ ...ok, ownsTables: 40 })).to.throw(/owns 40 tables/);
    expect(() => assertRestricted({ ...ok, bypassRls: true })).to.throw(/bypasses row-level security/);
    expect(() => assertRestricted({ ...ok, canBecomeApp: false })).to.throw(/not a member of vigia_app/);
  });
});

// Server mode only: embedded PGlite has a single superuser connection (README, "Database roles").
const serverUrl = process.env.DATABASE_URL;
if (serverUrl) {
  describe('db (PostgreSQL server): request transactions run on a restricted login role', () => {
    let db: Database;
    before(async () => {
      db = await testDb();
    });

    it('with only DATABASE_URL (a superuser), requests connect as vigia_request, which is neither superuser nor owner', async () => {
      const r = await db.tx(ANON, (q) =>
        q.query<{ session_user: string; current_user: string; superuser: boolean; owns: number }>(
          `SELECT session_user, current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) AS superuser,
                  (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner = session_user) AS owns`,
        ));
      expect(r.rows[0]).to.deep.equal({ session_user: 'vigia_request', current_user: 'vigia_app', superuser: false, owns: 0 });
      const owner = await db.admin((q) => q.query<{ s: boolean }>(`SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user`));
      expect(owner.rows[0].s, 'the test database URL is a superuser, as in CI').to.equal(true);
    });

    it('RESET ROLE inside a request transaction reaches no owner or superuser privileges', async () => {
      const after = await db.tx(ANON, async (q) => {
        await q.query('RESET ROLE');
        return (await q.query<{ u: string; s: boolean }>(`SELECT current_user AS u, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS s`)).rows[0];
      });
      expect(after).to.deep.equal({ u: 'vigia_request', s: false });
      for (const sql of ['SELECT count(*) FROM suppliers', 'SELECT count(*) FROM users', 'SELECT count(*) FROM sessions', 'SELECT count(*) FROM organizations']) {
        let message = '';
        await db.tx(ANON, async (q) => {
          await q.query('RESET ROLE');
          await q.query(sql);
        }).catch((e: Error) => (message = e.message));
        expect(message, sql).to.match(/permission denied/);
      }
      const owner = (await db.admin((q) => q.query<{ u: string }>('SELECT current_user AS u'))).rows[0].u;
      for (const sql of [`SET ROLE ${owner}`, `SET SESSION AUTHORIZATION ${owner}`]) {
        let message = '';
        await db.tx(ANON, (q) => q.query(sql)).catch((e: Error) => (message = e.message));
        expect(message, sql).to.match(/permission denied/);
      }
    });

    it('with MIGRATION_DATABASE_URL, DATABASE_URL must be a restricted login role: a superuser is refused at start-up', async () => {
      let message = '';
      await openDatabase({ url: serverUrl, migrationUrl: serverUrl }).catch((e: Error) => (message = e.message));
      expect(message).to.match(/DATABASE_URL: requests would connect as "\w+", which is a superuser/);
    });

    it('with MIGRATION_DATABASE_URL and a login role that is a member of vigia_app, requests run as that role', async () => {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigia_test_web') THEN
          CREATE ROLE vigia_test_web LOGIN PASSWORD 'test-web-password' NOINHERIT IN ROLE vigia_app;
        END IF; END $$`);
      await admin.end();
      const url = new URL(serverUrl);
      url.username = 'vigia_test_web';
      url.password = 'test-web-password';
      const two = await openDatabase({ url: url.toString(), migrationUrl: serverUrl });
      try {
        const r = await two.tx(ANON, async (q) => {
          await q.query('RESET ROLE');
          return (await q.query<{ u: string }>('SELECT current_user AS u')).rows[0].u;
        });
        expect(r).to.equal('vigia_test_web');
        const migrated = await two.admin((q) => q.query(`SELECT 1 FROM schema_migrations WHERE name = '016_access.sql'`));
        expect(migrated.rowCount).to.equal(1);
      } finally {
        await two.close();
      }
    });
  });
}
