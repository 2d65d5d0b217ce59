import type { Queryable } from '../db/types.ts';

export type ReportKind = 'supplier' | 'company' | 'portfolio';
export const REPORT_KINDS: readonly ReportKind[] = ['supplier', 'company', 'portfolio'];
export type ReportStatus = 'queued' | 'ready' | 'failed';

export interface ReportRow {
  id: string;
  kind: ReportKind;
  title: string;
  params: Record<string, unknown>;
  locale: 'es-MX' | 'en';
  status: ReportStatus;
  file_path: string | null;
  sha256: string | null;
  size: number | null;
  pages: number | null;
  author_user_id: string | null;
  author_name: string;
  dataset_id: string | null;
  dataset_name: string | null;
  dataset_version: string | null;
  dataset_is_demo: boolean;
  job_id: string | null;
  error: { key: string; params?: Record<string, unknown> } | null;
  created_at: Date;
  generated_at: Date | null;
}

const COLUMNS = `id, kind, title, params, locale, status, file_path, sha256, size::int AS size, pages, author_user_id,
  author_name, dataset_id, dataset_name, dataset_version, dataset_is_demo, job_id, error, created_at, generated_at`;

export async function insertReport(
  q: Queryable,
  r: { id: string; kind: ReportKind; title: string; params: Record<string, unknown>; locale: string; authorUserId: string | null; authorName: string; jobId: string },
): Promise<void> {
  await q.query(
    `INSERT INTO reports (organization_id, id, kind, title, params, locale, author_user_id, author_name, job_id)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7, $8)`,
    [r.id, r.kind, r.title, JSON.stringify(r.params), r.locale, r.authorUserId, r.authorName, r.jobId],
  );
}

export async function selectReport(q: Queryable, id: string): Promise<ReportRow | undefined> {
  const r = await q.query<ReportRow>(`SELECT ${COLUMNS} FROM reports WHERE organization_id = app_org() AND id = $1`, [id]);
  return r.rows[0];
}

export async function listReports(q: Queryable, limit: number, offset: number): Promise<{ rows: ReportRow[]; total: number }> {
  const rows = await q.query<ReportRow>(
    `SELECT ${COLUMNS} FROM reports WHERE organization_id = app_org() ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`,
    [limit, offset],
  );
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM reports WHERE organization_id = app_org()`);
  return { rows: rows.rows, total: total.rows[0].n };
}

/** Ready reports of the organisation whose file had this hash when it was generated. */
export async function selectReportsBySha(q: Queryable, sha256: string): Promise<ReportRow[]> {
  const r = await q.query<ReportRow>(
    `SELECT ${COLUMNS} FROM reports WHERE organization_id = app_org() AND status = 'ready' AND sha256 = $1 ORDER BY created_at`,
    [sha256],
  );
  return r.rows;
}

export interface GeneratedFile {
  filePath: string;
  sha256: string;
  size: number;
  pages: number;
  dataset: { id: string | null; name: string | null; version: string | null; isDemo: boolean };
}

/** The one UPDATE a report gets: queued → ready (the trigger refuses any later change). */
export async function markReady(q: Queryable, id: string, f: GeneratedFile): Promise<boolean> {
  const r = await q.query(
    `UPDATE reports SET status = 'ready', file_path = $2, sha256 = $3, size = $4, pages = $5, dataset_id = $6,
            dataset_name = $7, dataset_version = $8, dataset_is_demo = $9, generated_at = now()
      WHERE organization_id = app_org() AND id = $1 AND status = 'queued'`,
    [id, f.filePath, f.sha256, f.size, f.pages, f.dataset.id, f.dataset.name, f.dataset.version, f.dataset.isDemo],
  );
  return r.rowCount === 1;
}

export async function markFailed(q: Queryable, id: string, error: { key: string; params?: Record<string, unknown> }): Promise<void> {
  await q.query(
    `UPDATE reports SET status = 'failed', error = $2 WHERE organization_id = app_org() AND id = $1 AND status = 'queued'`,
    [id, JSON.stringify(error)],
  );
}
