import type { Queryable } from '../db/types.ts';
import { supplierScopeSql, type SupplierScope } from '../suppliers/supplier-scope.ts';
import type { RedFlagSeverity } from '../questionnaires/template.schema.ts';
import { evaluateAssessment, type AssessmentEvaluation } from '../questionnaires/evaluate.ts';
import { templateDefinition } from '../questionnaires/template.queries.ts';
import type { AnswerValue } from '../questionnaires/conditions.ts';
import type { EvidenceLevel, WorkforceConditions } from '../scoring/types.ts';
import { workforceConditions } from './assessment.conditions.ts';

/** What risk scoring reads from an assessment (matches scoring's AssessmentInput). */
export interface ReviewedEvaluation {
  assessmentId: string;
  /** ISO timestamp of the review. */
  reviewedAt: string;
  supplierId: string;
  siteId: string | null;
  /** 0..1: share of the control points earned. */
  controlsScore: number;
  /** One entry per code, the most severe if a code was raised by several questions. */
  redFlags: { code: string; severity: RedFlagSeverity }[];
  /** How far the analyst checked the controls (null before evidence levels were recorded: declared). */
  evidenceLevel: EvidenceLevel | null;
  /** Date of the on-site verification (YYYY-MM-DD), and whether it was during the harvest. */
  verifiedOn: string | null;
  verifiedInHarvest: boolean | null;
  conditions: WorkforceConditions;
}

/** Map key for an assessment: its site, or `supplier:<id>` for a supplier-wide one. */
export function evaluationKey(supplierId: string, siteId: string | null): string {
  return siteId ?? `supplier:${supplierId}`;
}

interface ReviewedRow {
  id: string;
  supplier_id: string;
  site_id: string | null;
  template_id: string;
  reviewed_at: Date;
  controls_score: string | number | null;
  red_flags: { code: string; severity: RedFlagSeverity }[] | null;
  evidence_level: EvidenceLevel | null;
  verified_on: string | null;
  verified_in_harvest: boolean | null;
  conditions: WorkforceConditions | null;
}

/**
 * The latest reviewed assessment per site (key = siteId) or per supplier when the
 * assessment names no site (key = 'supplier:'+supplierId), in the organisation of the
 * transaction (app_org(): a tenant transaction, or the owner connection with app.org_id
 * set). Reads the evaluation snapshot stored at review; an assessment reviewed without
 * one is evaluated from its stored answers.
 */
export async function latestReviewedEvaluations(q: Queryable, suppliers?: SupplierScope): Promise<Map<string, ReviewedEvaluation>> {
  const params: unknown[] = [];
  const r = await q.query<ReviewedRow>(
    `SELECT DISTINCT ON (a.supplier_id, a.site_id)
            a.id, a.supplier_id, a.site_id, a.template_id, a.reviewed_at, a.controls_score, a.red_flags,
            a.evidence_level, to_char(a.verified_on, 'YYYY-MM-DD') AS verified_on, a.verified_in_harvest, a.conditions
       FROM assessments a
      WHERE a.organization_id = app_org() AND a.status = 'reviewed' AND a.reviewed_at IS NOT NULL
        AND ${suppliers ? supplierScopeSql(suppliers, 'a.supplier_id', params) : 'true'}
      ORDER BY a.supplier_id, a.site_id, a.reviewed_at DESC, a.id`,
    params,
  );
  const out = new Map<string, ReviewedEvaluation>();
  for (const row of r.rows) {
    let controlsScore = row.controls_score === null ? null : Number(row.controls_score);
    let flags = row.red_flags;
    let conditions = row.conditions;
    // Reviews stored before their snapshot (or its conditions) existed are evaluated from their answers.
    if (controlsScore === null || flags === null || conditions === null) {
      const { evaluation, answers } = await evaluateStoredWithAnswers(q, row.id, row.template_id);
      controlsScore ??= evaluation.controlsScore;
      flags ??= evaluation.redFlags;
      if (conditions === null) {
        conditions = workforceConditions(answers, evaluation.controls);
        // Kept, so the answers of an old review are read once, not on every re-scoring.
        await q.query(`UPDATE assessments SET conditions = $2 WHERE id = $1 AND conditions IS NULL`, [row.id, JSON.stringify(conditions)]);
      }
    }
    out.set(evaluationKey(row.supplier_id, row.site_id), {
      assessmentId: row.id,
      reviewedAt: new Date(row.reviewed_at).toISOString(),
      supplierId: row.supplier_id,
      siteId: row.site_id,
      controlsScore,
      redFlags: distinctFlags(flags),
      evidenceLevel: row.evidence_level,
      verifiedOn: row.verified_on,
      verifiedInHarvest: row.verified_in_harvest,
      conditions,
    });
  }
  return out;
}

/** Evaluates an assessment from the answers stored for it, against the version it was sent with. */
export async function evaluateStored(q: Queryable, assessmentId: string, templateId: string): Promise<AssessmentEvaluation> {
  return (await evaluateStoredWithAnswers(q, assessmentId, templateId)).evaluation;
}

async function evaluateStoredWithAnswers(q: Queryable, assessmentId: string, templateId: string) {
  const template = await templateDefinition(q, templateId);
  if (!template) throw new Error(`template ${templateId} of assessment ${assessmentId} is missing`);
  const rows = await q.query<{ question_id: string; answer: AnswerValue | null }>(
    `SELECT question_id, answer FROM assessment_answers WHERE organization_id = app_org() AND assessment_id = $1 AND answer IS NOT NULL`,
    [assessmentId],
  );
  const answers = Object.fromEntries(rows.rows.map((a) => [a.question_id, a.answer]));
  return { evaluation: evaluateAssessment(template, answers), answers };
}

const SEVERITY_RANK: Record<RedFlagSeverity, number> = { high: 1, critical: 2 };

export function distinctFlags(flags: { code: string; severity: RedFlagSeverity }[]): { code: string; severity: RedFlagSeverity }[] {
  const byCode = new Map<string, RedFlagSeverity>();
  for (const f of flags) {
    const seen = byCode.get(f.code);
    if (!seen || SEVERITY_RANK[f.severity] > SEVERITY_RANK[seen]) byCode.set(f.code, f.severity);
  }
  return [...byCode].map(([code, severity]) => ({ code, severity }));
}
