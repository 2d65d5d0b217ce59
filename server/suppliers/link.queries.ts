import type { Queryable } from '../db/types.ts';
import type { SupplyLink } from './graph.ts';

export interface LinkedSupplier {
  id: string;
  legal_name: string;
  tax_id: string | null;
  tier: number;
  status: string;
}

/** The customers a supplier supplies (its parents in the graph). */
export async function selectParents(q: Queryable, childId: string): Promise<LinkedSupplier[]> {
  const r = await q.query<LinkedSupplier>(
    `SELECT s.id, s.legal_name, s.tax_id, s.tier, s.status FROM supplier_links l
       JOIN suppliers s ON s.organization_id = l.organization_id AND s.id = l.parent_id
      WHERE l.organization_id = app_org() AND l.child_id = $1 ORDER BY s.legal_name, s.id`,
    [childId],
  );
  return r.rows;
}

/** The suppliers that supply this one (its children in the graph). */
export async function selectChildren(q: Queryable, parentId: string): Promise<LinkedSupplier[]> {
  const r = await q.query<LinkedSupplier>(
    `SELECT s.id, s.legal_name, s.tax_id, s.tier, s.status FROM supplier_links l
       JOIN suppliers s ON s.organization_id = l.organization_id AND s.id = l.child_id
      WHERE l.organization_id = app_org() AND l.parent_id = $1 ORDER BY s.legal_name, s.id`,
    [parentId],
  );
  return r.rows;
}

/** Serialises graph changes per tenant, so two links added at once cannot close a loop. */
export async function lockGraph(q: Queryable): Promise<void> {
  await q.query(`SELECT pg_advisory_xact_lock(hashtext('supply-graph:' || app_org()::text))`);
}

export async function insertLink(q: Queryable, parentId: string, childId: string): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO supplier_links (organization_id, parent_id, child_id) VALUES (app_org(), $1, $2) ON CONFLICT DO NOTHING`,
    [parentId, childId],
  );
  return r.rowCount > 0;
}

export async function deleteLink(q: Queryable, parentId: string, childId: string): Promise<boolean> {
  const r = await q.query(
    `DELETE FROM supplier_links WHERE organization_id = app_org() AND parent_id = $1 AND child_id = $2`,
    [parentId, childId],
  );
  return r.rowCount > 0;
}

export interface Subgraph {
  /** The supplier and everything that supplies it, transitively. */
  below: string[];
  /** Every link whose child is in `below`. */
  links: SupplyLink[];
  /** Current tier and name of every supplier named above. */
  nodes: Map<string, { tier: number; name: string }>;
}

/** The part of the graph a link change at `childId` can affect. */
export async function selectSubgraphBelow(q: Queryable, childId: string): Promise<Subgraph> {
  const below = await q.query<{ id: string }>(
    `WITH RECURSIVE below(id) AS (
       SELECT $1::uuid
       UNION
       SELECT l.child_id FROM supplier_links l JOIN below b ON l.parent_id = b.id WHERE l.organization_id = app_org())
     SELECT id FROM below`,
    [childId],
  );
  const ids = below.rows.map((r) => r.id);
  const links = await q.query<{ parent_id: string; child_id: string }>(
    `SELECT parent_id, child_id FROM supplier_links WHERE organization_id = app_org() AND child_id = ANY($1::uuid[])`,
    [ids],
  );
  const named = new Set([...ids, ...links.rows.map((l) => l.parent_id)]);
  const nodes = await q.query<{ id: string; tier: number; legal_name: string }>(
    `SELECT id, tier, legal_name FROM suppliers WHERE organization_id = app_org() AND id = ANY($1::uuid[])`,
    [[...named]],
  );
  return {
    below: ids,
    links: links.rows.map((l) => ({ parentId: l.parent_id, childId: l.child_id })),
    nodes: new Map(nodes.rows.map((n) => [n.id, { tier: Number(n.tier), name: n.legal_name }])),
  };
}

export async function updateTiers(q: Queryable, tiers: Map<string, number>): Promise<void> {
  if (tiers.size === 0) return;
  await q.query(
    `UPDATE suppliers s SET tier = v.tier, updated_at = now()
       FROM unnest($1::uuid[], $2::int[]) AS v(id, tier)
      WHERE s.organization_id = app_org() AND s.id = v.id`,
    [[...tiers.keys()], [...tiers.values()]],
  );
}

export interface GraphData {
  /** level: the supplier's current score level, null while not scored. */
  nodes: { id: string; legal_name: string; tier: number; status: string; level: string | null }[];
  links: SupplyLink[];
  truncated: boolean;
}

/**
 * What the graph page draws: around one supplier (its customers up to the company and its
 * suppliers all the way down), or, without one, every active supplier (one without links
 * still belongs to the chain, as a supplier of the company at its declared tier).
 */
const LEVEL = `(SELECT c.level FROM supplier_score_current c
   WHERE c.organization_id = s.organization_id AND c.supplier_id = s.id) AS level`;

export async function selectGraph(q: Queryable, focusId: string | null, limit: number): Promise<GraphData> {
  const nodes = focusId
    ? await q.query<GraphData['nodes'][number]>(
        `WITH RECURSIVE above(id) AS (
           SELECT $1::uuid UNION
           SELECT l.parent_id FROM supplier_links l JOIN above a ON l.child_id = a.id WHERE l.organization_id = app_org()),
         below(id) AS (
           SELECT $1::uuid UNION
           SELECT l.child_id FROM supplier_links l JOIN below b ON l.parent_id = b.id WHERE l.organization_id = app_org())
         SELECT s.id, s.legal_name, s.tier, s.status, ${LEVEL} FROM suppliers s
          WHERE s.organization_id = app_org() AND s.id IN (SELECT id FROM above UNION SELECT id FROM below)
          ORDER BY s.tier, s.legal_name, s.id LIMIT $2`,
        [focusId, limit + 1],
      )
    : await q.query<GraphData['nodes'][number]>(
        `SELECT s.id, s.legal_name, s.tier, s.status, ${LEVEL} FROM suppliers s
          WHERE s.organization_id = app_org() AND s.status <> 'archived'
          ORDER BY s.tier, s.legal_name, s.id LIMIT $1`,
        [limit + 1],
      );
  const truncated = nodes.rows.length > limit;
  const kept = nodes.rows.slice(0, limit).map((n) => ({ ...n, tier: Number(n.tier) }));
  const ids = kept.map((n) => n.id);
  const links = await q.query<{ parent_id: string; child_id: string }>(
    `SELECT parent_id, child_id FROM supplier_links
      WHERE organization_id = app_org() AND parent_id = ANY($1::uuid[]) AND child_id = ANY($1::uuid[])`,
    [ids],
  );
  return { nodes: kept, links: links.rows.map((l) => ({ parentId: l.parent_id, childId: l.child_id })), truncated };
}
