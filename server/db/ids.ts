import { randomUUID } from 'node:crypto';

/**
 * A UUID whose first 48 bits are the current time in milliseconds (version 7, RFC 9562), the
 * other 74 random. Rows keyed by such ids are added at the end of their key, not at a random
 * place in it: append-only history (migration 040) keeps one page of its key busy instead of all.
 * Ids made in the same millisecond are in random order; nothing relies on their order.
 *
 * Built from randomUUID (Node keeps a pool of random bytes for it): its variant bits are RFC
 * 9562's already, and only the time and version digits are replaced. The `uuid` package we have
 * (a dependency of a dependency) is older than version 7.
 */
export function timeOrderedId(now = Date.now()): string {
  // A re-scoring makes 250,000 ids in a few seconds: the time digits are made once per millisecond.
  if (now !== stamp.ms) stamp = { ms: now, digits: timeDigits(now) };
  return stamp.digits + randomUUID().slice(15);
}

let stamp = { ms: -1, digits: '' };

/** `tttttttt-tttt-7`: the first 15 characters of a version 7 id made at `ms`. */
function timeDigits(ms: number): string {
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7`;
}
