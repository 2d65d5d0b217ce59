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

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field for COPY: NULL is an unquoted empty field, an empty string is `""`.
 * Text is quoted only when it must be (quote, comma, line break, or the `\.` end marker):
 * bulk loads of 100,000s of rows spent most of their CPU time quoting and escaping.
 */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  else if (v instanceof Date) return v.toISOString();
  else s = JSON.stringify(v);
  if (s.length === 0) return '""';
  if (s === '\\.') return '"\\."';
  if (!NEEDS_QUOTES.test(s)) return s;
  return '"' + (s.includes('"') ? s.replaceAll('"', '""') : s) + '"';
}

/** CSV text for COPY FROM (FORMAT csv). */
export function toCsv(rows: unknown[][]): string {
  const lines = new Array<string>(rows.length + 1);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const fields = new Array<string>(row.length);
    for (let i = 0; i < row.length; i++) fields[i] = csvField(row[i]);
    lines[r] = fields.join(',');
  }
  lines[rows.length] = '';
  return lines.join('\n');
}

/** Table names are the code's own, never input; checked all the same since they are spliced in. */
export function tableName(t: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(t)) throw new Error(`not a table name: ${JSON.stringify(t).slice(0, 60)}`);
  return t;
}
