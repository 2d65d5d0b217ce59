import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPglite } from '../../server/db/pglite.ts';
import { insertOrganization } from '../../server/organizations/organization.queries.ts';
import type { Database } from '../../server/db/types.ts';

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../server/db/migrations');

/** Applies the migration files `pick` chooses, in order and recorded, as migrate() does. */
async function apply(db: Database, pick: (file: string) => boolean): Promise<void> {
  await db.admin((q) => q.query(`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`));
  for (const file of (await readdir(MIGRATIONS)).filter((f) => f.endsWith('.sql')).sort()) {
    if (!pick(file)) continue;
    const sql = await readFile(path.join(MIGRATIONS, file), 'utf8');
    await db.admin(async (q) => {
      await q.exec(sql);
      await q.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
    });
  }
}

/**
 * An installation scored before migration 030 keeps its history and current scores: the
 * inputs of its rows move to site_score_inputs (once per distinct inputs of a site) and
 * every row still finds its own. Its own in-memory database: the shared one is migrated.
 */
describe('database: migration 030 moves score inputs out of the history rows', () => {
  let db: Database;
  after(() => db?.close());

  it('keeps every row, its inputs and which one is current', async function () {
    this.timeout(180_000); // every migration on a fresh database
    db = await openPglite();
    await apply(db, (f) => f < '030_');
    const orgId = await db.admin((q) => insertOrganization(q, { kind: 'company', name: 'Antes', slug: 'antes-030' }));
    const site = '00000000-0000-4000-8000-000000000001';
    const supplier = '00000000-0000-4000-8000-000000000002';
    const run = '00000000-0000-4000-8000-000000000003';
    const a = { territoryCode: '07089', scianCode: '111', commodities: [], workforce: [200], assessment: null };
    const b = { ...a, workforce: [400] };
    // Inputs a, then b, then a again (current): two distinct inputs for three rows.
    const rows = [[a, false, '2026-01-01'], [b, false, '2026-02-01'], [a, true, '2026-03-01']] as const;
    await db.admin(async (q) => {
      for (const [inputs, current, at] of rows) {
        await q.query(
          `INSERT INTO site_scores (organization_id, run_id, site_id, supplier_id, computed_at, territorial, sector, workforce, inherent,
                                    residual, inherent_level, level, explanation, inputs, engine_version, input_hash, is_current)
           VALUES ($1, $2, $3, $4, $5, 90, 80, 30, 70, 70, 'high', 'high', '[]', $6, 'vigia-score/2', $7, $8)`,
          [orgId, run, site, supplier, at, JSON.stringify(inputs), `h-${at}`, current],
        );
      }
    });

    await apply(db, (f) => f.startsWith('030_'));

    const after = await db.admin((q) => q.query<{ input_hash: string; is_current: boolean; inputs: unknown }>(
      `SELECT c.input_hash, c.is_current, i.inputs FROM site_scores c
         JOIN site_score_inputs i ON i.organization_id = c.organization_id AND i.site_id = c.site_id AND i.inputs_key = c.inputs_key
        ORDER BY c.computed_at`,
    ));
    expect(after.rows).to.deep.equal([
      { input_hash: 'h-2026-01-01', is_current: false, inputs: a },
      { input_hash: 'h-2026-02-01', is_current: false, inputs: b },
      { input_hash: 'h-2026-03-01', is_current: true, inputs: a },
    ]);
    const stored = await db.admin((q) => q.query<{ n: number }>(`SELECT count(*)::int AS n FROM site_score_inputs`));
    expect(stored.rows[0].n).to.equal(2);
    const column = await db.admin((q) => q.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'site_scores' AND column_name = 'inputs'`));
    expect(column.rowCount).to.equal(0);
  });
});
