import type { Database, Queryable } from '../../db/types.ts';

/** A PostgreSQL array literal ('{"a","b"}') for a text[] column fed through COPY. */
export function pgTextArray(items: readonly string[]): string {
  return `{${items.map((i) => `"${i.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/**
 * COPY into a temporary staging table of this transaction, in batches so the CSV text of
 * 100,000 rows is never built at once. Tenant tables have row-level security, which COPY
 * FROM refuses, so rows always land in staging first and reach the tenant tables through
 * INSERT … SELECT as the app role (Database.copyRows enforces the temporary target).
 */
export async function copyToStaging(
  db: Database,
  q: Queryable,
  table: string,
  columns: readonly string[],
  rows: unknown[][],
  opts: { batchSize?: number; afterBatch?: (done: number) => Promise<void> } = {},
): Promise<void> {
  const size = opts.batchSize ?? 20_000;
  for (let from = 0; from < rows.length; from += size) {
    const batch = rows.slice(from, from + size);
    await db.copyRows(q, table, [...columns], batch);
    await opts.afterBatch?.(from + batch.length);
  }
}
