import type { Queryable, Row } from '../db/types.ts';

/**
 * Every table that holds tenant rows, found in the catalogue rather than listed by hand,
 * so an export or a purge cannot forget a table another feature adds later.
 */
export async function listTenantTables(q: Queryable): Promise<string[]> {
  const r = await q.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND c.column_name = 'organization_id' AND t.table_type = 'BASE TABLE'
      ORDER BY 1`,
  );
  return r.rows.map((x) => x.table_name);
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** All rows of one tenant table for the organisation in context (RLS applies too). */
export async function tenantRows(q: Queryable, table: string): Promise<Row[]> {
  if (!IDENT.test(table)) throw new Error(`not a table name: ${table}`);
  const r = await q.query<Row>(`SELECT * FROM "${table}" WHERE organization_id = app_org()`);
  return r.rows;
}

export async function organizationRow(q: Queryable): Promise<Row | undefined> {
  const r = await q.query<Row>(
    `SELECT id, kind, name, slug, country, legal_name, tax_id, address, contact_email, created_at FROM organizations WHERE id = app_org()`,
  );
  return r.rows[0];
}

/** The requester's own role in the organisation now (not the one a job runs with). */
export async function memberRole(q: Queryable, userId: string): Promise<string | undefined> {
  const r = await q.query<{ role: string }>(
    `SELECT role FROM memberships WHERE organization_id = app_org() AND user_id = $1 AND (expires_at IS NULL OR expires_at > now())`,
    [userId],
  );
  return r.rows[0]?.role;
}

export interface ExportJobRow {
  id: string;
  status: string;
  created_at: Date;
  finished_at: Date | null;
  result: { file?: string; bytes?: number; sha256?: string; files?: number } | null;
  requested_by: string | null;
}

export async function listExportJobs(q: Queryable, kind: string): Promise<ExportJobRow[]> {
  const r = await q.query<ExportJobRow>(
    `SELECT j.id, j.status, j.created_at, j.finished_at, j.result, u.name AS requested_by
       FROM jobs j LEFT JOIN users u ON u.id = j.created_by
      WHERE j.organization_id = app_org() AND j.kind = $1 ORDER BY j.created_at DESC LIMIT 20`,
    [kind],
  );
  return r.rows;
}

export async function getExportJob(q: Queryable, kind: string, id: string): Promise<ExportJobRow | undefined> {
  const r = await q.query<ExportJobRow>(
    `SELECT id, status, created_at, finished_at, result, NULL AS requested_by FROM jobs WHERE organization_id = app_org() AND kind = $1 AND id = $2`,
    [kind, id],
  );
  return r.rows[0];
}
