import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ValidationFailed } from '../errors.ts';

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
const MAX_OFFSET = 100_000_000;

/** `cursor` and `limit`, added to every list's query schema. */
export const pageQuery = {
  cursor: z.string().max(300).optional().describe('Opaque cursor from the previous page\'s `nextCursor`.'),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT).describe(`Items per page, 1–${MAX_LIMIT}.`),
};

/** The envelope of every list: a page of items and the cursor of the next one (null at the end). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ data: z.array(item), nextCursor: z.string().nullable() });
}

export interface PageWindow {
  limit: number;
  offset: number;
}

/** Cursors are bound to the filters they were issued for: a cursor reused with other filters is refused. */
function fingerprint(filters: Record<string, unknown>): string {
  const stable = JSON.stringify(Object.keys(filters).sort().map((k) => [k, filters[k] ?? null]));
  return createHash('sha256').update(stable).digest('base64url').slice(0, 12);
}

/** Opaque to clients (they must not build one); decoded here into the window to read. */
export function windowOf(query: { cursor?: string; limit: number }, filters: Record<string, unknown>): PageWindow {
  if (!query.cursor) return { limit: query.limit, offset: 0 };
  try {
    const c = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')) as { o?: unknown; f?: unknown };
    // Bounded so a forged cursor cannot send PostgreSQL an offset past bigint.
    if (Number.isInteger(c.o) && (c.o as number) >= 0 && (c.o as number) <= MAX_OFFSET && c.f === fingerprint(filters)) return { limit: query.limit, offset: c.o as number };
  } catch {
    // fall through: a cursor that does not parse is reported like any other bad one
  }
  throw new ValidationFailed([{ field: 'query.cursor', key: 'api.errors.cursor' }]);
}

/**
 * Reads one item past the window (the services are asked for limit + 1) to know whether
 * another page exists without counting.
 */
export function nextPage<T>(rows: T[], window: PageWindow, filters: Record<string, unknown>): { data: T[]; nextCursor: string | null } {
  const more = rows.length > window.limit;
  const data = rows.slice(0, window.limit);
  const nextCursor = more ? Buffer.from(JSON.stringify({ o: window.offset + window.limit, f: fingerprint(filters) })).toString('base64url') : null;
  return { data, nextCursor };
}

/** Comma-separated lists in the query string (`level=high,critical`), as the pages accept them. */
export const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .regex(new RegExp(`^(${values.join('|')})(,(${values.join('|')}))*$`))
    .describe(`Comma-separated, any of: ${values.join(', ')}.`);
