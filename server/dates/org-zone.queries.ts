import type { Queryable } from '../db/types.ts';
import { DEFAULT_TIME_ZONE } from './local-day.ts';

/** The time zone of the organisation in the transaction (RLS context). */
export async function orgTimeZone(q: Queryable): Promise<string> {
  const r = await q.query<{ time_zone: string }>(`SELECT time_zone FROM organizations WHERE id = app_org()`);
  return r.rows[0]?.time_zone ?? DEFAULT_TIME_ZONE;
}

export async function setOrgTimeZone(q: Queryable, zone: string): Promise<boolean> {
  const r = await q.query(`UPDATE organizations SET time_zone = $1 WHERE id = app_org()`, [zone]);
  return r.rowCount > 0;
}
