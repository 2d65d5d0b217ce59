import type { AnswerValue } from '../questionnaires/conditions.ts';
import type { ControlScore } from '../questionnaires/evaluate.ts';
import type { WorkforceConditions } from '../scoring/types.ts';

/**
 * The workforce risk conditions a reviewed assessment shows (docs/scoring.md, "Conditions,
 * not head counts"), stored with the review so re-scoring reads them without the answers.
 * Anything unanswered, answered "don't know" or with a value this code does not recognise
 * is unknown (null), never "no risk": a later template version with new options stays safe.
 */

type Answers = Readonly<Record<string, AnswerValue | null | undefined>>;

/** Control groups that make up the protections of 15–17-year-olds (LFT arts. 22, 22 Bis, 174–178). */
const ADOLESCENT_CONTROLS = ['young_worker_protection', 'hazard_restrictions'] as const;

const yesNo = (v: AnswerValue | null | undefined): boolean | null => (v === true ? true : v === false ? false : null);

function oneOf(v: AnswerValue | null | undefined, yes: readonly string[], no: readonly string[]): boolean | null {
  if (typeof v !== 'string') return null;
  if (yes.includes(v)) return true;
  if (no.includes(v)) return false;
  return null;
}

function adolescentProtections(answers: Answers, controls: readonly ControlScore[]): WorkforceConditions['adolescentProtections'] {
  const youngest = answers.youngest_worker_age;
  if (typeof youngest !== 'number' || youngest >= 18) return 'unknown';
  if (youngest < 15) return 'missing';
  const groups = controls.filter((c) => (ADOLESCENT_CONTROLS as readonly string[]).includes(c.control));
  if (groups.length < ADOLESCENT_CONTROLS.length || groups.some((c) => c.max <= 0)) return 'unknown';
  return groups.every((c) => c.earned >= c.max) ? 'full' : 'missing';
}

function familiesWithoutChildcare(answers: Answers): boolean | null {
  if (answers.seasonal_or_migrant_workers === false) return false;
  const families = oneOf(answers.families_accompany, ['sometimes', 'usually'], ['never']);
  if (families !== true) return families;
  return oneOf(answers.childcare_available, ['no_childcare'], ['on_site_childcare', 'nearby_childcare']);
}

export function workforceConditions(answers: Answers, controls: readonly ControlScore[]): WorkforceConditions {
  return {
    adolescentProtections: adolescentProtections(answers, controls),
    familiesWithoutChildcare: familiesWithoutChildcare(answers),
    campHousing: yesNo(answers.on_site_housing),
    contractors: yesNo(answers.uses_labour_contractors),
    pieceRate: oneOf(answers.piece_rate_pay, ['individual', 'family_unit'], ['no_piece_rate']),
  };
}
