import type { Queryable } from '../db/types.ts';
import { Conflict, NotFound, ValidationFailed } from '../errors.ts';
import { findCycle, recomputeTiers } from './graph.ts';
import * as links from './link.queries.ts';
import { selectSupplier } from './supplier.queries.ts';

/**
 * Link changes inside the caller's transaction. Tiers below the changed supplier are
 * recomputed from the graph; returns the tiers that changed (for the audit entry).
 */
export async function recomputeBelow(q: Queryable, supplierId: string): Promise<Record<string, number>> {
  const sub = await links.selectSubgraphBelow(q, supplierId);
  const tiers = new Map([...sub.nodes].map(([id, n]) => [id, n.tier]));
  const changed = recomputeTiers({ affected: sub.below, links: sub.links, tiers });
  await links.updateTiers(q, changed);
  return Object.fromEntries(changed);
}

/** "child supplies parent"; refuses self-links, archived suppliers and loops (naming the loop). */
export async function addLink(q: Queryable, childId: string, parentId: string) {
  await links.lockGraph(q);
  const child = await selectSupplier(q, childId);
  if (!child) throw new NotFound();
  const parent = await selectSupplier(q, parentId);
  if (!parent) throw new ValidationFailed([{ field: 'parentId', key: 'suppliers.errors.parentRequired' }]);
  if (child.status === 'archived' || parent.status === 'archived') {
    throw new ValidationFailed([{ field: 'parentId', key: 'suppliers.errors.linkArchived', params: { name: child.status === 'archived' ? child.legal_name : parent.legal_name } }]);
  }
  const sub = await links.selectSubgraphBelow(q, childId);
  const cycle = findCycle(sub.links, childId, parentId);
  if (cycle) {
    const names = new Map([...sub.nodes].map(([id, n]) => [id, n.name]));
    names.set(parentId, parent.legal_name);
    throw new Conflict('suppliers.errors.cycle', { path: cycle.map((id) => names.get(id) ?? id).join(' → '), child: child.legal_name, parent: parent.legal_name });
  }
  const added = await links.insertLink(q, parentId, childId);
  const tiers = added ? await recomputeBelow(q, childId) : {};
  return { added, child, parent, tiers };
}

export async function removeLink(q: Queryable, childId: string, parentId: string) {
  await links.lockGraph(q);
  const child = await selectSupplier(q, childId);
  if (!child) throw new NotFound();
  const parent = await selectSupplier(q, parentId);
  if (!parent || !(await links.deleteLink(q, parentId, childId))) throw new NotFound();
  const tiers = await recomputeBelow(q, childId);
  return { child, parent, tiers };
}
