import pg from 'pg';
import { createHash } from 'node:crypto';
import copyStreams from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database, Queryable, QueryResult, Row } from './types.ts';
import { beginAsApp, copyChunks, CopyRows, tableName } from './context.ts';
import { PLAN_PER_CALL } from './plan.ts';

const RAW = Symbol('pg-client');

// timestamptz/date/numeric/int8 come back as strings from both drivers' defaults differently;
// align pg with PGlite: int8 and numeric as numbers where safe.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/**
 * Parameterised statements are prepared once per connection, under a name taken from their
 * text, so the server parses and plans them once instead of on every call: planning was most
 * of the supplier list's database time (2.7 ms of 3.3 ms a page). Bounded: past
 * PREPARED_PER_CONNECTION statements on a connection (or NAMED_TEXTS texts in all), further
 * ones run unnamed as before, so dynamic SQL cannot fill the server's memory with plans.
 * Statements without parameters keep the simple protocol (`BEGIN; SET LOCAL ROLE …` in one).
 *
 * A call with a large array parameter (`id = ANY($1)` over a batch) runs unnamed: after five
 * runs PostgreSQL may keep a prepared statement's generic plan, which compares every row with
 * every element of the array (quadratic: 1.7 s for 20,000 ids against 20,000 rows), while a plan
 * made with the array's value hashes it (18 ms). Planning is nothing beside such a statement.
 * So does a statement marked PLAN_PER_CALL (server/db/plan.ts): its plan depends on the tenant.
 */
export const PREPARED_PER_CONNECTION = 200;
export const LARGE_ARRAY = 100;
const NAMED_TEXTS = 5000;
const names = new Map<string, string>();
const preparedOn = new WeakMap<pg.ClientBase, Set<string>>();

export function statementFor(client: pg.ClientBase, sql: string, params?: unknown[]): string | pg.QueryConfig {
  if (!params || params.length === 0) return sql;
  if (sql.startsWith(PLAN_PER_CALL) || params.some((p) => Array.isArray(p) && p.length > LARGE_ARRAY)) return { text: sql, values: params };
  let name = names.get(sql);
  if (name === undefined) {
    if (names.size >= NAMED_TEXTS) return { text: sql, values: params };
    name = `v_${createHash('sha1').update(sql).digest('base64url')}`;
    names.set(sql, name);
  }
  let prepared = preparedOn.get(client);
  if (!prepared) preparedOn.set(client, (prepared = new Set()));
  if (!prepared.has(name)) {
    if (prepared.size >= PREPARED_PER_CONNECTION) return { text: sql, values: params };
    prepared.add(name);
  }
  return { name, text: sql, values: params };
}

function wrap(client: pg.PoolClient): Queryable {
  const q = {
    async query<T = Row>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const stmt = statementFor(client, sql, params);
      const r = typeof stmt === 'string' ? await client.query(stmt, params as any[]) : await client.query(stmt);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
  return Object.assign(q, { [RAW]: client });
}

/**
 * PostgreSQL server through two pools: `admin` (migrations, system look-ups) on the owner's
 * URL, `tx` (every request) on a restricted login role — see server/db/request-role.ts.
 * Until `useRequestUrl` is called, both use the owner's URL (migrations run first).
 */
export async function openPostgres(ownerUrl: string, max = 10): Promise<Database & { useRequestUrl(url: string): Promise<void> }> {
  // The owner pool also serves the session store (every request), so it gets the same size.
  const owner = new pg.Pool({ connectionString: ownerUrl, max });
  let requests: pg.Pool = owner;
  async function run<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query(begin);
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  return {
    kind: 'postgres',
    async useRequestUrl(url: string) {
      requests = new pg.Pool({ connectionString: url, max });
    },
    tx: (ctx, fn) => run(requests, (client) => fn(wrap(client)), beginAsApp(ctx)),
    admin: (fn) => run(owner, (client) => fn(wrap(client))),
    async adminQuery<T = Row>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const client = await owner.connect();
      try {
        return await wrap(client).query<T>(sql, params);
      } finally {
        client.release();
      }
    },
    async vacuum(tables) {
      for (const t of tables) await owner.query(`VACUUM ANALYZE ${tableName(t)}`);
    },
    async copyRows(q, table, columns, rows) {
      if (rows.length === 0) return 0;
      const client = (q as any)[RAW] as pg.PoolClient;
      const stream = client.query(copyStreams.from(`COPY ${table} (${columns.join(',')}) FROM STDIN`));
      // Pieces of about 64 KB, made as the stream drains: one large chunk makes the copy stream several times slower.
      await pipeline(Readable.from(rows instanceof CopyRows ? rows.pieces() : copyChunks(rows)), stream);
      return rows.length;
    },
    async close() {
      if (requests !== owner) await requests.end();
      await owner.end();
    },
  };
}
