import { expect } from 'chai';
import { testDb } from '../support/db.ts';

/**
 * Vigía is meant to scale out on Citus, distributing every tenant table (one with an
 * organization_id) by that column; tables without it (users, organizations, territories,
 * risk datasets, sessions) are reference tables copied to every node. Citus then requires:
 * every unique index of a distributed table contains the distribution column, and every
 * foreign key between two distributed tables includes it. This test lists what breaks that.
 */
describe('database: ready to distribute by organization_id (Citus)', () => {
  // The platform audit log keeps rows with no organisation in the same hash-chained table;
  // on Citus it is a reference table (docs/scaling.md), so its own key is allowed.
  const REFERENCE_WITH_ORG_COLUMN = new Set(['audit_log']);

  it('every unique index of a tenant table includes organization_id', async () => {
    const db = await testDb();
    const r = await db.admin((q) => q.query<{ tbl: string; idx: string }>(
      `SELECT c.relname AS tbl, i.relname AS idx
         FROM pg_index ix
         JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN pg_class c ON c.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        WHERE ix.indisunique
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped)
          AND NOT EXISTS (SELECT 1 FROM unnest(ix.indkey) k JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k
                           WHERE a.attname = 'organization_id')
        ORDER BY 1, 2`,
    ));
    expect(r.rows.filter((x) => !REFERENCE_WITH_ORG_COLUMN.has(x.tbl)).map((x) => `${x.tbl}.${x.idx}`)).to.deep.equal([]);
  });

  it('every foreign key between tenant tables includes organization_id', async () => {
    const db = await testDb();
    const r = await db.admin((q) => q.query<{ tbl: string; fk: string }>(
      `SELECT con.conrelid::regclass::text AS tbl, con.conname AS fk
         FROM pg_constraint con
        WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = con.conrelid AND a.attname = 'organization_id' AND NOT a.attisdropped)
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = con.confrelid AND a.attname = 'organization_id' AND NOT a.attisdropped)
          AND NOT EXISTS (SELECT 1 FROM unnest(con.conkey) k JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k
                           WHERE a.attname = 'organization_id')
        ORDER BY 1, 2`,
    ));
    expect(r.rows.filter((x) => !REFERENCE_WITH_ORG_COLUMN.has(x.tbl)).map((x) => `${x.tbl}.${x.fk}`)).to.deep.equal([]);
  });
});
