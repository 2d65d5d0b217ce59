import type { Condition } from './template.schema.ts';

/**
 * Answer values as stored: yes_no → boolean; single_choice → option value;
 * multiple_choice → option values; number → number; date → 'YYYY-MM-DD';
 * text → string; file → evidence ids.
 */
export type AnswerValue = boolean | number | string | string[];
export type Answers = Readonly<Record<string, AnswerValue | null | undefined>>;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (rejects 2024-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Blank strings and empty selections count as "not answered". */
export function isAnswered(value: AnswerValue | null | undefined): value is AnswerValue {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function compare(value: AnswerValue, bound: number | string): number | null {
  if (typeof value === 'number' && typeof bound === 'number') return value - bound;
  // ISO dates order correctly as strings.
  if (typeof value === 'string' && typeof bound === 'string') return value < bound ? -1 : value > bound ? 1 : 0;
  return null;
}

/** Whether an answer satisfies a condition. An unanswered question satisfies none. */
export function matchesCondition(condition: Condition, value: AnswerValue | null | undefined): boolean {
  if (!isAnswered(value)) return false;
  if (condition.equals !== undefined) return value === condition.equals;
  if (condition.notEquals !== undefined) return value !== condition.notEquals;
  if (condition.in !== undefined) return !Array.isArray(value) && condition.in.includes(value);
  if (condition.includes !== undefined) return Array.isArray(value) && value.includes(condition.includes);
  const ops: [number | string | undefined, (d: number) => boolean][] = [
    [condition.lt, (d) => d < 0],
    [condition.lte, (d) => d <= 0],
    [condition.gt, (d) => d > 0],
    [condition.gte, (d) => d >= 0],
  ];
  for (const [bound, test] of ops) {
    if (bound === undefined) continue;
    const d = compare(value, bound);
    return d !== null && test(d);
  }
  return false;
}
