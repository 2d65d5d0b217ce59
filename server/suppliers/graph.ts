/**
 * The supply graph, pure: an edge "child supplies parent" (child = the supplier further
 * from the company). Tiers follow the edges: a supplier with customers sits one tier past
 * the nearest of them; a supplier without customers keeps its declared tier (1 = direct).
 */
export interface SupplyLink {
  parentId: string;
  childId: string;
}

/**
 * Would adding "child supplies parent" close a loop? That happens when the parent already
 * supplies the child, directly or through others. Returns the loop in supply order, starting
 * and ending at the child ([child, parent, …, child]), or null. `links` must hold at least
 * every edge below the child (the suppliers of the child, theirs, and so on).
 */
export function findCycle(links: SupplyLink[], childId: string, parentId: string): string[] | null {
  if (childId === parentId) return [childId, childId];
  const suppliersOf = indexBy(links, 'parentId', 'childId');
  // Breadth-first from the child through its suppliers, remembering how each was reached.
  const reachedFrom = new Map<string, string>([[childId, '']]);
  const queue = [childId];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const supplier of suppliersOf.get(node) ?? []) {
      if (reachedFrom.has(supplier)) continue;
      reachedFrom.set(supplier, node);
      if (supplier === parentId) {
        // parent supplies … supplies child: walk back to the child, then close with the new edge.
        const path = [parentId];
        let at = parentId;
        while (at !== childId) {
          at = reachedFrom.get(at)!;
          path.push(at);
        }
        return [childId, ...path];
      }
      queue.push(supplier);
    }
  }
  return null;
}

export interface TierInput {
  /** The suppliers whose tier may change: the linked/unlinked child and everything below it. */
  affected: string[];
  /** Every edge whose child is affected (their parents may be outside the set). */
  links: SupplyLink[];
  /** Current tier of every supplier the links mention. */
  tiers: ReadonlyMap<string, number>;
}

/**
 * New tiers of the affected suppliers: min(parent tier) + 1, or the current tier for one
 * without parents. Tiers outside the set cannot change (none of them is supplied by it),
 * so they are fixed inputs. Returns only the suppliers whose tier changes.
 */
export function recomputeTiers(input: TierInput): Map<string, number> {
  const affected = new Set(input.affected);
  const parentsOf = indexBy(input.links.filter((l) => affected.has(l.childId)), 'childId', 'parentId');
  // Kahn's order inside the affected set: a supplier is settled once all its affected parents are.
  const pending = new Map<string, number>();
  const childrenOf = new Map<string, string[]>();
  for (const id of affected) {
    const inside = (parentsOf.get(id) ?? []).filter((p) => affected.has(p));
    pending.set(id, inside.length);
    for (const p of inside) (childrenOf.get(p) ?? childrenOf.set(p, []).get(p)!).push(id);
  }
  const tier = new Map(input.tiers);
  const ready = [...affected].filter((id) => pending.get(id) === 0);
  let settled = 0;
  while (ready.length > 0) {
    const id = ready.pop()!;
    settled++;
    const parents = parentsOf.get(id) ?? [];
    if (parents.length > 0) tier.set(id, Math.min(...parents.map((p) => tierOf(tier, p))) + 1);
    for (const c of childrenOf.get(id) ?? []) {
      const left = pending.get(c)! - 1;
      pending.set(c, left);
      if (left === 0) ready.push(c);
    }
  }
  if (settled !== affected.size) throw new Error('supply graph has a cycle');
  const changed = new Map<string, number>();
  for (const id of affected) if (tier.get(id) !== input.tiers.get(id)) changed.set(id, tierOf(tier, id));
  return changed;
}

function tierOf(tiers: ReadonlyMap<string, number>, id: string): number {
  const t = tiers.get(id);
  if (t === undefined) throw new Error(`no tier for ${id}`);
  return t;
}

function indexBy(links: SupplyLink[], key: keyof SupplyLink, value: keyof SupplyLink): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const l of links) {
    const list = out.get(l[key]);
    if (list) list.push(l[value]);
    else out.set(l[key], [l[value]]);
  }
  return out;
}

export interface LayoutNode {
  id: string;
  tier: number;
  label: string;
}

export interface TierLayout {
  /** Column index per tier (tiers present, ascending) and the row of each supplier in it. */
  columns: { tier: number; ids: string[] }[];
  position: Map<string, { column: number; row: number }>;
}

/**
 * Columns by tier; inside a column, suppliers are ordered by the mean row of their
 * customers (barycentre), then by name, so lines cross less. A few sweeps are enough for
 * the few hundred suppliers a drawing can show.
 */
export function layoutTiers(nodes: LayoutNode[], links: SupplyLink[]): TierLayout {
  const tiers = [...new Set(nodes.map((n) => n.tier))].sort((a, b) => a - b);
  const byTier = new Map(tiers.map((t) => [t, nodes.filter((n) => n.tier === t)]));
  const known = new Set(nodes.map((n) => n.id));
  const parentsOf = indexBy(links.filter((l) => known.has(l.parentId) && known.has(l.childId)), 'childId', 'parentId');
  const childrenOf = indexBy(links.filter((l) => known.has(l.parentId) && known.has(l.childId)), 'parentId', 'childId');
  const row = new Map<string, number>();
  const byName = (a: LayoutNode, b: LayoutNode) => a.label.localeCompare(b.label, 'es') || a.id.localeCompare(b.id);

  const order = (list: LayoutNode[], neighbours: Map<string, string[]>) => {
    const centre = (n: LayoutNode) => {
      const rows = (neighbours.get(n.id) ?? []).map((p) => row.get(p)).filter((r): r is number => r !== undefined);
      // Without neighbours on that side a supplier keeps its place rather than sinking to the end.
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : row.get(n.id)!;
    };
    const sorted = [...list].sort((a, b) => centre(a) - centre(b) || byName(a, b));
    sorted.forEach((n, i) => row.set(n.id, i));
    return sorted;
  };

  const columns = tiers.map((t) => [...byTier.get(t)!].sort(byName));
  columns.forEach((c) => c.forEach((n, i) => row.set(n.id, i)));
  // Down, up, down: the last pass follows the customers, which is how the drawing is read.
  for (const down of [true, false, true]) {
    if (down) for (let i = 1; i < columns.length; i++) columns[i] = order(columns[i], parentsOf);
    else for (let i = columns.length - 2; i >= 0; i--) columns[i] = order(columns[i], childrenOf);
  }
  const position = new Map<string, { column: number; row: number }>();
  columns.forEach((c, column) => c.forEach((n, r) => position.set(n.id, { column, row: r })));
  return { columns: columns.map((c, i) => ({ tier: tiers[i], ids: c.map((n) => n.id) })), position };
}
