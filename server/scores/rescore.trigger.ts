import type { Request } from 'express';
import { can } from '../auth/policy.ts';
import type { ScoreService } from './score.service.ts';

/**
 * Called by other features' routes after a change that moves a score (supplier or site
 * edited, assessment reviewed, finding or child case opened, changed or closed): queues a re-scoring of those suppliers. The change itself
 * is already committed, so a failure here is logged rather than shown: the next re-scoring
 * (or the dashboard's button) catches the scores up.
 */
export async function rescoreAfterChange(
  scores: ScoreService | undefined,
  req: Request,
  change: { supplierIds?: string[]; assessmentId?: string; findingId?: string; caseId?: string },
): Promise<void> {
  const actor = req.actor;
  if (!scores || !actor || !can(actor, 'scores.rescore')) return;
  try {
    if (change.assessmentId) await scores.requestRescoreForAssessment(actor, change.assessmentId);
    // Open findings and child cases set floors under the score (docs/scoring.md, "Evidence outranks declarations").
    if (change.findingId) await scores.requestRescoreForEvidence(actor, 'finding', change.findingId);
    if (change.caseId) await scores.requestRescoreForEvidence(actor, 'case', change.caseId);
    if (change.supplierIds?.length) await scores.requestRescore(actor, change.supplierIds, 'supplier');
  } catch (err) {
    req.log.warn({ err }, 'could not queue the re-scoring after a change');
  }
}
