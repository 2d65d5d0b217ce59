import { APP_ROLE, type DbContext, type Queryable } from './types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A tenant or user id as an SQL literal: only a UUID (or nothing) ever reaches the text. */
function idLiteral(id: string | null): string {
  if (id === null || id === '') return "''";
  if (!UUID.test(id)) throw new Error(`not a uuid: ${JSON.stringify(id).slice(0, 60)}`);
  return `'${id.toLowerCase()}'`;
}

/**
 * BEGIN, the app role and the tenant settings as ONE simple-protocol round trip: every
 * request transaction paid three before (BEGIN, SET ROLE, set_config), a large share of a
 * page's time on a server. Parameters cannot be bound in a multi-statement text, so the ids
 * are checked to be UUIDs and inlined.
 */
export function beginAsApp(ctx: DbContext): string {
  return `BEGIN; SET LOCAL ROLE ${APP_ROLE}; SELECT set_config('app.org_id', ${idLiteral(ctx.orgId)}, true), set_config('app.user_id', ${idLiteral(ctx.userId)}, true)`;
}

/** Switches an open transaction to the app role and sets the tenant for RLS. */
export async function enterAppRole(q: Queryable, ctx: DbContext): Promise<void> {
  await q.query(`SET LOCAL ROLE ${APP_ROLE}`);
  await q.query(
    `SELECT set_config('app.org_id', $1, true), set_config('app.user_id', $2, true)`,
    [ctx.orgId ?? '', ctx.userId ?? ''],
  );
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * One field of COPY's text format: NULL is `\N`; only backslash, tab and line breaks are
 * escaped. Bulk loads (re-scoring writes 250,000 rows of JSON) are CPU-bound in Node, and
 * CSV had to double every quote of every JSON field; JSON rarely holds any of these four.
 */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  else if (v instanceof Date) return v.toISOString();
  else s = JSON.stringify(v);
  return NEEDS_ESCAPE.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : s;
}

/** Rows [from, to) as lines of COPY text (FORMAT text: tab-separated, one line per row). */
export function copyText(rows: readonly unknown[][], from = 0, to = rows.length): string {
  let out = '';
  for (let r = from; r < to; r++) {
    const row = rows[r];
    let line = row.length ? copyField(row[0]) : '';
    for (let i = 1; i < row.length; i++) line += '\t' + copyField(row[i]);
    out += line + '\n';
  }
  return out;
}

/** Rows per piece of a COPY stream: about 64 KB of re-scoring rows. */
const ROWS_PER_CHUNK = 128;

/**
 * The COPY text of `rows`, made a piece at a time as the stream asks for it: a batch's 30 MB
 * never exists as one string, and the event loop runs between pieces.
 */
export function* copyChunks(rows: readonly unknown[][]): Generator<Buffer> {
  for (let r = 0; r < rows.length; r += ROWS_PER_CHUNK) yield Buffer.from(copyText(rows, r, Math.min(rows.length, r + ROWS_PER_CHUNK)));
}

/**
 * Rows for COPY, encoded as they are added, 128 at a time, into buffers outside the JS heap.
 * A re-scoring batch builds 50,000 rows before it writes them: kept as arrays they lived
 * through every young-generation collection until the write (copied twice each), and
 * collections took a third of the re-scoring's CPU. Encoded, each row's arrays and numbers
 * die young, and the write has nothing left to encode.
 */
export class CopyRows {
  length = 0;
  private readonly chunks: Buffer<ArrayBuffer>[] = [];
  private pending: unknown[][] = [];

  push(row: unknown[]): void {
    this.pending.push(row);
    this.length++;
    if (this.pending.length === ROWS_PER_CHUNK) this.flush();
  }

  /** Every row added so far, as COPY text in pieces of about 64 KB. */
  pieces(): Buffer<ArrayBuffer>[] {
    this.flush();
    return this.chunks;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(Buffer.from(copyText(this.pending)));
    this.pending = [];
  }
}

/** Table names are the code's own, never input; checked all the same since they are spliced in. */
export function tableName(t: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(t)) throw new Error(`not a table name: ${JSON.stringify(t).slice(0, 60)}`);
  return t;
}
