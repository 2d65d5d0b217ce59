/**
 * Some of one organisation's suppliers, as a re-scoring batch names them: listed ids, or a
 * slice of the id order (`after < id <= upTo`, null = an open end). A whole-organisation run
 * reads its batches as slices: each read is an index range, and no array of 20,000 ids is sent
 * and parsed per query (half a second of a 100,000-supplier run's database time).
 */
export type SupplierScope = { ids: readonly string[] } | { after: string | null; upTo: string | null };

/** The scope as a condition on `column` (a supplier id), its values appended to `params`. */
export function supplierScopeSql(scope: SupplierScope, column: string, params: unknown[]): string {
  const p = (v: unknown) => `$${params.push(v)}::uuid`;
  if ('ids' in scope) return `${column} = ANY(${p(scope.ids)}[])`;
  const parts = ['true'];
  if (scope.after !== null) parts.push(`${column} > ${p(scope.after)}`);
  if (scope.upTo !== null) parts.push(`${column} <= ${p(scope.upTo)}`);
  return parts.join(' AND ');
}
