import { round2 } from './components.ts';
import { scoreSite } from './engine.ts';
import type { AssessmentInput, ExplanationComponent, SiteScore, SiteScoreInput } from './types.ts';
import type { ScoringWeights } from './weights.ts';

/**
 * A verified training session as evidence for the questionnaire's supervisor-training
 * control (docs/training.md). An analyst verifying a session has seen its attendance counts
 * and materials: that is "documents reviewed", not a visit with worker interviews, so the
 * credit is the control's points at that level and never more than the control itself can
 * earn. It works on the engine's input (the assessment's share of control points) and adds
 * one explanation line under "controls", so the engine itself needs no change: whatever
 * the engine does with the controls share (weights, evidence-level caps, decay) still applies.
 */

/** The questionnaire control the session stands in for (default template: supervisor_training, supervisors_trained_pct). */
export const TRAINING_CONTROL = 'training';
/** Same window as the questionnaire's "in the last 12 months" and the coverage indicator. */
export const TRAINING_CREDIT_MONTHS = 12;
export const TRAINING_EVIDENCE_LEVEL = 'documents_reviewed' as const;
/** Share of the control's points a verified session earns: documents reviewed = all of them. */
export const TRAINING_CREDIT_SHARE = 1;

/**
 * The latest verified training of the site's supervisors on child labour (server/training),
 * with the training control's points in the assessment that counts for the site
 * (`control` null: no assessment, or no such control in it).
 */
export interface TrainingInput {
  sessionId: string;
  heldOn: string;
  verifiedAt: string;
  supervisors: number;
  /** Whole months from the session to the scoring run. */
  ageMonths: number;
  control: { earned: number; max: number; totalMax: number } | null;
}

export interface TrainingCredit {
  /** The assessment's controls score with the session's credit, 0..1. */
  controlsScore: number;
  detail: ExplanationComponent;
}

export function trainingCredit(a: AssessmentInput | null, t: TrainingInput | null | undefined): TrainingCredit | null {
  if (!a || !t || !t.control || t.control.max <= 0 || t.control.totalMax <= 0) return null;
  const params = { heldOn: t.heldOn, verifiedAt: t.verifiedAt, supervisors: t.supervisors, level: TRAINING_EVIDENCE_LEVEL, max: t.control.max };
  if (t.ageMonths > TRAINING_CREDIT_MONTHS) {
    return { controlsScore: a.controlsScore, detail: detail(0, 'stale', { ...params, months: TRAINING_CREDIT_MONTHS }) };
  }
  const credited = Math.max(t.control.earned, TRAINING_CREDIT_SHARE * t.control.max);
  const added = credited - t.control.earned;
  if (added <= 0) return { controlsScore: a.controlsScore, detail: detail(0, 'alreadyEarned', { ...params, earned: t.control.earned }) };
  return {
    controlsScore: Math.min(1, a.controlsScore + added / t.control.totalMax),
    detail: detail(round2(added), 'credited', { ...params, earned: t.control.earned, credited: round2(credited), pointsAdded: round2((added / t.control.totalMax) * 100) }),
  };
}

function detail(value: number, kind: string, params: ExplanationComponent['params']): ExplanationComponent {
  return { component: 'controls', value, weight: 1, contribution: 0, reasonKey: `training.reason.${kind}`, params };
}

/** scoreSite with the training credit applied to the assessment's controls share and explained under "controls". */
export function scoreSiteWithTraining(input: SiteScoreInput, training: TrainingInput | null | undefined, weights: ScoringWeights): SiteScore {
  const credit = trainingCredit(input.assessment, training);
  if (!credit) return scoreSite(input, weights);
  const score = scoreSite({ ...input, assessment: { ...input.assessment!, controlsScore: credit.controlsScore } }, weights);
  const controls = score.explanation.find((l) => l.component === 'controls');
  if (controls) controls.details = [...(controls.details ?? []), credit.detail];
  return score;
}
