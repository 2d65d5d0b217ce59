import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { APP_ROLE, type Database, type Queryable, type QueryResult, type Row } from './types.ts';
import { copyText, CopyRows, enterAppRole, tableName } from './context.ts';

type PgliteTx = Pick<PGlite, 'query' | 'exec'>;
const RAW = Symbol('pglite-tx');
const AS_APP = Symbol('pglite-as-app-role');

function wrap(tx: PgliteTx): Queryable {
  const q = {
    async query<T = Row>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await tx.query<T>(sql, params as any[]);
      return { rows: r.rows, rowCount: r.affectedRows || r.rows.length };
    },
    async exec(sql: string) {
      await tx.exec(sql);
    },
  };
  return Object.assign(q, { [RAW]: tx });
}

/**
 * Embedded PostgreSQL (WASM). One connection: PGlite serialises transactions
 * itself, so concurrent requests queue instead of interleaving.
 * `dataDir` undefined = in memory (tests).
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  // pg_trgm backs the supplier name search (trigram GIN index), as on the server.
  const pg = new PGlite({ dataDir, extensions: { pg_trgm } });
  await pg.waitReady;
  return {
    kind: 'pglite',
    tx: (ctx, fn) =>
      pg.transaction(async (tx) => {
        const q = Object.assign(wrap(tx), { [AS_APP]: true });
        await enterAppRole(q, ctx);
        return fn(q);
      }),
    admin: (fn) => pg.transaction(async (tx) => fn(wrap(tx))),
    adminQuery: (sql, params) => wrap(pg).query(sql, params),
    async copyRows(q, table, columns, rows) {
      if (rows.length === 0) return 0;
      const tx = (q as any)[RAW] as PgliteTx;
      const asApp = Boolean((q as any)[AS_APP]);
      if (asApp) {
        // PostgreSQL refuses COPY into tables under row-level security, so tenant code COPYs
        // into a temporary staging table and moves rows with INSERT … SELECT (RLS-checked).
        // Refuse anything else here too, so both databases behave alike.
        const r = await tx.query<{ p: string }>(`SELECT relpersistence AS p FROM pg_class WHERE oid = $1::regclass`, [table]);
        if (r.rows[0]?.p !== 't') throw new Error(`COPY from a tenant transaction must target a temporary table, not ${table}`);
        // PGlite reads COPY input from a pseudo-file only the owner may open: step out of the
        // app role for this one statement (into the transaction's own temp table) and back.
        await tx.query('RESET ROLE');
      }
      try {
        await tx.query(`COPY ${table} (${columns.join(',')}) FROM '/dev/blob'`, [], {
          blob: new Blob(rows instanceof CopyRows ? rows.pieces() : [copyText(rows)]),
        });
      } finally {
        if (asApp) await tx.query(`SET LOCAL ROLE ${APP_ROLE}`);
      }
      return rows.length;
    },
    async vacuum(tables) {
      // Queued behind any transaction in flight, like every other statement of the one connection.
      for (const t of tables) await pg.exec(`VACUUM ANALYZE ${tableName(t)}`);
    },
    close: () => pg.close(),
  };
}
