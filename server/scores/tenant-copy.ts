import type { Database, Queryable } from '../db/types.ts';
import type { CopyRows } from '../db/context.ts';

/**
 * Bulk insert into a table under row-level security, inside a tenant transaction.
 * COPY cannot write such a table as the app role (PostgreSQL: "COPY FROM not supported
 * with row-level security"), so the rows are COPYed into a temporary staging table
 * with the same column types and moved with one INSERT … SELECT, which RLS checks
 * like any insert. Staging is private to the transaction and dropped at its end.
 */
export interface TenantCopyOptions {
  /** Columns with one value for every row (tenant, run…): sent once as parameters, not per row. */
  constants?: { column: string; type: string; value: unknown }[];
  /** Rows whose key exists already are skipped (`ON CONFLICT DO NOTHING`) instead of failing the insert. */
  skipExisting?: boolean;
  /** Runs before the insert, once the rows are staged (given the staging table's name); its error stops the insert. */
  beforeInsert?: (stage: string) => Promise<void>;
}

export async function copyIntoTenantTable(
  db: Database,
  q: Queryable,
  table: string,
  columns: readonly string[],
  rows: unknown[][] | CopyRows,
  opts: TenantCopyOptions = {},
): Promise<void> {
  if (rows.length === 0) return;
  const cols = columns.join(', ');
  const constants = opts.constants ?? [];
  const stage = `stage_${table}`;
  await q.query(`CREATE TEMP TABLE ${stage} ON COMMIT DROP AS SELECT ${cols} FROM ${table} WITH NO DATA`);
  await db.copyRows(q, stage, [...columns], rows);
  await opts.beforeInsert?.(stage);
  const target = [...columns, ...constants.map((c) => c.column)].join(', ');
  const select = [...columns, ...constants.map((c, i) => `$${i + 1}::${c.type}`)].join(', ');
  const conflict = opts.skipExisting ? ' ON CONFLICT DO NOTHING' : '';
  await q.query(`INSERT INTO ${table} (${target}) SELECT ${select} FROM ${stage}${conflict}`, constants.map((c) => c.value));
  await q.query(`DROP TABLE ${stage}`);
}
