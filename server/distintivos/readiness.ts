import type { AnswerValue } from '../questionnaires/conditions.ts';
import { REQUIREMENTS, type Check, type Requirement, type Scheme } from './requirements.ts';

/** What Vigía knows about one site, as counts and answers only (never a child's data). */
export interface SiteFacts {
  /** Answers of the latest reviewed assessment covering the site (its own or its supplier's). */
  assessment: { id: string; reviewedAt: string; answers: Record<string, AnswerValue>; files: readonly string[] } | null;
  /** Sessions in the last 12 months at the site or for its whole supplier. */
  trainings: readonly { id: string; heldOn: string; topics: readonly string[]; verified: boolean }[];
  openChildLabourFindings: number;
  openChildCases: number;
  openFindings: number;
  openFindingsWithoutPlan: number;
  closedPlans: number;
}

export type CheckOutcome =
  | { status: 'met' | 'gap' | 'na'; check: Check; evidence?: { kind: 'answer'; questionId: string; value: AnswerValue; assessmentId: string; reviewedAt: string }
      | { kind: 'document'; questionId: string; assessmentId: string }
      | { kind: 'training'; sessionId: string; heldOn: string; verified: boolean }
      | { kind: 'counts'; openFindings: number; closedPlans: number };
      /** Why it is a gap: 'noAssessment', 'notAnswered', 'answer', 'noFile', 'noTraining', 'unverifiedTraining', 'childLabour', 'noPlan', 'external'. */
      reason?: string; value?: AnswerValue };

export interface RequirementOutcome {
  requirement: Requirement;
  status: 'met' | 'gap';
  checks: CheckOutcome[];
}

export interface Readiness {
  scheme: Scheme;
  met: number;
  total: number;
  requirements: RequirementOutcome[];
}

const same = (a: AnswerValue, b: AnswerValue) => JSON.stringify(a) === JSON.stringify(b);

function evaluate(check: Check, f: SiteFacts): CheckOutcome {
  const a = f.assessment;
  switch (check.kind) {
    case 'answer': {
      if (!a) return { status: 'gap', check, reason: 'noAssessment' };
      if (check.naWhen) {
        const v = a.answers[check.naWhen.questionId];
        if (v !== undefined && check.naWhen.values.some((x) => same(x, v))) return { status: 'na', check };
      }
      const value = a.answers[check.questionId];
      if (value === undefined) return { status: 'gap', check, reason: 'notAnswered' };
      const evidence = { kind: 'answer' as const, questionId: check.questionId, value, assessmentId: a.id, reviewedAt: a.reviewedAt };
      return check.accept.some((x) => same(x, value)) ? { status: 'met', check, evidence } : { status: 'gap', check, reason: 'answer', value, evidence };
    }
    case 'document':
      if (!a) return { status: 'gap', check, reason: 'noAssessment' };
      return a.files.includes(check.questionId)
        ? { status: 'met', check, evidence: { kind: 'document', questionId: check.questionId, assessmentId: a.id } }
        : { status: 'gap', check, reason: 'noFile' };
    case 'training': {
      const matching = f.trainings.filter((t) => t.topics.some((x) => check.topics.includes(x)));
      const best = matching.find((t) => t.verified) ?? matching[0];
      if (!best) return { status: 'gap', check, reason: 'noTraining' };
      const evidence = { kind: 'training' as const, sessionId: best.id, heldOn: best.heldOn, verified: best.verified };
      return check.verified && !best.verified ? { status: 'gap', check, reason: 'unverifiedTraining', evidence } : { status: 'met', check, evidence };
    }
    case 'noOpenChildLabour':
      return f.openChildLabourFindings + f.openChildCases > 0
        ? { status: 'gap', check, reason: 'childLabour' }
        : { status: 'met', check, evidence: { kind: 'counts', openFindings: f.openFindings, closedPlans: f.closedPlans } };
    case 'remediation':
      return f.openFindingsWithoutPlan > 0
        ? { status: 'gap', check, reason: 'noPlan' }
        : { status: 'met', check, evidence: { kind: 'counts', openFindings: f.openFindings, closedPlans: f.closedPlans } };
    case 'external':
      return { status: 'gap', check, reason: 'external' };
  }
}

/**
 * Readiness of a site for one scheme: each requirement with the evidence that meets it and
 * the gaps named. A requirement is met when none of its checks is a gap ("not applicable"
 * checks, e.g. childcare where families never come, do not count against it).
 */
export function readinessFor(scheme: Scheme, facts: SiteFacts, requirements: readonly Requirement[] = REQUIREMENTS): Readiness {
  const list = requirements.filter((r) => r.scheme === scheme).map((requirement) => {
    const checks = requirement.checks.map((c) => evaluate(c, facts));
    return { requirement, status: checks.some((c) => c.status === 'gap') ? ('gap' as const) : ('met' as const), checks };
  });
  return { scheme, met: list.filter((r) => r.status === 'met').length, total: list.length, requirements: list };
}
