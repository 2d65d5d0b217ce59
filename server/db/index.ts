import type { Database } from './types.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { migrate } from './migrate.ts';

export type { Database, Queryable, DbContext, Row } from './types.ts';

/** PostgreSQL server when a URL is given, otherwise embedded PGlite (in memory when no folder). */
export async function openDatabase(opts: { url?: string; dataDir?: string }): Promise<Database> {
  const db = opts.url ? await openPostgres(opts.url) : await openPglite(opts.dataDir);
  await migrate(db);
  return db;
}
