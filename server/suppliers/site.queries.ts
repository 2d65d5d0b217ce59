import type { Queryable } from '../db/types.ts';
import type { ListFilters } from './supplier.queries.ts';
import { filterSql } from './supplier.queries.ts';
import { planPerCall } from '../db/plan.ts';

/** Workforce composition of a site: counts only, never names (minimum data about minors). */
export interface WorkforceCounts {
  workforce_total: number | null;
  workforce_women: number | null;
  workforce_adolescents: number | null;
  workforce_seasonal: number | null;
  workforce_migrant: number | null;
  workforce_indigenous: number | null;
  workforce_family: number | null;
  workforce_subcontracted: number | null;
}

/** Where a site is, with the territory names joined in. */
export interface SitePlace {
  territory_code: string | null;
  state_code: string | null;
  territory_name: string | null;
  state_name: string | null;
  latitude: string | null;
  longitude: string | null;
}

export interface SiteRow extends SitePlace, WorkforceCounts {
  id: string;
  supplier_id: string;
  external_id: string | null;
  name: string;
  address: string | null;
  activities: string[];
  status: 'active' | 'archived';
  created_at: Date;
  updated_at: Date;
}

/** The columns a form edits, as stored. */
export interface SiteData {
  name: string;
  external_id: string | null;
  address: string | null;
  territory_code: string;
  state_code: string;
  latitude: number | null;
  longitude: number | null;
  workforce_total: number | null;
  workforce_women: number | null;
  workforce_adolescents: number | null;
  workforce_seasonal: number | null;
  workforce_migrant: number | null;
  workforce_indigenous: number | null;
  workforce_family: number | null;
  workforce_subcontracted: number | null;
  activities: string[];
}

export const SITE_DATA_COLUMNS = [
  'name', 'external_id', 'address', 'territory_code', 'state_code', 'latitude', 'longitude',
  'workforce_total', 'workforce_women', 'workforce_adolescents', 'workforce_seasonal', 'workforce_migrant',
  'workforce_indigenous', 'workforce_family', 'workforce_subcontracted', 'activities',
] as const satisfies readonly (keyof SiteData)[];

const SELECT = `
  SELECT x.id, x.supplier_id, x.external_id, x.name, x.address, x.territory_code, x.state_code,
         t.name AS territory_name, st.name AS state_name, x.latitude::text, x.longitude::text,
         x.workforce_total, x.workforce_women, x.workforce_adolescents, x.workforce_seasonal, x.workforce_migrant,
         x.workforce_indigenous, x.workforce_family, x.workforce_subcontracted, x.activities, x.status, x.created_at, x.updated_at
    FROM sites x
    LEFT JOIN territories t ON t.country = 'MX' AND t.code = x.territory_code
    LEFT JOIN territories st ON st.country = 'MX' AND st.level = 'state' AND st.code = x.state_code`;

export async function insertSite(q: Queryable, supplierId: string, d: SiteData): Promise<string> {
  const values = SITE_DATA_COLUMNS.map((c) => d[c]);
  const r = await q.query<{ id: string }>(
    `INSERT INTO sites (organization_id, supplier_id, ${SITE_DATA_COLUMNS.join(', ')})
     VALUES (app_org(), $1, ${SITE_DATA_COLUMNS.map((_, i) => `$${i + 2}`).join(', ')}) RETURNING id`,
    [supplierId, ...values],
  );
  return r.rows[0].id;
}

export async function updateSite(q: Queryable, id: string, d: SiteData): Promise<void> {
  await q.query(
    `UPDATE sites SET ${SITE_DATA_COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now()
      WHERE organization_id = app_org() AND id = $1`,
    [id, ...SITE_DATA_COLUMNS.map((c) => d[c])],
  );
}

export async function selectSite(q: Queryable, id: string): Promise<SiteRow | undefined> {
  const r = await q.query<SiteRow>(`${SELECT} WHERE x.organization_id = app_org() AND x.id = $1`, [id]);
  return r.rows[0];
}

export async function selectSitesOf(q: Queryable, supplierId: string, includeArchived = false): Promise<SiteRow[]> {
  const r = await q.query<SiteRow>(
    `${SELECT} WHERE x.organization_id = app_org() AND x.supplier_id = $1 ${includeArchived ? '' : `AND x.status = 'active'`}
      ORDER BY x.status, x.name, x.id`,
    [supplierId],
  );
  return r.rows;
}

export async function setSiteStatus(q: Queryable, id: string, status: SiteRow['status']): Promise<void> {
  await q.query(`UPDATE sites SET status = $2, updated_at = now() WHERE organization_id = app_org() AND id = $1`, [id, status]);
}

export async function siteNameTaken(q: Queryable, supplierId: string, name: string, exceptId: string | null): Promise<boolean> {
  const r = await q.query(
    `SELECT 1 FROM sites WHERE organization_id = app_org() AND supplier_id = $1 AND lower(name) = lower($2)
        AND status = 'active' AND ($3::uuid IS NULL OR id <> $3)`,
    [supplierId, name, exceptId],
  );
  return r.rowCount > 0;
}

export async function siteExternalIdTaken(q: Queryable, supplierId: string, externalId: string, exceptId: string | null): Promise<boolean> {
  const r = await q.query(
    `SELECT 1 FROM sites WHERE organization_id = app_org() AND supplier_id = $1 AND external_id = $2 AND ($3::uuid IS NULL OR id <> $3)`,
    [supplierId, externalId, exceptId],
  );
  return r.rowCount > 0;
}

export interface MapPointRow {
  id: string;
  name: string;
  supplier_id: string;
  supplier_name: string;
  territory_code: string | null;
  latitude: string | null;
  longitude: string | null;
  score_level: string | null;
  residual: string | null;
}

