import type { Queryable } from '../db/types.ts';
import { containsPattern, foldSearchText } from './search-text.ts';

export interface SupplierPick {
  id: string;
  legalName: string;
  taxId: string | null;
}

const COLUMNS = `id, legal_name AS "legalName", tax_id AS "taxId"`;

/** Suppliers of the tenant in context whose name, RFC or external id contains the text (type-ahead). */
export async function searchSupplierPicks(q: Queryable, text: string, limit: number): Promise<SupplierPick[]> {
  const r = await q.query<SupplierPick>(
    `SELECT ${COLUMNS} FROM suppliers
      WHERE organization_id = app_org() AND status <> 'archived' AND id IN (SELECT supplier_ids_matching($1))
      ORDER BY legal_name, id LIMIT $2`,
    [containsPattern(text), limit],
  );
  return r.rows;
}

/**
 * Suppliers a typed name or RFC stands for, most exact first: the RFC or the whole legal
 * name (up to case and accents) wins over a partial match, so "Finca" is not ambiguous
 * with "Finca del Sur" when a supplier is called exactly "Finca".
 */
export async function suppliersForText(q: Queryable, text: string): Promise<SupplierPick[]> {
  const exact = await q.query<SupplierPick>(
    `SELECT ${COLUMNS} FROM suppliers
      WHERE organization_id = app_org() AND status <> 'archived'
        AND (upper(tax_id) = upper($1) OR id IN (SELECT supplier_ids_matching($2)))
      ORDER BY legal_name LIMIT 50`,
    [text.trim(), containsPattern(text)],
  );
  const folded = foldSearchText(text);
  const whole = exact.rows.filter((s) => (s.taxId && s.taxId.toUpperCase() === text.trim().toUpperCase()) || foldSearchText(s.legalName) === folded);
  return whole.length > 0 ? whole : exact.rows;
}

export async function selectSupplierPick(q: Queryable, id: string): Promise<SupplierPick | undefined> {
  const r = await q.query<SupplierPick>(`SELECT ${COLUMNS} FROM suppliers WHERE organization_id = app_org() AND id = $1`, [id]);
  return r.rows[0];
}
