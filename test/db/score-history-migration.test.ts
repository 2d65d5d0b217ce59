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

/**
 * Migration 037 moves "which score is current" from a flag on each history row to a pointer per
 * site and supplier. An installation scored before it keeps the same current scores.
 */
describe('database: migration 037 points each site and supplier at the score that was current', () => {
  let db: Database;
  after(() => db?.close());

  it('makes a pointer for each current row and none for the others, and history still shows which was current', async function () {
    this.timeout(180_000);
    db = await openPglite();
    await apply(db, (f) => f < '037_');
    const orgId = await db.admin((q) => insertOrganization(q, { kind: 'company', name: 'Antes', slug: 'antes-037' }));
    const site = '00000000-0000-4000-8000-000000000011';
    const supplier = '00000000-0000-4000-8000-000000000012';
    const run = '00000000-0000-4000-8000-000000000013';
    const ids = await db.admin(async (q) => {
      const out: string[] = [];
      await q.query(`INSERT INTO site_score_inputs (organization_id, site_id, inputs_key, inputs) VALUES ($1, $2, 'k', '{}')`, [orgId, site]);
      for (const [current, at, residual] of [[false, '2026-01-01', 40], [true, '2026-02-01', 70]] as const) {
        const s = await q.query<{ id: string }>(
          `INSERT INTO site_scores (organization_id, run_id, site_id, supplier_id, computed_at, territorial, sector, workforce, inherent,
                                    residual, inherent_level, level, explanation, inputs_key, engine_version, input_hash, is_current)
           VALUES ($1, $2, $3, $4, $5, 90, 80, 30, $6, $6, 'high', 'high', '[]', 'k', 'vigia-score/2', 'h', $7) RETURNING id`,
          [orgId, run, site, supplier, at, residual, current],
        );
        const p = await q.query<{ id: string }>(
          `INSERT INTO supplier_scores (organization_id, run_id, supplier_id, computed_at, level, site_count, worst_site_id, worst_residual,
                                        worst_inherent, weighted_residual, weighted_inherent, weighted_level, explanation, inputs,
                                        engine_version, input_hash, is_current)
           VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $7, $7, $7, $5, '[]', '{}', 'vigia-score/2', 'h', $8) RETURNING id`,
          [orgId, run, supplier, at, residual >= 50 ? 'high' : 'medium', site, residual, current],
        );
        out.push(s.rows[0].id, p.rows[0].id);
      }
      return out;
    });

    await apply(db, (f) => f.startsWith('037_'));

    const pointers = await db.admin((q) => q.query(
      `SELECT 'site' AS kind, site_id AS of, score_id, NULL AS level, NULL::numeric AS worst FROM site_score_current
       UNION ALL SELECT 'supplier', supplier_id, score_id, level, worst_residual FROM supplier_score_current ORDER BY 1`,
    ));
    expect(pointers.rows).to.deep.equal([
      { kind: 'site', of: site, score_id: ids[2], level: null, worst: null },
      { kind: 'supplier', of: supplier, score_id: ids[3], level: 'high', worst: '70.00' },
    ]);
    const history = await db.admin((q) => q.query<{ id: string; is_current: boolean }>(
      `SELECT id, is_current FROM site_score_history UNION ALL SELECT id, is_current FROM supplier_score_history`,
    ));
    expect(Object.fromEntries(history.rows.map((r) => [r.id, r.is_current]))).to.deep.equal({
      [ids[0]]: false, [ids[1]]: false, [ids[2]]: true, [ids[3]]: true,
    });
    const flag = await db.admin((q) => q.query(
      `SELECT table_name FROM information_schema.columns WHERE table_name IN ('site_scores', 'supplier_scores') AND column_name = 'is_current'`));
    expect(flag.rows).to.deep.equal([]);
  });
});

