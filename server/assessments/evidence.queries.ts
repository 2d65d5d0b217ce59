import type { Queryable } from '../db/types.ts';

export interface EvidenceRow {
  id: string;
  organization_id: string;
  assessment_id: string;
  question_id: string;
  original_name: string;
  stored_name: string;
  mime: string;
  size: number;
  sha256: string;
  uploaded_at: Date;
  uploaded_by_portal: boolean;
}

const COLUMNS = `e.id, e.organization_id, e.assessment_id, e.question_id, e.original_name, e.stored_name, e.mime, e.size::int AS size,
  e.sha256, e.uploaded_at, e.uploaded_by_portal`;

export async function insertEvidence(
  q: Queryable,
  e: { assessmentId: string; questionId: string; originalName: string; storedName: string; mime: string; size: number; sha256: string; byPortal: boolean; userId: string | null },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO evidence_files (organization_id, assessment_id, question_id, original_name, stored_name, mime, size, sha256, uploaded_by_portal, uploaded_by)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [e.assessmentId, e.questionId, e.originalName, e.storedName, e.mime, e.size, e.sha256, e.byPortal, e.userId],
  );
  return r.rows[0].id;
}

export async function listEvidenceForAssessment(q: Queryable, assessmentId: string): Promise<EvidenceRow[]> {
  const r = await q.query<EvidenceRow>(`SELECT ${COLUMNS} FROM evidence_files e WHERE e.assessment_id = $1 ORDER BY e.uploaded_at, e.id`, [assessmentId]);
  return r.rows;
}

/** Bytes already stored by the organisation (RLS scopes the sum to the caller's tenant). */
export async function organizationEvidenceBytes(q: Queryable): Promise<number> {
  const r = await q.query<{ bytes: string }>(`SELECT coalesce(sum(size), 0)::text AS bytes FROM evidence_files`);
  return Number(r.rows[0].bytes);
}

export async function getEvidence(q: Queryable, id: string): Promise<EvidenceRow | undefined> {
  const r = await q.query<EvidenceRow>(`SELECT ${COLUMNS} FROM evidence_files e WHERE e.id = $1`, [id]);
  return r.rows[0];
}

export interface EvidenceListRow extends EvidenceRow {
  supplier_name: string;
  site_name: string | null;
  template_key: string;
  template_version: number;
  status: string;
  /** The question's text and the questionnaire's title, {es, en}: the page shows these, not ids. */
  question_text: { es: string; en: string } | null;
  template_title: { es: string; en: string } | null;
}

/** Every evidence file of the organisation, newest first (auditors' list). */
export async function listEvidence(q: Queryable, limit: number, offset: number): Promise<{ rows: EvidenceListRow[]; total: number }> {
  const r = await q.query<EvidenceListRow>(
    `SELECT ${COLUMNS}, s.legal_name AS supplier_name, st.name AS site_name, a.template_key, a.template_version, a.status,
            jsonb_path_query_first(t.definition, '$.sections[*].questions[*] ? (@.id == $qid).text', jsonb_build_object('qid', e.question_id)) AS question_text,
            t.definition->'title' AS template_title
       FROM evidence_files e
       JOIN assessments a ON a.organization_id = e.organization_id AND a.id = e.assessment_id
       JOIN suppliers s ON s.organization_id = a.organization_id AND s.id = a.supplier_id
       LEFT JOIN sites st ON st.organization_id = a.organization_id AND st.id = a.site_id
       LEFT JOIN questionnaire_templates t ON t.id = a.template_id
      ORDER BY e.uploaded_at DESC, e.id LIMIT $1 OFFSET $2`,
    [limit, offset],
  );
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM evidence_files`);
  return { rows: r.rows, total: total.rows[0].n };
}
