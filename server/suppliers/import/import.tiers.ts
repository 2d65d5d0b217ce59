import type { Queryable } from '../../db/types.ts';
import { ValidationFailed } from '../../errors.ts';
import { recomputeTiers, type SupplyLink } from '../graph.ts';
import { updateTiers } from '../link.queries.ts';
import { defaultHeader } from './columns.ts';
import type { MatchResult } from './import.match.ts';
import { describeLoop, findLoop } from './import.loop.ts';

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

function cycleError(loop: string[], match: MatchResult, names: Map<string, string>): ValidationFailed {
  const { row, path } = describeLoop(loop, match.links, names);
  return new ValidationFailed([{ row, field: defaultHeader('parent'), key: CYCLE_ERR, params: { path } }]);
}
