import type { ActionStatus } from './remediation.types.ts';

export type ActionTransition = 'start' | 'complete' | 'verify' | 'reopen' | 'cancel';
export const ACTION_TRANSITIONS: ActionTransition[] = ['start', 'complete', 'verify', 'reopen', 'cancel'];

const RULES: Record<ActionTransition, { from: ActionStatus[]; to: ActionStatus }> = {
  start: { from: ['open'], to: 'in_progress' },
  complete: { from: ['open', 'in_progress'], to: 'done' },
  verify: { from: ['done'], to: 'verified' },
  // A verifier who is not convinced sends the action back to work.
  reopen: { from: ['done'], to: 'in_progress' },
  cancel: { from: ['open', 'in_progress'], to: 'cancelled' },
};

/** The status a transition leads to, or null when it is not allowed from `current`. */
export function nextStatus(current: ActionStatus, transition: ActionTransition): ActionStatus | null {
  const rule = RULES[transition];
  return rule.from.includes(current) ? rule.to : null;
}

/** Transitions offered on the page for an action in `current`. */
export function availableTransitions(current: ActionStatus): ActionTransition[] {
  return ACTION_TRANSITIONS.filter((t) => RULES[t].from.includes(current));
}

/**
 * Four eyes: whoever owns an action or marked it done cannot also verify it. Returns the
 * i18n key of the reason, or null when `verifierId` may verify.
 */
export function verificationBlock(action: { owner_user_id: string | null; completed_by: string | null }, verifierId: string | null): string | null {
  if (!verifierId) return 'remediation.errors.verifyNeedsUser';
  if (action.owner_user_id === verifierId) return 'remediation.errors.verifyOwnAction';
  if (action.completed_by === verifierId) return 'remediation.errors.verifyOwnCompletion';
  return null;
}

/** Calendar day (YYYY-MM-DD) in Mexico City: due dates are local days, not UTC ones. */
export function localToday(now: Date = new Date(), timeZone = 'America/Mexico_City'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function isOverdue(action: { status: ActionStatus; due_date: string }, today: string): boolean {
  return (action.status === 'open' || action.status === 'in_progress') && action.due_date < today;
}

/**
 * One e-mail per overdue period: a notice sent on or before the (current) due date
 * belongs to an earlier period — the due date was moved since — so it does not count.
 */
export function needsOverdueNotice(
  action: { status: ActionStatus; due_date: string; overdue_notified_on: string | null },
  today: string,
): boolean {
  if (!isOverdue(action, today)) return false;
  return action.overdue_notified_on === null || action.overdue_notified_on <= action.due_date;
}

/** Verified ÷ all actions that still count (cancelled ones do not). */
export function planProgress(actions: { status: ActionStatus }[]): { verified: number; total: number; percent: number } {
  const counted = actions.filter((a) => a.status !== 'cancelled');
  const verified = counted.filter((a) => a.status === 'verified').length;
  return { verified, total: counted.length, percent: counted.length === 0 ? 0 : Math.round((verified / counted.length) * 100) };
}
