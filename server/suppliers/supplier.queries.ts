import type { Queryable } from '../db/types.ts';
import { planPerCall } from '../db/plan.ts';
import { containsPattern } from './search-text.ts';
import type { SupplierSort } from './supplier.schema.ts';
import { riskLevelFilterSql, riskLevelSortSql, type RiskLevelFilter } from '../scores/score.filters.ts';
import { selectOrgCounts, suppliersAtLevels } from '../summaries/org-counts.queries.ts';

export interface SupplierRow {
  id: string;
  external_id: string | null;
  tax_id: string | null;
  legal_name: string;
  trade_name: string | null;
  sector_code: string | null;
  commodities: string[];
  tier: number;
  status: 'active' | 'inactive' | 'archived';
  tags: string[];
  notes: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
}

/** The columns a form edits, as stored. */
export interface SupplierData {
  legal_name: string;
  trade_name: string | null;
  tax_id: string | null;
  external_id: string | null;
  sector_code: string | null;
  commodities: string[];
  tags: string[];
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  notes: string | null;
  tier: number;
  status: 'active' | 'inactive';
}

const COLUMNS = `id, external_id, tax_id, legal_name, trade_name, sector_code, commodities, tier, status, tags, notes,
  contact_name, contact_email, contact_phone, created_at, updated_at, archived_at`;

export async function insertSupplier(q: Queryable, d: SupplierData, searchText: string): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO suppliers (organization_id, legal_name, trade_name, tax_id, external_id, sector_code, commodities, tags,
       contact_name, contact_email, contact_phone, notes, tier, status, search_text)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [d.legal_name, d.trade_name, d.tax_id, d.external_id, d.sector_code, d.commodities, d.tags,
     d.contact_name, d.contact_email, d.contact_phone, d.notes, d.tier, d.status, searchText],
  );
  return r.rows[0].id;
}

export async function updateSupplier(q: Queryable, id: string, d: SupplierData, searchText: string): Promise<void> {
  await q.query(
    `UPDATE suppliers SET legal_name = $2, trade_name = $3, tax_id = $4, external_id = $5, sector_code = $6, commodities = $7,
       tags = $8, contact_name = $9, contact_email = $10, contact_phone = $11, notes = $12, tier = $13, status = $14,
       search_text = $15, updated_at = now()
     WHERE organization_id = app_org() AND id = $1`,
    [id, d.legal_name, d.trade_name, d.tax_id, d.external_id, d.sector_code, d.commodities, d.tags,
     d.contact_name, d.contact_email, d.contact_phone, d.notes, d.tier, d.status, searchText],
  );
}

