import type { Queryable } from '../db/types.ts';
import type { AssessmentInput, RedFlag } from '../scoring/types.ts';
import { latestReviewedEvaluations } from '../assessments/assessment.evaluation.ts';

/** What the assessments feature reports per site id, or per 'supplier:<id>' for a supplier-wide assessment. */
export interface Evaluation {
  assessmentId: string;
  reviewedAt: Date | string | null;
  controlsScore: number;
  redFlags: readonly RedFlag[];
}

/** The latest reviewed assessment of each site and supplier of the batch. */
export function loadEvaluations(q: Queryable, supplierIds?: string[]): Promise<Map<string, Evaluation>> {
  return latestReviewedEvaluations(q, supplierIds);
}

const isoDate = (d: Date | string | null): string | null =>
  d === null ? null : d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10);

/**
 * The assessment that counts for a site: its own or its supplier's (an assessment without
 * a site covers all of them), whichever was reviewed last.
 */
export function assessmentFor(evals: Map<string, Evaluation>, siteId: string | null, supplierId: string): AssessmentInput | null {
  const own = siteId ? evals.get(siteId) : undefined;
  const wide = evals.get(`supplier:${supplierId}`);
  const e = own && wide ? (stamp(wide) > stamp(own) ? wide : own) : (own ?? wide);
  if (!e) return null;
  // One object per evaluation: a supplier-wide one serves all its sites, and its JSON is built once.
  let input = inputs.get(e);
  if (!input) {
    input = Object.freeze({
      assessmentId: e.assessmentId,
      reviewedAt: isoDate(e.reviewedAt),
      controlsScore: Number(e.controlsScore),
      redFlags: e.redFlags.map((f) => ({ code: f.code, severity: f.severity })),
    });
    inputs.set(e, input);
  }
  return input;
}

const inputs = new WeakMap<Evaluation, AssessmentInput>();

function stamp(e: Evaluation): number {
  return e.reviewedAt === null ? 0 : new Date(e.reviewedAt).getTime();
}
