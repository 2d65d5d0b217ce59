import { APP_ROLE, type DbContext, type Queryable } from './types.ts';

/** Switches an open transaction to the app role and sets the tenant for RLS. */
export async function enterAppRole(q: Queryable, ctx: DbContext): Promise<void> {
  await q.query(`SET LOCAL ROLE ${APP_ROLE}`);
  await q.query(
    `SELECT set_config('app.org_id', $1, true), set_config('app.user_id', $2, true)`,
    [ctx.orgId ?? '', ctx.userId ?? ''],
  );
}

/** CSV text for COPY FROM: quotes every field, NULL as unquoted empty. */
export function toCsv(rows: unknown[][]): string {
  const out: string[] = [];
  for (const row of rows) {
    out.push(
      row
        .map((v) => {
          if (v === null || v === undefined) return '';
          const s = typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v instanceof Date ? v.toISOString() : String(v);
          return '"' + s.replace(/"/g, '""') + '"';
        })
        .join(','),
    );
  }
  return out.join('\n') + '\n';
}