/**
 * Migration 040 keys history by (organization, id) and chains each row to the one it replaced. An
 * installation scored before it keeps every row on a chain: rows of a site in the order they were
 * computed, the newest named by the site's pointer, or by site_score_ended when the site has none.
 */
describe('database: migration 040 chains the history an installation already has', () => {
  let db: Database;
  after(() => db?.close());

  it('links each row to the one computed before it, keeps pointers, and records where an archived site ended', async function () {
    this.timeout(180_000);
    db = await openPglite();
    await apply(db, (f) => f < '040_');
    const orgId = await db.admin((q) => insertOrganization(q, { kind: 'company', name: 'Antes', slug: 'antes-040' }));
    const live = '00000000-0000-4000-8000-000000000021';
    const archived = '00000000-0000-4000-8000-000000000022';
    const supplier = '00000000-0000-4000-8000-000000000023';
    const run = '00000000-0000-4000-8000-000000000024';
    const rows = await db.admin(async (q) => {
      const out: Record<string, string[]> = { [live]: [], [archived]: [] };
      await q.query(`INSERT INTO site_score_inputs (organization_id, site_id, inputs_key, inputs) VALUES ($1, $2, 'k', '{}'), ($1, $3, 'k', '{}')`, [orgId, live, archived]);
      // Inserted out of order: the chain follows computed_at, not the order rows were written in.
      for (const [site, at] of [[live, '2026-03-01'], [live, '2026-01-01'], [archived, '2026-01-15'], [live, '2026-02-01'], [archived, '2026-02-15']] as const) {
        const s = await q.query<{ id: string }>(
          `INSERT INTO site_scores (organization_id, run_id, site_id, supplier_id, computed_at, territorial, sector, workforce, inherent,
                                    residual, inherent_level, level, explanation, inputs_key, engine_version, input_hash)
           VALUES ($1, $2, $3, $4, $5, 90, 80, 30, 70, 70, 'high', 'high', '[]', 'k', 'vigia-score/2', 'h') RETURNING id`,
          [orgId, run, site, supplier, at],
        );
        out[site].push(s.rows[0].id);
      }
      // The live site's newest row (2026-03-01, written first) is current; the archived site has no pointer.
      await q.query(
        `INSERT INTO site_score_current (organization_id, site_id, supplier_id, score_id, input_hash, inputs_key) VALUES ($1, $2, $3, $4, 'h', 'k')`,
        [orgId, live, supplier, out[live][0]],
      );
      return out;
    });

    await apply(db, (f) => f.startsWith('040_'));

    const chained = await db.admin((q) => q.query<{ id: string; previous_id: string | null }>(`SELECT id, previous_id FROM site_scores`));
    const previous = Object.fromEntries(chained.rows.map((r) => [r.id, r.previous_id]));
    const [liveMarch, liveJanuary, liveFebruary] = rows[live];
    const [archivedJanuary, archivedFebruary] = rows[archived];
    expect(previous).to.deep.equal({
      [liveJanuary]: null, [liveFebruary]: liveJanuary, [liveMarch]: liveFebruary,
      [archivedJanuary]: null, [archivedFebruary]: archivedJanuary,
    });
    const pointer = await db.admin((q) => q.query(`SELECT site_id, score_id, previous_score_id FROM site_score_current`));
    expect(pointer.rows).to.deep.equal([{ site_id: live, score_id: liveMarch, previous_score_id: liveFebruary }]);
    const ended = await db.admin((q) => q.query(`SELECT site_id, score_id FROM site_score_ended`));
    expect(ended.rows).to.deep.equal([{ site_id: archived, score_id: archivedFebruary }]);
    const key = await db.admin((q) => q.query<{ def: string }>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname IN ('site_scores_pkey', 'supplier_scores_pkey') ORDER BY conname`));
    expect(key.rows.map((r) => r.def)).to.deep.equal(['PRIMARY KEY (organization_id, id)', 'PRIMARY KEY (organization_id, id)']);
  });
});
