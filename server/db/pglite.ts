import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Database, Queryable, QueryResult, Row } from './types.ts';
import { enterAppRole, toCsv } from './context.ts';

type PgliteTx = Pick<PGlite, 'query' | 'exec'>;
const RAW = Symbol('pglite-tx');

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
        const q = wrap(tx);
        await enterAppRole(q, ctx);
        return fn(q);
      }),
    admin: (fn) => pg.transaction(async (tx) => fn(wrap(tx))),
    async copyRows(q, table, columns, rows) {
      if (rows.length === 0) return 0;
      const tx = (q as any)[RAW] as PgliteTx;
      // PGlite reads COPY input from the '/dev/blob' pseudo-file passed as an option.
      await tx.query(
        `COPY ${table} (${columns.join(',')}) FROM '/dev/blob' WITH (FORMAT csv)`,
        [],
        { blob: new Blob([toCsv(rows)]) },
      );
      return rows.length;
    },
    close: () => pg.close(),
  };
}
