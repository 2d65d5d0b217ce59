import { expect } from 'chai';
import { testDb } from '../support/db.ts';

/**
 * Row-level security runs its policies' functions in every request query. A SQL function with
 * a SET clause is never inlined and is planned again on every call (app_visible_orgs cost about
 * 4 ms per read of an organisation that way); PL/pgSQL keeps its plans per connection, and a
 * plain SQL function is inlined. Migration 036.
 */
describe('database: functions called by row-level security policies are not re-planned per call', () => {
  it('no policy calls a SQL function that has a SET clause', async () => {
    const db = await testDb();
    const r = await db.admin((q) =>
      q.query<{ policy: string; fn: string; language: string; config: string[] | null }>(
        `SELECT p.polname AS policy, f.proname AS fn, l.lanname AS language, f.proconfig AS config
           FROM pg_policy p
           JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
           CROSS JOIN LATERAL regexp_matches(coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' ||
                                             coalesce(pg_get_expr(p.polwithcheck, p.polrelid), ''), '([a-z_]+)\\(', 'g') AS m(name)
           JOIN pg_proc f ON f.proname = m.name[1] JOIN pg_namespace fn ON fn.oid = f.pronamespace AND fn.nspname = 'public'
           JOIN pg_language l ON l.oid = f.prolang
          GROUP BY 1, 2, 3, 4 ORDER BY 2, 1`,
      ),
    );
    const called = new Set(r.rows.map((x) => x.fn));
    // The check must see the functions the tenant policies do call.
    expect([...called]).to.include.members(['app_org', 'app_user', 'app_visible_orgs', 'app_visible_users']);
    const replanned = r.rows.filter((x) => x.language === 'sql' && x.config !== null).map((x) => `${x.policy} → ${x.fn}()`);
    expect(replanned).to.deep.equal([]);
  });
});