export interface MapFilters {
  /** Residual score level of the site, or 'unscored'. */
  level?: string;
  state?: string;
  supplierId?: string;
}

/**
 * Active sites of active suppliers for the map, with or without coordinates, with their
 * current residual score (null while not scored), narrowed by the map's filters.
 */
export async function selectMapSites(q: Queryable, limit: number, f: MapFilters = {}): Promise<{ rows: MapPointRow[]; total: number }> {
  const from = `FROM sites x JOIN suppliers s ON s.organization_id = x.organization_id AND s.id = x.supplier_id
       LEFT JOIN current_site_scores c ON c.organization_id = x.organization_id AND c.site_id = x.id
      WHERE x.organization_id = app_org() AND x.status = 'active' AND s.status <> 'archived'
        AND ($1::text IS NULL OR ($1 = 'unscored' AND c.id IS NULL) OR c.level = $1)
        AND ($2::text IS NULL OR left(x.territory_code, 2) = $2 OR x.state_code = $2)
        AND ($3::uuid IS NULL OR x.supplier_id = $3)`;
  const args = [f.level ?? null, f.state ?? null, f.supplierId ?? null];
  const r = await q.query<MapPointRow>(
    `SELECT x.id, x.name, x.supplier_id, s.legal_name AS supplier_name, x.territory_code, x.latitude::text, x.longitude::text,
            c.level AS score_level, c.residual::text AS residual
       ${from}
      ORDER BY s.tier, x.id LIMIT $4`,
    [...args, limit],
  );
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, args);
  return { rows: r.rows, total: total.rows[0].n };
}

/** Suppliers that have active sites, for the map's supplier filter. */
export interface ExportRow extends SitePlace, WorkforceCounts {
  /** Current scores (null when not scored yet) and the risk dataset they were computed with. */
  risk_level: string | null;
  worst_residual: number | null;
  weighted_residual: number | null;
  site_level: string | null;
  site_residual: number | null;
  score_dataset: string | null;
  supplier_id: string;
  legal_name: string;
  trade_name: string | null;
  tax_id: string | null;
  external_id: string | null;
  sector_code: string | null;
  commodities: string[];
  tier: number;
  status: string;
  tags: string[];
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  updated_at: Date;
  site_id: string | null;
  site_name: string | null;
  site_external_id: string | null;
  address: string | null;
  activities: string[] | null;
}

/**
 * One row per active site, and one for a supplier without sites; the list's filters apply.
 * With a state or municipality filter only the sites there are written, not the supplier's others.
 */
export async function selectExportRows(q: Queryable, orgId: string, f: ListFilters, limit: number): Promise<ExportRow[]> {
  const params: unknown[] = [];
  const where = filterSql(orgId, f, params);
  const siteConds = [
    f.state ? ` AND x.state_code = $${params.push(f.state)}` : '',
    f.municipality ? ` AND x.territory_code = $${params.push(f.municipality)}` : '',
  ].join('');
  params.push(limit);
  const r = await q.query<ExportRow>(planPerCall(
    `SELECT s.id AS supplier_id, s.legal_name, s.trade_name, s.tax_id, s.external_id, s.sector_code, s.commodities, s.tier,
            s.status, s.tags, s.contact_name, s.contact_email, s.contact_phone, s.updated_at,
            x.id AS site_id, x.name AS site_name, x.external_id AS site_external_id, x.address, x.territory_code, x.state_code,
            t.name AS territory_name, st.name AS state_name, x.latitude::text, x.longitude::text,
            x.workforce_total, x.workforce_women, x.workforce_adolescents, x.workforce_seasonal, x.workforce_migrant,
            x.workforce_indigenous, x.workforce_family, x.workforce_subcontracted, x.activities,
            ss.level AS risk_level, ss.worst_residual::float8 AS worst_residual, ss.weighted_residual::float8 AS weighted_residual,
            xs.level AS site_level, xs.residual::float8 AS site_residual,
            CASE WHEN d.id IS NOT NULL THEN d.name || ' ' || d.version END AS score_dataset
       FROM suppliers s
       LEFT JOIN sites x ON x.organization_id = s.organization_id AND x.supplier_id = s.id AND x.status = 'active'${siteConds}
       LEFT JOIN territories t ON t.country = 'MX' AND t.code = x.territory_code
       LEFT JOIN territories st ON st.country = 'MX' AND st.level = 'state' AND st.code = x.state_code
       LEFT JOIN current_supplier_scores ss ON ss.organization_id = s.organization_id AND ss.supplier_id = s.id
       LEFT JOIN current_site_scores xs ON xs.organization_id = x.organization_id AND xs.site_id = x.id
       LEFT JOIN risk_datasets d ON d.id = coalesce(xs.dataset_id, ss.dataset_id)
      WHERE ${where}
      ORDER BY s.legal_name, s.id, x.name, x.id
      LIMIT $${params.length}`),
    params,
  );
  return r.rows;
}

/** Risk level per territory code in a dataset, a municipality without its own value taking its state's. */
export async function selectTerritoryLevels(q: Queryable, datasetId: string, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const r = await q.query<{ code: string; risk_level: string | null }>(
    `SELECT t.code, coalesce(v.risk_level, sv.risk_level) AS risk_level
       FROM territories t
       LEFT JOIN risk_values v ON v.dataset_id = $1 AND v.code = t.code
       LEFT JOIN risk_values sv ON sv.dataset_id = $1 AND sv.code = t.state_code
      WHERE t.country = 'MX' AND t.code = ANY($2::text[])`,
    [datasetId, codes],
  );
  return new Map(r.rows.filter((x) => x.risk_level !== null).map((x) => [x.code, x.risk_level!]));
}
