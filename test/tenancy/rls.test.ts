import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, engage, type TestOrg } from '../support/factories.ts';

/**
 * Row-level security is the floor: even SQL that forgets its WHERE clause must not see
 * another tenant's rows, and must still see its own (a dropped policy hides both).
 */
describe('tenancy: row-level security', () => {
  let t: TestApp;
  let a: TestOrg;
  let b: TestOrg;
  let tenantTables: string[];

  before(async () => {
    t = await buildTestApp();
    a = await createOrg(t.db);
    b = await createOrg(t.db);
    const consultancy = await createOrg(t.db, 'consultancy');
    // Give tenant A a row in every foundation table through the services.
    await engage(t.services, a, consultancy);
    await t.services.members.invite(a.actor(), { email: 'new.person@example.test', role: 'viewer' }, 'es-MX');
    await t.services.apiKeys.create(a.actor(), { name: 'ERP', role: 'viewer' });
    tenantTables = (
      await t.db.admin((q) =>
        q.query<{ table_name: string }>(
          `SELECT c.table_name FROM information_schema.columns c
             JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema
            WHERE c.table_schema = 'public' AND c.column_name = 'organization_id' AND tb.table_type = 'BASE TABLE'
            ORDER BY 1`,
        ),
      )
    ).rows.map((r) => r.table_name);
  });

  it('enables RLS with at least one policy on every table that has organization_id', async () => {
    const rows = (
      await t.db.admin((q) =>
        q.query<{ relname: string; rls: boolean; policies: number }>(
          `SELECT c.relname, c.relrowsecurity AS rls, (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
             FROM pg_class c WHERE c.relname = ANY($1) AND c.relkind = 'r'`,
          [tenantTables],
        ),
      )
    ).rows;
    expect(rows.length).to.equal(tenantTables.length);
    for (const r of rows) {
      expect(r.rls, `${r.relname} has RLS enabled`).to.equal(true);
      expect(r.policies, `${r.relname} has a policy`).to.be.greaterThan(0);
    }
    expect(tenantTables).to.include.members(['memberships', 'engagements', 'invitations', 'api_keys', 'audit_log']);
  });

  it('policies read the tenant once per statement, not once per row', async () => {
    // `app_org()` in a policy runs per row; `(SELECT app_org())` is an init-plan run once.
    const r = await t.db.admin((q) => q.query<{ tablename: string; policyname: string }>(
      `SELECT tablename, policyname FROM pg_policies
        WHERE schemaname = 'public'
          AND (coalesce(qual, '') ~ '(?<!SELECT )app_(org|user)\\(\\)' OR coalesce(with_check, '') ~ '(?<!SELECT )app_(org|user)\\(\\)')`,
    ));
    expect(r.rows.map((x) => `${x.tablename}.${x.policyname}`)).to.deep.equal([]);
  });

  it('a query with no WHERE clause sees only its own tenant rows, in every tenant table', async () => {
    for (const table of tenantTables) {
      const counts = await t.db.admin((q) =>
        q.query<{ org: string; n: number }>(`SELECT organization_id::text AS org, count(*)::int AS n FROM ${table} GROUP BY 1`),
      );
      const ownRows = counts.rows.find((r) => r.org === a.id)?.n ?? 0;
      const seenByA = await t.db.tx({ orgId: a.id, userId: null }, (q) =>
        q.query<{ org: string }>(`SELECT DISTINCT organization_id::text AS org FROM ${table}`),
      );
      const seenByB = await t.db.tx({ orgId: b.id, userId: null }, (q) =>
        q.query<{ org: string }>(`SELECT organization_id::text AS org FROM ${table}`),
      );
      expect(seenByB.rows.map((r) => r.org), `${table}: B sees none of A`).to.not.include(a.id);
      if (ownRows > 0) expect(seenByA.rows.map((r) => r.org), `${table}: A sees its own rows`).to.include(a.id);
      expect(seenByA.rows.every((r) => r.org === a.id || r.org === null), `${table}: A sees only A`).to.equal(true);
    }
  });

  it('A owns rows in every foundation table, so the check above is not vacuous', async () => {
    for (const table of ['memberships', 'engagements', 'invitations', 'api_keys', 'audit_log']) {
      const r = await t.db.tx({ orgId: a.id, userId: null }, (q) => q.query(`SELECT 1 FROM ${table}`));
      expect(r.rowCount, table).to.be.greaterThan(0);
    }
  });

  it('refuses to write a row into another tenant', async () => {
    let error: Error | undefined;
    await t.db
      .tx({ orgId: b.id, userId: null }, (q) =>
        q.query(`INSERT INTO api_keys (organization_id, name, prefix, key_hash, role) VALUES ($1, 'x', 'zzzzzzzzzzzz', 'h', 'viewer')`, [a.id]),
      )
      .catch((e) => (error = e));
    expect(error?.message).to.match(/row-level security/);
  });

  it('updates and deletes without WHERE touch only the own tenant', async () => {
    const other = await createOrg(t.db);
    await t.services.apiKeys.create(other.actor(), { name: 'kept', role: 'viewer' });
    await t.db.tx({ orgId: b.id, userId: null }, (q) => q.query(`UPDATE api_keys SET name = 'hijacked'`));
    await t.db.tx({ orgId: b.id, userId: null }, (q) => q.query(`DELETE FROM api_keys`));
    const names = await t.db.admin((q) => q.query<{ name: string }>(`SELECT name FROM api_keys WHERE organization_id = $1`, [other.id]));
    expect(names.rows.map((r) => r.name)).to.deep.equal(['kept']);
  });

  it('hides organisations the user has no link to', async () => {
    const seen = await t.db.tx({ orgId: b.id, userId: b.users.owner.id }, (q) => q.query<{ id: string }>(`SELECT id FROM organizations WHERE kind = 'company'`));
    expect(seen.rows.map((r) => r.id)).to.deep.equal([b.id]);
  });

  it('history, evidence and the audit log cannot be changed or deleted by the application role', async () => {
    const appendOnly = ['audit_log', 'assessment_events', 'assessment_reminders', 'evidence_files', 'remediation_evidence', 'case_followups'];
    for (const sql of appendOnly.flatMap((table) => [`UPDATE ${table} SET organization_id = organization_id`, `DELETE FROM ${table}`])) {
      let error: Error | undefined;
      await t.db.tx({ orgId: a.id, userId: null }, (q) => q.query(sql)).catch((e) => (error = e));
      expect(error?.message, sql).to.match(/permission denied/);
    }
  });
});