export async function selectSupplier(q: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<SupplierRow | undefined> {
  const r = await q.query<SupplierRow>(
    `SELECT ${COLUMNS} FROM suppliers WHERE organization_id = app_org() AND id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r.rows[0];
}

export async function selectSupplierIdBy(q: Queryable, column: 'tax_id' | 'external_id', value: string): Promise<{ id: string; legal_name: string } | undefined> {
  const r = await q.query<{ id: string; legal_name: string }>(
    `SELECT id, legal_name FROM suppliers WHERE organization_id = app_org() AND ${column} = $1`,
    [value],
  );
  return r.rows[0];
}

export async function setSupplierStatus(q: Queryable, id: string, status: SupplierRow['status']): Promise<void> {
  await q.query(
    `UPDATE suppliers SET status = $2, archived_at = CASE WHEN $2 = 'archived' THEN now() ELSE NULL END, updated_at = now()
      WHERE organization_id = app_org() AND id = $1`,
    [id, status],
  );
}

export interface ListFilters {
  q?: string;
  state?: string;
  municipality?: string;
  sector?: string;
  tier?: number;
  /** Default: everything but archived. */
  status?: 'active' | 'inactive' | 'archived' | 'all';
  /** Current risk level (server/scores), or 'unscored'. */
  risk?: RiskLevelFilter;
}

/**
 * WHERE clause over `suppliers s` for the list, the API and the export. The tenant is also
 * given as a value: RLS still decides, but with `organization_id = $1` next to the policy's
 * `= app_org()` the planner evaluates app_org() once instead of per row, and uses the indexes.
 * Statements built on it are planned per call (`planPerCall`): the best plan depends on the
 * tenant's size, which a value shows the planner and app_org() does not.
 */
export function filterSql(orgId: string, f: ListFilters, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [`s.organization_id = ${p(orgId)}`];
  if (!f.status) where.push(`s.status <> 'archived'`);
  else if (f.status !== 'all') where.push(`s.status = ${p(f.status)}`);
  // Through the trigram index: see supplier_ids_matching in migration 010.
  if (f.q) where.push(`s.id IN (SELECT supplier_ids_matching(${p(containsPattern(f.q))}))`);
  if (f.tier !== undefined) where.push(`s.tier = ${p(f.tier)}`);
  if (f.sector) {
    // A SCIAN sector is a 2-digit prefix or a range of them ('31-33'); codes are digit strings,
    // so a half-open range uses the (organization_id, sector_code) index.
    const [from, to = from] = f.sector.split('-');
    where.push(`s.sector_code >= ${p(from)} AND s.sector_code < ${p(String(Number(to) + 1))}`);
  }
  const site = (cond: string) =>
    `EXISTS (SELECT 1 FROM sites x WHERE x.organization_id = s.organization_id AND x.supplier_id = s.id AND x.status = 'active' AND ${cond})`;
  if (f.state) where.push(site(`x.state_code = ${p(f.state)}`));
  if (f.municipality) where.push(site(`x.territory_code = ${p(f.municipality)}`));
  if (f.risk) where.push(riskLevelFilterSql('s', p([f.risk])));
  return where.join(' AND ');
}

const ORDER: Record<SupplierSort, string> = {
  name: 's.legal_name, s.id',
  tier: 's.tier, s.legal_name, s.id',
  updated: 's.updated_at DESC, s.id',
  risk: `${riskLevelSortSql('s')} DESC, s.legal_name, s.id`,
};

export interface ListedSupplier {
  id: string;
  legal_name: string;
  trade_name: string | null;
  tax_id: string | null;
  external_id: string | null;
  sector_code: string | null;
  tier: number;
  status: SupplierRow['status'];
  updated_at: Date;
  site_count: number;
  places: string | null;
  risk_level: string | null;
}

export async function listSuppliers(
  q: Queryable,
  orgId: string,
  f: ListFilters,
  page: { sort: SupplierSort; limit: number; offset: number },
): Promise<ListedSupplier[]> {
  const params: unknown[] = [];
  const where = filterSql(orgId, f, params);
  params.push(page.limit, page.offset);
  // The page's ids first (an index-only scan when no filter needs the table), then their rows;
  // site counts and places only for those 50.
  const r = await q.query<ListedSupplier>(planPerCall(
    `SELECT s.id, s.legal_name, s.trade_name, s.tax_id, s.external_id, s.sector_code, s.tier, s.status, s.updated_at,
            coalesce(x.site_count, 0)::int AS site_count, x.places,
            (SELECT c.level FROM supplier_score_current c WHERE c.organization_id = s.organization_id AND c.supplier_id = s.id) AS risk_level
       FROM (SELECT s.id FROM suppliers s WHERE ${where} ORDER BY ${ORDER[page.sort]} LIMIT $${params.length - 1} OFFSET $${params.length}) ids
       JOIN suppliers s ON s.id = ids.id
       LEFT JOIN LATERAL (
         SELECT count(*) AS site_count,
                string_agg(DISTINCT coalesce(m.name || ', ' || st.abbreviation, st.name), '; ') AS places
           FROM sites x
           LEFT JOIN territories m ON m.country = 'MX' AND m.code = x.territory_code AND m.level = 'municipality'
           LEFT JOIN territories st ON st.country = 'MX' AND st.code = x.state_code AND st.level = 'state'
          WHERE x.organization_id = s.organization_id AND x.supplier_id = s.id AND x.status = 'active') x ON true
      ORDER BY ${ORDER[page.sort]}`),
    params,
  );
  return r.rows;
}

export async function countSuppliers(q: Queryable, orgId: string, f: ListFilters): Promise<number> {
  // Status, or the risk level of the suppliers shown by default, alone: the organisation's
  // counts kept as rows change (server/summaries) instead of counting 100,000 index entries.
  if (!f.q && !f.state && !f.municipality && !f.sector && f.tier === undefined && (!f.risk || !f.status)) {
    const c = await selectOrgCounts(q);
    if (f.risk) return suppliersAtLevels(c, [f.risk]);
    if (!f.status) return c.liveSuppliers;
    return f.status === 'all' ? [...c.suppliersByStatus.values()].reduce((a, b) => a + b, 0) : c.suppliersByStatus.get(f.status) ?? 0;
  }
  const params: unknown[] = [];
  const r = await q.query<{ n: number }>(planPerCall(`SELECT count(*)::int AS n FROM suppliers s WHERE ${filterSql(orgId, f, params)}`), params);
  return r.rows[0].n;
}

/** Suppliers for the link picker: by name or RFC, excluding one. */
export async function searchSupplierNames(q: Queryable, text: string, exceptId: string, limit = 20) {
  const r = await q.query<{ id: string; legal_name: string; tax_id: string | null; tier: number }>(
    `SELECT id, legal_name, tax_id, tier FROM suppliers s
      WHERE s.organization_id = app_org() AND s.status <> 'archived' AND s.id <> $2 AND s.id IN (SELECT supplier_ids_matching($1))
      ORDER BY s.legal_name, s.id LIMIT $3`,
    [containsPattern(text), exceptId, limit],
  );
  return r.rows;
}
