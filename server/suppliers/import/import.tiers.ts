import type { Queryable } from '../../db/types.ts';
import { ValidationFailed } from '../../errors.ts';
import { recomputeTiers, type SupplyLink } from '../graph.ts';
import { updateTiers } from '../link.queries.ts';
import { defaultHeader } from './columns.ts';
import type { MatchResult } from './import.match.ts';

export const CYCLE_ERR = 'imports.errors.cycle';

/**
 * Recomputes tiers below the imported suppliers (staged in `import_suppliers`) with the
 * supply-graph rules of graph.ts, after the import's links are in. A loop makes the
 * recomputation impossible: it is reported with the row that closes it, and the caller's
 * transaction rolls everything back. Returns how many tiers changed.
 */
export async function recomputeImportTiers(q: Queryable, match: MatchResult): Promise<number> {
  await q.query(`CREATE TEMP TABLE import_below ON COMMIT DROP AS
    WITH RECURSIVE below(id) AS (
      SELECT id FROM import_suppliers
      UNION
      SELECT l.child_id FROM supplier_links l JOIN below b ON l.parent_id = b.id WHERE l.organization_id = app_org())
    SELECT id FROM below`);
  const links = await q.query<{ parent_id: string; child_id: string }>(
    `SELECT l.parent_id, l.child_id FROM supplier_links l JOIN import_below b ON b.id = l.child_id WHERE l.organization_id = app_org()`,
  );
  const nodes = await q.query<{ id: string; tier: number; legal_name: string; below: boolean }>(
    `SELECT s.id, s.tier, s.legal_name, s.id IN (SELECT id FROM import_below) AS below FROM suppliers s
      WHERE s.organization_id = app_org()
        AND (s.id IN (SELECT id FROM import_below)
             OR s.id IN (SELECT l.parent_id FROM supplier_links l JOIN import_below b ON b.id = l.child_id WHERE l.organization_id = app_org()))`,
  );
  const edges: SupplyLink[] = links.rows.map((l) => ({ parentId: l.parent_id, childId: l.child_id }));
  const affected = nodes.rows.filter((n) => n.below).map((n) => n.id);
  const tiers = new Map(nodes.rows.map((n) => [n.id, Number(n.tier)]));
  let changed: Map<string, number>;
  try {
    changed = recomputeTiers({ affected, links: edges, tiers });
  } catch (err) {
    const loop = findLoop(edges, affected);
    if (!loop) throw err;
    throw cycleError(loop, match, new Map(nodes.rows.map((n) => [n.id, n.legal_name])));
  }
  await updateTiers(q, changed);
  return changed.size;
}

/**
 * A loop among `ids`, in supply order (each supplies the next; the last supplies the first),
 * or null. Peels off every supplier reachable from a loop-free top first; whatever remains
 * has a parent that remains, so following parents must come round.
 */
export function findLoop(links: SupplyLink[], ids: string[]): string[] | null {
  const inSet = new Set(ids);
  const parentsOf = new Map<string, string[]>();
  const childrenOf = new Map<string, string[]>();
  for (const l of links) {
    if (!inSet.has(l.childId) || !inSet.has(l.parentId)) continue;
    (parentsOf.get(l.childId) ?? parentsOf.set(l.childId, []).get(l.childId)!).push(l.parentId);
    (childrenOf.get(l.parentId) ?? childrenOf.set(l.parentId, []).get(l.parentId)!).push(l.childId);
  }
  const pending = new Map(ids.map((id) => [id, parentsOf.get(id)?.length ?? 0]));
  const ready = ids.filter((id) => pending.get(id) === 0);
  while (ready.length > 0) {
    const id = ready.pop()!;
    pending.delete(id);
    for (const c of childrenOf.get(id) ?? []) {
      const left = pending.get(c)! - 1;
      pending.set(c, left);
      if (left === 0) ready.push(c);
    }
  }
  if (pending.size === 0) return null;
  const seenAt = new Map<string, number>();
  const path: string[] = [];
  let at = pending.keys().next().value!;
  while (!seenAt.has(at)) {
    seenAt.set(at, path.length);
    path.push(at);
    at = parentsOf.get(at)!.find((p) => pending.has(p))!;
  }
  return path.slice(seenAt.get(at));
}

function cycleError(loop: string[], match: MatchResult, names: Map<string, string>): ValidationFailed {
  // The row to fix is one whose parent column adds an edge of the loop.
  const next = (i: number) => loop[(i + 1) % loop.length];
  const edge = match.links.find((l) => loop.some((id, i) => l.childId === id && l.parentId === next(i)));
  const path = [...loop, loop[0]].map((id) => names.get(id) ?? id).join(' → ');
  return new ValidationFailed([{ row: edge?.row, field: defaultHeader('parent'), key: CYCLE_ERR, params: { path } }]);
}
