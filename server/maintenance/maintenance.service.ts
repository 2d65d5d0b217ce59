import type { Database } from '../db/types.ts';
import type { Logger } from '../logger.ts';
import { deleteExpiredSessions, tablesWithDeadRows, type DeadTable } from './maintenance.queries.ts';

/** Dead rows that make a table worth a VACUUM on PGlite (autovacuum's base threshold is 50 plus 20 %). */
export const DEAD_ROWS_THRESHOLD = 1000;
/** Tables vacuumed in one run: PGlite has one connection, so requests wait while it vacuums. */
export const MAX_TABLES_PER_RUN = 5;
export const MAINTENANCE_INTERVAL_MS = 3600_000;
/** How often the worker looks for tables with many dead rows (a large deletion or re-scoring). */
export const DEAD_ROWS_CHECK_INTERVAL_MS = 5 * 60_000;

export interface MaintenanceResult {
  expiredSessions: number;
  vacuumed: DeadTable[];
}

/**
 * Database housekeeping, run by the worker. A PostgreSQL server autovacuums; the embedded
 * PGlite does not (no background workers), so dead rows from expired sessions and replaced
 * scores piled up, and tables filled after start-up were never analysed (the planner then
 * guessed, badly). Here, on PGlite only, the tables with the most dead rows, or with many rows
 * changed since their last statistics, get VACUUM (ANALYZE). Expired sessions are deleted on
 * both databases.
 *
 * Not a queued job (server/jobs): that queue is per organisation (RLS), this is not.
 */
export function createMaintenance(deps: { db: Database; logger: Logger; threshold?: number; maxTables?: number }) {
  const { db, logger } = deps;
  const threshold = deps.threshold ?? DEAD_ROWS_THRESHOLD;
  const maxTables = deps.maxTables ?? MAX_TABLES_PER_RUN;
  let running: Promise<unknown> | undefined;

  /** VACUUM (ANALYZE) of the tables over the threshold; nothing on a server, where autovacuum does it. */
  async function vacuumDeadTables(): Promise<DeadTable[]> {
    if (db.kind !== 'pglite') return [];
    // Statistics are flushed lazily; without this a deletion just made would not show yet.
    await db.adminQuery('SELECT pg_stat_force_next_flush()');
    const tables = await db.admin((q) => tablesWithDeadRows(q, threshold, maxTables));
    for (const t of tables) {
      const started = Date.now();
      await db.vacuum([t.table]);
      logger.info({ table: t.table, deadRows: t.deadRows, changedRows: t.changedRows, ms: Date.now() - started }, 'vacuumed');
    }
    return tables;
  }

  async function run(): Promise<MaintenanceResult> {
    const expiredSessions = await db.admin(deleteExpiredSessions);
    return { expiredSessions, vacuumed: await vacuumDeadTables() };
  }

  /** One run at a time: a slow VACUUM must not be started again by the next tick. */
  function once<T>(fn: () => Promise<T>): Promise<T | undefined> {
    if (running) return Promise.resolve(undefined);
    const p = fn().finally(() => {
      running = undefined;
    });
    running = p;
    return p;
  }

  /** Hourly full run, and a look for dead rows every few minutes so large deletions are vacuumed soon after. */
  function schedule(o: { intervalMs?: number; checkMs?: number } = {}): () => void {
    const warn = (err: unknown) => logger.warn({ err }, 'database maintenance failed');
    const full = () => void once(run).catch(warn);
    full();
    const timers = [setInterval(full, o.intervalMs ?? MAINTENANCE_INTERVAL_MS)];
    if (db.kind === 'pglite') timers.push(setInterval(() => void once(vacuumDeadTables).catch(warn), o.checkMs ?? DEAD_ROWS_CHECK_INTERVAL_MS));
    for (const t of timers) t.unref();
    return () => timers.forEach(clearInterval);
  }

  return { run, vacuumDeadTables, schedule };
}

export type Maintenance = ReturnType<typeof createMaintenance>;
