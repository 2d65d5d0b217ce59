import type { Queryable } from '../db/types.ts';

export interface DeadTable {
  table: string;
  deadRows: number;
}

/** Public tables with at least `threshold` dead rows, most first (from the cumulative statistics). */
export async function tablesWithDeadRows(q: Queryable, threshold: number, limit: number): Promise<DeadTable[]> {
  const r = await q.query<{ table: string; dead_rows: number }>(
    `SELECT relname AS table, n_dead_tup AS dead_rows FROM pg_stat_user_tables
      WHERE schemaname = 'public' AND n_dead_tup >= $1 ORDER BY n_dead_tup DESC, relname LIMIT $2`,
    [threshold, limit],
  );
  return r.rows.map((x) => ({ table: x.table, deadRows: Number(x.dead_rows) }));
}

/** Sessions past their expiry: the store already ignores them, this frees their rows. */
export async function deleteExpiredSessions(q: Queryable): Promise<number> {
  const r = await q.query(`DELETE FROM sessions WHERE expire <= now()`);
  return r.rowCount;
}
