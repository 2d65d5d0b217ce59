import type { Database } from './types.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { migrate } from './migrate.ts';
import { assertRestricted, enableRequestRole, requestRoleFacts, requestRolePassword, requestUrlFrom } from './request-role.ts';
import { DEVELOPMENT_SECRET } from '../config.ts';

export type { Database, Queryable, DbContext, Row } from './types.ts';

export interface OpenOptions {
  /** DATABASE_URL: the login role requests connect as; alone, the owner's URL too. */
  url?: string;
  /** MIGRATION_DATABASE_URL: the owner's URL, when `url` is a restricted login role. */
  migrationUrl?: string;
  dataDir?: string;
  /** Shared by every node (SESSION_SECRET); derives the request role's password in single-URL mode. */
  secret?: string;
}

/**
 * PostgreSQL server when a URL is given, otherwise embedded PGlite (in memory when no folder).
 * Server mode migrates on the owner's connection, then serves requests on a login role that is
 * neither superuser nor owner — the one given, or vigia_request derived from a single URL — and
 * refuses to start otherwise. PGlite has one (superuser) connection: see README, "Database roles".
 */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (!opts.url) {
    const db = await openPglite(opts.dataDir);
    await migrate(db);
    return db;
  }
  const db = await openPostgres(opts.migrationUrl ?? opts.url);
  try {
    await migrate(db);
    if (opts.migrationUrl) {
      await db.useRequestUrl(opts.url);
    } else {
      const password = requestRolePassword(opts.secret ?? DEVELOPMENT_SECRET);
      await enableRequestRole(db, password);
      await db.useRequestUrl(requestUrlFrom(opts.url, password));
    }
    const facts = await db.tx({ orgId: null, userId: null }, requestRoleFacts).catch((err: Error) => {
      throw new Error(`Invalid configuration:\n  DATABASE_URL: requests cannot switch to the vigia_app role (${err.message}).`);
    });
    assertRestricted(facts);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}
