import { NotFound } from '../errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id is just a record that does not exist. */
export function uuidParam(value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw new NotFound();
  return value.toLowerCase();
}

/** Only same-site relative paths, so ?next= cannot redirect elsewhere. */
export function safeNext(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.includes('\\') ? value : fallback;
}

/**
 * A whole number from the query string within [min, max]; anything else (absent, text,
 * 1e309, 20 digits) falls back, so a pager never sends PostgreSQL an out-of-range bigint.
 */
export function intQuery(value: unknown, opts: { min: number; max: number; fallback: number }): number {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return opts.fallback;
  return Math.min(opts.max, Math.max(opts.min, Number(value)));
}

/** decodeURIComponent that answers undefined for a malformed escape instead of throwing. */
export function safeDecode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
