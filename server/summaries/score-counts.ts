import type { Queryable } from '../db/types.ts';

/**
 * Score writes keep the organisation's counts (migration 031: levels of current supplier
 * scores, current site scores by dataset) inside their own transaction. Triggers would copy
 * every retired and written row into transition tables, which doubled a re-scoring's writes,
 * so the writer says which sites and suppliers it rewrites instead: what their current scores
 * counted is taken off before `write`, what they count after it is added back. Any ids may be
 * given (a superset is harmless: unchanged ones add and subtract the same); the tenant is the
 * transaction's own.
 *
 * A slice of the supplier id order (`after < supplier_id <= upTo`, null = open end: a batch of a
 * whole-organisation run) is named by its bounds instead (migration 038): two uuids instead of
 * every id it rewrote, read as index ranges.
 */
export type RescoredScope =
  | { siteIds: readonly string[]; supplierIds: readonly string[] }
  | { after: string | null; upTo: string | null };

export async function withScoreCounts(q: Queryable, scope: RescoredScope, write: () => Promise<void>): Promise<void> {
  let count: (sign: -1 | 1) => Promise<unknown>;
  if ('after' in scope) {
    count = (sign) => q.query(`SELECT org_counts_rescored_range($1::uuid, $2::uuid, $3)`, [scope.after, scope.upTo, sign]);
  } else {
    if (scope.siteIds.length === 0 && scope.supplierIds.length === 0) return write();
    const params = [[...new Set(scope.siteIds)], [...new Set(scope.supplierIds)]];
    count = (sign) => q.query(`SELECT org_counts_rescored($1::uuid[], $2::uuid[], $3)`, [...params, sign]);
  }
  await count(-1);
  await write();
  await count(1);
}
