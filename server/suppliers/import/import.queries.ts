import type { Queryable } from '../../db/types.ts';
import type { ImportIssue } from './issues.ts';
import type { ExistingSupplier } from './import.match.ts';
import type { Place, PlaceChoice } from './import.places.ts';
import type { ExistingSite } from './import.sites.ts';

export type ImportStatus = 'uploaded' | 'previewed' | 'committing' | 'committed' | 'failed';

export interface ImportStats {
  rows: number;
  validRows: number;
  suppliers: number;
  sites: number;
  suppliersNew: number;
  suppliersExisting: number;
  links: number;
  errors: number;
  warnings: number;
  places: number;
  delimiter: string | null;
  sheetName: string | null;
  columns: { header: string; field: string }[];
}

export interface CommitCounts {
  suppliersCreated: number;
  suppliersUpdated: number;
  suppliersUnchanged: number;
  sitesCreated: number;
  sitesUpdated: number;
  sitesUnchanged: number;
  linksAdded: number;
  tiersChanged: number;
}

export interface SupplierImportRow {
  id: string;
  file_name: string;
  file_sha256: string;
  file_size: number;
  stored_name: string;
  format: 'csv' | 'xlsx' | null;
  encoding: string | null;
  status: ImportStatus;
  stats: ImportStats;
  issues: { errors: ImportIssue[]; warnings: ImportIssue[] };
  places: Place[];
  job_id: string | null;
  committed: CommitCounts | null;
  created_by: string | null;
  created_at: Date;
  committed_at: Date | null;
}

export interface NewImport {
  fileName: string;
  sha256: string;
  size: number;
  storedName: string;
  format: 'csv' | 'xlsx' | null;
  encoding: string | null;
  stats: ImportStats;
  issues: SupplierImportRow['issues'];
  places: Place[];
  createdBy: string | null;
}

export async function insertImport(q: Queryable, i: NewImport): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO supplier_imports (organization_id, file_name, file_sha256, file_size, stored_name, format, encoding,
       status, stats, issues, places, created_by)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, 'previewed', $7, $8, $9, $10) RETURNING id`,
    [i.fileName, i.sha256, i.size, i.storedName, i.format, i.encoding, JSON.stringify(i.stats), JSON.stringify(i.issues), JSON.stringify(i.places), i.createdBy],
  );
  return r.rows[0].id;
}

export async function selectImport(q: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<SupplierImportRow | undefined> {
  const r = await q.query<SupplierImportRow>(
    `SELECT id, file_name, file_sha256, file_size, stored_name, format, encoding, status, stats, issues, places, job_id,
            committed, created_by, created_at, committed_at
       FROM supplier_imports WHERE organization_id = app_org() AND id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r.rows[0];
}

export async function listRecentImports(q: Queryable, limit: number) {
  const r = await q.query<Pick<SupplierImportRow, 'id' | 'file_name' | 'status' | 'stats' | 'committed' | 'created_at'>>(
    `SELECT id, file_name, status, stats, committed, created_at FROM supplier_imports
      WHERE organization_id = app_org() ORDER BY created_at DESC, id LIMIT $1`,
    [limit],
  );
  return r.rows;
}

export async function updatePlaces(q: Queryable, id: string, places: Place[]): Promise<void> {
  await q.query(`UPDATE supplier_imports SET places = $2, updated_at = now() WHERE organization_id = app_org() AND id = $1`, [id, JSON.stringify(places)]);
}

/** Moves to 'committing' only from a committable state; false when another commit got there first. */
export async function markCommitting(q: Queryable, id: string): Promise<boolean> {
  const r = await q.query(
    `UPDATE supplier_imports SET status = 'committing', updated_at = now()
      WHERE organization_id = app_org() AND id = $1 AND status IN ('previewed', 'failed')`,
    [id],
  );
  return r.rowCount > 0;
}

export async function setStatus(q: Queryable, id: string, status: ImportStatus, jobId?: string): Promise<void> {
  await q.query(
    `UPDATE supplier_imports SET status = $2, job_id = coalesce($3, job_id), updated_at = now() WHERE organization_id = app_org() AND id = $1`,
    [id, status, jobId ?? null],
  );
}

export async function markCommitted(q: Queryable, id: string, counts: CommitCounts): Promise<void> {
  await q.query(
    `UPDATE supplier_imports SET status = 'committed', committed = $2, committed_at = now(), updated_at = now()
      WHERE organization_id = app_org() AND id = $1`,
    [id, JSON.stringify(counts)],
  );
}

/** Stored suppliers carrying any of these RFCs or external IDs. */
export async function selectSuppliersByKeys(q: Queryable, taxIds: string[], externalIds: string[]): Promise<ExistingSupplier[]> {
  if (taxIds.length === 0 && externalIds.length === 0) return [];
  const r = await q.query<ExistingSupplier>(
    `SELECT id, tax_id, external_id, legal_name, trade_name, tier, status FROM suppliers
      WHERE organization_id = app_org() AND (tax_id = ANY($1::text[]) OR external_id = ANY($2::text[]))`,
    [taxIds, externalIds],
  );
  return r.rows.map((s) => ({ ...s, tier: Number(s.tier) }));
}

/** Every site of these suppliers, oldest first (the site-matching rule prefers the oldest). */
export async function selectSitesOfSuppliers(q: Queryable, supplierIds: string[]): Promise<ExistingSite[]> {
  if (supplierIds.length === 0) return [];
  const r = await q.query<ExistingSite>(
    `SELECT id, supplier_id, name, territory_code FROM sites
      WHERE organization_id = app_org() AND supplier_id = ANY($1::uuid[]) ORDER BY created_at, id`,
    [supplierIds],
  );
  return r.rows;
}

/** The latest territory the organisation's users chose for each of these place keys, in any earlier upload. */
export async function selectEarlierChoices(q: Queryable, keys: string[]): Promise<Map<string, PlaceChoice>> {
  if (keys.length === 0) return new Map();
  const r = await q.query<{ key: string; chosen: PlaceChoice }>(
    `SELECT DISTINCT ON (p->>'key') p->>'key' AS key, p->'chosen' AS chosen
       FROM supplier_imports i CROSS JOIN LATERAL jsonb_array_elements(i.places) p
      WHERE i.organization_id = app_org() AND p->>'key' = ANY($1::text[]) AND jsonb_typeof(p->'chosen') = 'object'
      ORDER BY p->>'key', i.updated_at DESC`,
    [keys],
  );
  return new Map(r.rows.map((x) => [x.key, x.chosen]));
}
