import type { Queryable } from '../db/types.ts';
import { containsPattern, foldSearchText } from './search-text.ts';

export interface SitePick {
  id: string;
  name: string;
  supplierId: string;
  supplierName: string;
}

const COLUMNS = `st.id, st.name, s.id AS "supplierId", s.legal_name AS "supplierName"`;
const FROM = `sites st JOIN suppliers s ON s.organization_id = st.organization_id AND s.id = st.supplier_id
  WHERE st.organization_id = app_org() AND st.status = 'active' AND s.status <> 'archived'
    AND ($2::uuid IS NULL OR st.supplier_id = $2)`;

/** Active sites of the tenant whose name or supplier matches the text (type-ahead), optionally of one supplier. */
export async function searchSitePicks(q: Queryable, text: string, supplierId: string | null, limit: number): Promise<SitePick[]> {
  // Two indexed look-ups (sites.search_text, suppliers.search_text; migrations 033 and 010),
  // handed over as arrays: joined as sets, or OR-ed, the planner walks every site of the tenant.
  const r = await q.query<SitePick>(
    `SELECT ${COLUMNS} FROM ${FROM}
        AND st.id = ANY (ARRAY(SELECT site_ids_matching($1)
          UNION SELECT x.id FROM sites x WHERE x.organization_id = app_org() AND x.supplier_id = ANY (ARRAY(SELECT supplier_ids_matching($1)))))
      ORDER BY s.legal_name, st.name, st.id LIMIT $3`,
    [containsPattern(text), supplierId, limit],
  );
  return r.rows;
}

/**
 * Sites a typed name stands for, most exact first: a site called exactly that (up to case
 * and accents) wins over one whose name only contains it; with a supplier name given too
 * ("Site · Supplier", as the type-ahead writes it) only that supplier's sites count.
 */
export async function sitesForText(q: Queryable, siteText: string, supplierText: string | null, supplierId: string | null): Promise<SitePick[]> {
  const folded = foldSearchText(siteText);
  // Whole-name matches first, so the many sites merely containing the text do not hide the one named so.
  const r = await q.query<SitePick>(
    `SELECT ${COLUMNS} FROM ${FROM} AND st.id = ANY (ARRAY(SELECT site_ids_matching($1)))
      ORDER BY st.search_text = $3 DESC, s.legal_name, st.name LIMIT 100`,
    [containsPattern(siteText), supplierId, folded],
  );
  const ofSupplier = supplierText === null ? r.rows : r.rows.filter((x) => foldSearchText(x.supplierName) === foldSearchText(supplierText));
  const whole = ofSupplier.filter((x) => foldSearchText(x.name) === folded);
  return whole.length > 0 ? whole : ofSupplier;
}

export async function selectSitePick(q: Queryable, id: string): Promise<SitePick | undefined> {
  const r = await q.query<SitePick>(`SELECT ${COLUMNS} FROM ${FROM} AND st.id = $1`, [id, null]);
  return r.rows[0];
}
