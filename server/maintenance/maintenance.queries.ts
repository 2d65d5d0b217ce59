import type { Queryable } from '../db/types.ts';

export interface DeadTable {
  table: string;
  deadRows: number;
  /** Rows inserted, updated or deleted since the table's statistics were last gathered. */
  changedRows: number;
}

/**
 * Public tables that need a VACUUM (at least `threshold` dead rows) or new planner statistics
 * (autovacuum's analyze rule: more than 50 rows plus a tenth of the table changed since the last
 * ANALYZE), dead rows first (from the cumulative statistics).
 */
export async function tablesWithDeadRows(q: Queryable, threshold: number, limit: number): Promise<DeadTable[]> {
  const r = await q.query<{ table: string; dead_rows: number; changed_rows: number }>(
    `SELECT relname AS table, n_dead_tup AS dead_rows, n_mod_since_analyze AS changed_rows FROM pg_stat_user_tables
      WHERE schemaname = 'public' AND (n_dead_tup >= $1 OR n_mod_since_analyze > 50 + 0.1 * n_live_tup)
      ORDER BY n_dead_tup DESC, n_mod_since_analyze DESC, relname LIMIT $2`,
    [threshold, limit],
  );
  return r.rows.map((x) => ({ table: x.table, deadRows: Number(x.dead_rows), changedRows: Number(x.changed_rows) }));
}

/** Sessions past their expiry: the store already ignores them, this frees their rows. */
export async function deleteExpiredSessions(q: Queryable): Promise<number> {
  const r = await q.query(`DELETE FROM sessions WHERE expire <= now()`);
  return r.rowCount;
}
