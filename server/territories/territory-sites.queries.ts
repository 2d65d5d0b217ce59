import type { Queryable } from '../db/types.ts';
import { planPerCall } from '../db/plan.ts';

/** A tenant's work site located in a territory, with the supplier it belongs to. */
export interface TerritorySite {
  id: string;
  name: string;
  territoryCode: string | null;
  supplierId: string;
  supplierName: string;
}

export interface TerritorySites {
  rows: TerritorySite[];
  /** All matching sites; more than `rows.length` when the list was cut. */
  total: number;
}

/**
 * Active sites of the organisation in context located in a municipality (5-digit code) or
 * anywhere in a state (2-digit code). Runs under RLS; the explicit organisation filter
 * only lets the (organization_id, territory_code) indexes serve the query. Planned per call:
 * how many sites a tenant has in a place decides the plan (server/db/plan.ts).
 */
export async function selectSitesIn(q: Queryable, orgId: string, code: string, limit: number): Promise<TerritorySites> {
  const column = code.length === 2 ? 's.state_code' : 's.territory_code';
  const where = `s.organization_id = $1 AND ${column} = $2 AND s.status = 'active' AND sup.status <> 'archived'`;
  const from = `FROM sites s JOIN suppliers sup ON sup.organization_id = s.organization_id AND sup.id = s.supplier_id`;
  const { rows } = await q.query<{ id: string; name: string; territory_code: string | null; supplier_id: string; supplier_name: string }>(
    planPerCall(`SELECT s.id, s.name, s.territory_code, s.supplier_id, sup.legal_name AS supplier_name
       ${from} WHERE ${where}
      ORDER BY sup.legal_name, s.name, s.id LIMIT $3`),
    [orgId, code, limit],
  );
  let total = rows.length;
  if (rows.length === limit) {
    const count = await q.query<{ n: number }>(planPerCall(`SELECT count(*)::int AS n ${from} WHERE ${where}`), [orgId, code]);
    total = Number(count.rows[0].n);
  }
  return {
    rows: rows.map((r) => ({ id: r.id, name: r.name, territoryCode: r.territory_code, supplierId: r.supplier_id, supplierName: r.supplier_name })),
    total,
  };
}
