import type { Queryable } from '../db/types.ts';

/**
 * Score writes keep the organisation's counts (migration 031: levels of current supplier
 * scores, current site scores by dataset) inside their own transaction. Triggers would copy
 * every retired and written row into transition tables, which doubled a re-scoring's writes,
 * so the writer says which sites and suppliers it rewrites instead: what their current scores
 * counted is taken off before `write`, what they count after it is added back. Any ids may be
 * given (a superset is harmless: unchanged ones add and subtract the same); the tenant is the
 * transaction's own.
 */
export async function withScoreCounts(
  q: Queryable,
  ids: { siteIds: readonly string[]; supplierIds: readonly string[] },
  write: () => Promise<void>,
): Promise<void> {
  if (ids.siteIds.length === 0 && ids.supplierIds.length === 0) return write();
  const params = [[...new Set(ids.siteIds)], [...new Set(ids.supplierIds)]];
  await q.query(`SELECT org_counts_rescored($1::uuid[], $2::uuid[], -1)`, params);
  await write();
  await q.query(`SELECT org_counts_rescored($1::uuid[], $2::uuid[], 1)`, params);
}
