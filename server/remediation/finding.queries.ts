import type { Queryable } from '../db/types.ts';
import type { FindingCategory, FindingSeverity, FindingSource, FindingStatus } from './remediation.types.ts';

export interface FindingRow {
  id: string;
  supplier_id: string;
  supplier_name: string;
  site_id: string | null;
  site_name: string | null;
  source: FindingSource;
  assessment_id: string | null;
  question_id: string | null;
  red_flag_code: string | null;
  category: FindingCategory;
  severity: FindingSeverity;
  title: string;
  description: string | null;
  status: FindingStatus;
  created_by_name: string | null;
  created_at: Date;
  closed_at: Date | null;
  plan_count: number;
}

const SELECT = `
  SELECT f.id, f.supplier_id, s.legal_name AS supplier_name, f.site_id, st.name AS site_name, f.source,
         f.assessment_id, f.question_id, f.red_flag_code, f.category, f.severity, f.title, f.description,
         f.status, u.name AS created_by_name, f.created_at, f.closed_at,
         (SELECT count(*)::int FROM remediation_plans p WHERE p.organization_id = f.organization_id AND p.finding_id = f.id) AS plan_count
    FROM findings f
    JOIN suppliers s ON s.organization_id = f.organization_id AND s.id = f.supplier_id
    LEFT JOIN sites st ON st.organization_id = f.organization_id AND st.id = f.site_id
    LEFT JOIN users u ON u.id = f.created_by`;

// Most severe first: critical child labour must top every list.
const SEVERITY_ORDER = `CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`;

export interface FindingFilter {
  status?: FindingStatus;
  category?: FindingCategory;
  severity?: FindingSeverity;
  supplierId?: string;
  limit: number;
  offset: number;
}

export async function listFindings(q: Queryable, f: FindingFilter): Promise<{ rows: FindingRow[]; total: number }> {
  const where = `WHERE ($1::text IS NULL OR f.status = $1) AND ($2::text IS NULL OR f.category = $2)
                   AND ($3::text IS NULL OR f.severity = $3) AND ($4::uuid IS NULL OR f.supplier_id = $4)`;
  const params = [f.status ?? null, f.category ?? null, f.severity ?? null, f.supplierId ?? null];
  const rows = await q.query<FindingRow>(
    `${SELECT} ${where} ORDER BY (f.status = 'closed'), ${SEVERITY_ORDER}, f.created_at DESC, f.id LIMIT $5 OFFSET $6`,
    [...params, f.limit, f.offset],
  );
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM findings f ${where}`, params);
  return { rows: rows.rows, total: total.rows[0].n };
}

/** Every finding, for exports (most severe first). */
export async function allFindings(q: Queryable): Promise<FindingRow[]> {
  return (await q.query<FindingRow>(`${SELECT} ORDER BY ${SEVERITY_ORDER}, f.created_at DESC, f.id`)).rows;
}

export async function getFinding(q: Queryable, id: string, forUpdate = false): Promise<FindingRow | undefined> {
  const r = await q.query<FindingRow>(`${SELECT} WHERE f.id = $1${forUpdate ? ' FOR UPDATE OF f' : ''}`, [id]);
  return r.rows[0];
}

export interface NewFinding {
  supplierId: string;
  siteId: string | null;
  source: FindingSource;
  assessmentId: string | null;
  questionId: string | null;
  redFlagCode: string | null;
  category: FindingCategory;
  severity: FindingSeverity;
  title: string;
  description: string | null;
  createdBy: string | null;
}

/** Null when the same red flag of the same assessment question already has a finding. */
export async function insertFinding(q: Queryable, f: NewFinding): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO findings (organization_id, supplier_id, site_id, source, assessment_id, question_id, red_flag_code,
                           category, severity, title, description, created_by)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (organization_id, assessment_id, question_id, red_flag_code) WHERE red_flag_code IS NOT NULL DO NOTHING
     RETURNING id`,
    [f.supplierId, f.siteId, f.source, f.assessmentId, f.questionId, f.redFlagCode, f.category, f.severity, f.title, f.description, f.createdBy],
  );
  return r.rows[0]?.id ?? null;
}

export async function setFindingStatus(q: Queryable, id: string, status: FindingStatus): Promise<void> {
  await q.query(
    `UPDATE findings SET status = $2, updated_at = now(),
            closed_at = CASE WHEN $2 = 'closed' THEN coalesce(closed_at, now()) ELSE NULL END
      WHERE id = $1`,
    [id, status],
  );
}

export async function updateFindingClass(
  q: Queryable, id: string, v: { category: FindingCategory; severity: FindingSeverity; title: string; description: string | null },
): Promise<void> {
  await q.query(
    `UPDATE findings SET category = $2, severity = $3, title = $4, description = $5, updated_at = now() WHERE id = $1`,
    [id, v.category, v.severity, v.title, v.description],
  );
}

/** Supplier and site of an assessment (RLS: only the caller's own). */
export async function assessmentSubject(q: Queryable, assessmentId: string) {
  const r = await q.query<{ supplier_id: string; site_id: string | null }>(
    `SELECT supplier_id, site_id FROM assessments WHERE id = $1`,
    [assessmentId],
  );
  return r.rows[0];
}

export async function supplierExists(q: Queryable, supplierId: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM suppliers WHERE id = $1`, [supplierId])).rowCount > 0;
}

export async function siteOfSupplier(q: Queryable, siteId: string, supplierId: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM sites WHERE id = $1 AND supplier_id = $2`, [siteId, supplierId])).rowCount > 0;
}

/** The supplier preselected on the form (?supplierId=), as the type-ahead writes it. */
export async function supplierPickLabel(q: Queryable, id: string): Promise<string | null> {
  const r = await q.query<{ legal_name: string; tax_id: string | null }>(`SELECT legal_name, tax_id FROM suppliers WHERE id = $1`, [id]);
  const s = r.rows[0];
  return s ? (s.tax_id ? `${s.legal_name} (${s.tax_id})` : s.legal_name) : null;
}
