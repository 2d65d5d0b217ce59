import type { Queryable } from '../db/types.ts';
import type { SupplierScope } from '../suppliers/supplier-scope.ts';
import type { AssessmentInput, EvidenceLevel, RedFlag, WorkforceConditions } from '../scoring/types.ts';
import { monthsBetween } from '../scoring/evidence.ts';
import { latestReviewedEvaluations } from '../assessments/assessment.evaluation.ts';

/** What the assessments feature reports per site id, or per 'supplier:<id>' for a supplier-wide assessment. */
export interface Evaluation {
  assessmentId: string;
  reviewedAt: Date | string | null;
  controlsScore: number;
  redFlags: readonly RedFlag[];
  evidenceLevel?: EvidenceLevel | null;
  verifiedOn?: string | null;
  verifiedInHarvest?: boolean | null;
  conditions?: WorkforceConditions | null;
}

/** The latest reviewed assessment of each site and supplier of the batch. */
export function loadEvaluations(q: Queryable, suppliers?: SupplierScope): Promise<Map<string, Evaluation>> {
  return latestReviewedEvaluations(q, suppliers);
}

const isoDate = (d: Date | string | null): string | null =>
  d === null ? null : d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10);

/**
 * The assessment that counts for a site: its own or its supplier's (an assessment without
 * a site covers all of them), whichever was reviewed last. `asOf` (YYYY-MM-DD, the run's
 * day) gives the age of its evidence: the on-site visit's date, else the review's.
 */
export function assessmentFor(
  evals: Map<string, Evaluation>, siteId: string | null, supplierId: string, asOf: string,
): AssessmentInput | null {
  const own = siteId ? evals.get(siteId) : undefined;
  const wide = evals.get(`supplier:${supplierId}`);
  const e = own && wide ? (stamp(wide) > stamp(own) ? wide : own) : (own ?? wide);
  if (!e) return null;
  // One object per evaluation: a supplier-wide one serves all its sites, and its JSON is built once.
  let input = inputs.get(e);
  if (!input) {
    const reviewedAt = isoDate(e.reviewedAt);
    const evidenceLevel = e.evidenceLevel ?? 'declared';
    const onSite = evidenceLevel === 'verified_on_site' && e.verifiedOn ? e.verifiedOn : null;
    const since = onSite ?? reviewedAt;
    input = Object.freeze({
      assessmentId: e.assessmentId,
      reviewedAt,
      controlsScore: Number(e.controlsScore),
      redFlags: e.redFlags.map((f) => ({ code: f.code, severity: f.severity })),
      evidenceLevel,
      ageMonths: since ? monthsBetween(since, asOf) : 0,
      harvestVerified: onSite !== null && e.verifiedInHarvest === true,
      conditions: canonical(e.conditions),
    });
    inputs.set(e, input);
  }
  return input;
}

const inputs = new WeakMap<Evaluation, AssessmentInput>();

/** Fixed key order (jsonb reorders keys), so the same conditions always hash the same. */
function canonical(c: WorkforceConditions | null | undefined): WorkforceConditions | null {
  if (!c) return null;
  const b = (v: boolean | null | undefined) => (v === true || v === false ? v : null);
  return {
    adolescentProtections: c.adolescentProtections === 'full' || c.adolescentProtections === 'missing' ? c.adolescentProtections : 'unknown',
    familiesWithoutChildcare: b(c.familiesWithoutChildcare), campHousing: b(c.campHousing), contractors: b(c.contractors), pieceRate: b(c.pieceRate),
  };
}

function stamp(e: Evaluation): number {
  return e.reviewedAt === null ? 0 : new Date(e.reviewedAt).getTime();
}
