import { randomInt } from 'node:crypto';
import { hashToken, sameHash } from '../auth/tokens.ts';

/** Letters and digits a reporter can copy by hand from a phone screen: no 0/O, 1/I/L. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function group(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** The receipt number the reporter quotes: short, not secret (it only names the report). */
export function newReceipt(): string {
  return `${group(4)}-${group(4)}`;
}

/**
 * The secret that opens the report: 5 groups of 5 from 31 symbols (~124 bits), so a
 * fast hash is enough and guessing is hopeless even without the rate limit.
 */
export function newSecret(): { secret: string; hash: string } {
  const secret = Array.from({ length: 5 }, () => group(5)).join('-');
  return { secret, hash: hashSecret(secret) };
}

/** Typed by hand: case, spaces and dashes do not matter. */
export function normalizeCode(v: string): string {
  return v.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function hashSecret(secret: string): string {
  return hashToken(normalizeCode(secret));
}

export function secretMatches(secret: string, hash: string): boolean {
  return sameHash(hashSecret(secret), hash);
}

/** A receipt as typed ("abcd efgh") in its stored form ("ABCD-EFGH"), or null. */
export function canonicalReceipt(v: string): string | null {
  const s = normalizeCode(v);
  return s.length === 8 ? `${s.slice(0, 4)}-${s.slice(4)}` : null;
}

/** YYYY-MM-DD plus days. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** YYYY-MM-DD plus calendar months; the 31st lands on the month's last day. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** EU Directive 2019/1937 art. 9(1)(b): acknowledge receipt within seven days. */
export const ACKNOWLEDGE_DAYS = 7;
/** Art. 9(1)(f): feedback within three months of the acknowledgment, or of the end of the seven days. */
export const FEEDBACK_MONTHS = 3;

export function deadlinesOnReceipt(receivedOn: string) {
  const acknowledgeDueOn = addDays(receivedOn, ACKNOWLEDGE_DAYS);
  return { acknowledgeDueOn, feedbackDueOn: addMonths(acknowledgeDueOn, FEEDBACK_MONTHS) };
}

/** Acknowledged earlier than day 7: the three months run from the acknowledgment. */
export function feedbackDueAfterAcknowledgment(acknowledgedOn: string, current: string): string {
  const due = addMonths(acknowledgedOn, FEEDBACK_MONTHS);
  return due < current ? due : current;
}
