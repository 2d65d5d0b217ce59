/** The one data-access contract every feature's queries module is written against. */
import type { CopyRows } from './context.ts';

export type Row = Record<string, unknown>;

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Row>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Several statements, no parameters (migrations, scripts). */
  exec(sql: string): Promise<void>;
}

/**
 * Who a transaction acts for. `orgId` feeds the row-level-security policies
 * (`app.org_id`), `userId` lets a user see their own memberships across orgs.
 */
export interface DbContext {
  orgId: string | null;
  userId: string | null;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one transaction as the restricted role `vigia_app` (neither owner
   * nor superuser), with the tenant settings applied, so RLS is always in force.
   */
  tx<T>(ctx: DbContext, fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in one transaction as the database owner: migrations, seeding,
   * reference data, and the few system lookups that must cross tenants
   * (token look-ups by hash). Never for a user's request data.
   */
  admin<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * One statement as the owner, outside an explicit transaction: one round trip where
   * `admin` pays three (BEGIN, the statement, COMMIT). For the session store's read.
   */
  adminQuery<T = Row>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Bulk load into a table with COPY (imports, re-scoring, benchmarks): rows as arrays, or encoded already. */
  copyRows(q: Queryable, table: string, columns: string[], rows: unknown[][] | CopyRows): Promise<number>;
  /**
   * VACUUM ANALYZE, outside any transaction (PostgreSQL refuses it inside one), as the owner:
   * after a bulk load, and by the PGlite maintenance (server/maintenance). PGlite has no
   * autovacuum, so without this its visibility map stays empty and no scan is index-only
   * (a far page of the supplier list then reads 50,000 heap rows to check they are visible).
   */
  vacuum(tables: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export const APP_ROLE = 'vigia_app';
