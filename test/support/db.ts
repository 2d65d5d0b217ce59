import { openDatabase, type Database } from '../../server/db/index.ts';

let shared: Promise<Database> | undefined;

/**
 * One migrated database per test run: PostgreSQL when DATABASE_URL is set (CI creates
 * a fresh database for the run), otherwise an in-memory PGlite. Tests isolate
 * themselves by creating fresh organisations, never by sharing seed data.
 */
export function testDb(): Promise<Database> {
  shared ??= openDatabase({ url: process.env.DATABASE_URL });
  return shared;
}

export async function closeTestDb(): Promise<void> {
  if (!shared) return;
  const db = await shared;
  shared = undefined;
  await db.close();
}
