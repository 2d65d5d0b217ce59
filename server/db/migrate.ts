import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './types.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Forward-only SQL migrations, applied in file-name order, each in its own
 * transaction as the owner. The same files serve PGlite and PostgreSQL.
 */
export async function migrate(db: Database): Promise<string[]> {
  await db.admin((q) =>
    q.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`),
  );
  const done = new Set(
    (await db.admin((q) => q.query<{ name: string }>('SELECT name FROM schema_migrations'))).rows.map((r) => r.name),
  );
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
    await db.admin(async (q) => {
      // Serialise concurrent starters (several app nodes) on one lock.
      if (db.kind === 'postgres') await q.query('SELECT pg_advisory_xact_lock(727274)');
      const again = await q.query('SELECT 1 FROM schema_migrations WHERE name = $1', [file]);
      if (again.rowCount > 0) return;
      await q.exec(sql);
      await q.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
    });
    applied.push(file);
  }
  return applied;
}

