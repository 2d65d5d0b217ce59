import { createHmac } from 'node:crypto';
import type { Database, Queryable } from './types.ts';

/** The login role created by migration 016 for requests when only one DATABASE_URL is given. */
export const REQUEST_ROLE = 'vigia_request';

/**
 * The request role's password, derived from a secret every app node shares (SESSION_SECRET),
 * so several nodes starting at different times agree without storing it anywhere.
 */
export function requestRolePassword(secret: string): string {
  return createHmac('sha256', secret).update('vigia_request login').digest('hex');
}

/** DATABASE_URL with the request role's name and password in place of the owner's. */
export function requestUrlFrom(ownerUrl: string, password: string): string {
  const u = new URL(ownerUrl);
  u.username = REQUEST_ROLE;
  u.password = password;
  return u.toString();
}

/** Single-URL server mode: the owner lets the request role log in, with the derived password. */
export async function enableRequestRole(db: Database, password: string): Promise<void> {
  try {
    // Utility statements take no parameters; the password is hex, so it needs no escaping.
    await db.admin((q) => q.query(`ALTER ROLE ${REQUEST_ROLE} WITH LOGIN PASSWORD '${password.replace(/[^0-9a-f]/g, '')}'`));
  } catch (err) {
    throw new Error(
      `Invalid configuration:\n  DATABASE_URL: its role cannot enable the request login role ${REQUEST_ROLE} (${(err as Error).message}). ` +
        'Either connect as a role that may (a superuser or CREATEROLE), or set MIGRATION_DATABASE_URL to the owner and ' +
        'DATABASE_URL to a login role that is a member of vigia_app (see README, "Database roles").',
    );
  }
}

export interface RequestRoleFacts {
  sessionUser: string;
  superuser: boolean;
  bypassRls: boolean;
  ownsTables: number;
  canBecomeApp: boolean;
}

export async function requestRoleFacts(q: Queryable): Promise<RequestRoleFacts> {
  const r = await q.query<RequestRoleFacts>(
    `SELECT session_user AS "sessionUser", r.rolsuper AS superuser, r.rolbypassrls AS "bypassRls",
            (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner = session_user) AS "ownsTables",
            pg_has_role(session_user, 'vigia_app', 'MEMBER') AS "canBecomeApp"
       FROM pg_roles r WHERE r.rolname = session_user`,
  );
  return r.rows[0];
}

/**
 * Refuses to serve requests on a connection whose own role could undo row-level security:
 * `RESET ROLE` inside a request returns to that role.
 */
export function assertRestricted(f: RequestRoleFacts): void {
  const why = [
    f.superuser && 'is a superuser',
    f.bypassRls && 'bypasses row-level security',
    f.ownsTables > 0 && `owns ${f.ownsTables} tables`,
    !f.canBecomeApp && 'is not a member of vigia_app',
  ].filter(Boolean);
  if (why.length === 0) return;
  throw new Error(
    `Invalid configuration:\n  DATABASE_URL: requests would connect as "${f.sessionUser}", which ${why.join(', ')}. ` +
      'With MIGRATION_DATABASE_URL set, DATABASE_URL must be a login role that is neither superuser nor owner and is a member ' +
      'of vigia_app (CREATE ROLE vigia_web LOGIN PASSWORD \'…\' NOINHERIT IN ROLE vigia_app). Or leave MIGRATION_DATABASE_URL ' +
      'unset and give only the owner\'s DATABASE_URL: the app then connects for requests as vigia_request.',
  );
}
