import type { FieldIssue as Issue } from '../errors.ts';
import type { ClosureReason, ReferralOutcome, Situation } from './remediation.types.ts';

/**
 * The casework loop's rules, as pure functions (docs/casework.md): identify → immediate
 * protection → referral → follow-ups at 3 and 6 months → closure.
 */
export const FOLLOWUP_MILESTONES = [3, 6] as const;
export type Milestone = (typeof FOLLOWUP_MILESTONES)[number];

/** A visit this many days before a milestone still counts for it (visits are rarely on the day). */
export const MILESTONE_TOLERANCE_DAYS = 14;

/** A documented reason must say something: at least this many characters. */
export const MIN_CLOSURE_NOTE = 10;

const E = 'casework.errors.';

/** YYYY-MM-DD plus whole months; the 31st of a short month falls back to its last day. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);
}

export function milestoneDue(identifiedOn: string, months: Milestone): string {
  return addMonths(identifiedOn, months);
}

/** Whether a visit on or after (due − tolerance) was recorded for the milestone. */
export function milestoneMet(identifiedOn: string, months: Milestone, visitDates: readonly string[]): boolean {
  const from = addDays(milestoneDue(identifiedOn, months), -MILESTONE_TOLERANCE_DAYS);
  return visitDates.some((v) => v >= from);
}

export interface ClosureFacts {
  age: number;
  situation: Situation;
  identifiedOn: string;
  protectionOn: string | null;
  referrals: readonly { outcome: ReferralOutcome }[];
  followups: readonly { visit_date: string; school_enrolled: boolean }[];
}

/** What the full loop still lacks, one issue per missing step, each naming its field. */
export function missingSteps(f: ClosureFacts): Issue[] {
  const issues: Issue[] = [];
  if (!f.protectionOn) issues.push({ field: 'protectionOn', key: E + 'closeWithoutProtection' });
  if (!f.referrals.some((r) => r.outcome !== 'pending')) issues.push({ field: 'referral', key: E + 'closeWithoutReferral' });
  const visits = f.followups.map((v) => v.visit_date);
  for (const m of FOLLOWUP_MILESTONES) {
    if (!milestoneMet(f.identifiedOn, m, visits)) {
      issues.push({ field: `followup${m}`, key: E + 'closeWithoutFollowup', params: { months: m, due: milestoneDue(f.identifiedOn, m) } });
    }
  }
  return issues;
}

/**
 * Why a closure is refused (empty when allowed). The loop must be complete, or a
 * documented reason given; "lost to follow-up" and "other" always need one; the
 * outcome must fit the facts (school recorded, age for permitted work).
 */
export function closureIssues(f: ClosureFacts, reason: ClosureReason, note: string | undefined): Issue[] {
  const documented = (note ?? '').trim().length >= MIN_CLOSURE_NOTE;
  const issues: Issue[] = [];
  if ((reason === 'lost_to_follow_up' || reason === 'other') && !documented) {
    issues.push({ field: 'closureNote', key: E + 'closureNoteRequired' });
  }
  if (reason === 'age_appropriate_work' && f.age < 15) {
    issues.push({ field: 'reason', key: E + 'permittedWorkUnder15' });
  }
  if (reason === 'enrolled_in_school' && !f.followups.some((v) => v.school_enrolled)) {
    issues.push({ field: 'reason', key: E + 'enrolledWithoutVisit' });
  }
  if (!documented) issues.push(...missingSteps(f));
  return issues;
}
