import type { SupplyLink } from '../graph.ts';

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

/** Where to say it: the row whose parent column adds an edge of the loop, and the loop by name. */
export function describeLoop(loop: string[], links: { parentId: string; childId: string; row: number }[], names: ReadonlyMap<string, string>) {
  const next = (i: number) => loop[(i + 1) % loop.length];
  const edge = links.find((l) => loop.some((id, i) => l.childId === id && l.parentId === next(i)));
  return { row: edge?.row, path: [...loop, loop[0]].map((id) => names.get(id) ?? id).join(' → ') };
}
