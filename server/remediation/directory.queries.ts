import type { Queryable } from '../db/types.ts';
import type { ServiceKind } from './remediation.types.ts';

export interface ServiceRow {
  id: string;
  territory_code: string;
  municipality_name: string | null;
  state_name: string | null;
  kind: ServiceKind;
  name: string;
  address: string | null;
  phone: string | null;
  notes: string | null;
  active: boolean;
  referral_count: number;
}

const SELECT = `
  SELECT d.id, d.territory_code, t.name AS municipality_name, st.name AS state_name, d.kind, d.name, d.address, d.phone,
         d.notes, d.active,
         (SELECT count(*)::int FROM case_referrals r WHERE r.organization_id = d.organization_id AND r.service_id = d.id) AS referral_count
    FROM service_directory d
    LEFT JOIN territories t ON t.country = 'MX' AND t.code = d.territory_code
    LEFT JOIN territories st ON st.country = 'MX' AND st.code = left(d.territory_code, 2)`;

export async function listServices(q: Queryable, f: { territoryCode?: string; activeOnly?: boolean } = {}): Promise<ServiceRow[]> {
  const r = await q.query<ServiceRow>(
    `${SELECT} WHERE ($1::text IS NULL OR d.territory_code = $1) AND (NOT $2 OR d.active)
      ORDER BY d.territory_code, d.kind, d.name LIMIT 1000`,
    [f.territoryCode ?? null, f.activeOnly ?? false],
  );
  return r.rows;
}

export async function getService(q: Queryable, id: string): Promise<ServiceRow | undefined> {
  return (await q.query<ServiceRow>(`${SELECT} WHERE d.id = $1`, [id])).rows[0];
}

export interface ServiceInput {
  territoryCode: string;
  kind: ServiceKind;
  name: string;
  address: string | null;
  phone: string | null;
  notes: string | null;
}

export async function insertService(q: Queryable, s: ServiceInput): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO service_directory (organization_id, territory_code, kind, name, address, phone, notes)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6) RETURNING id`,
    [s.territoryCode, s.kind, s.name, s.address, s.phone, s.notes],
  );
  return r.rows[0].id;
}

export async function setServiceActive(q: Queryable, id: string, active: boolean): Promise<boolean> {
  return (await q.query(`UPDATE service_directory SET active = $2, updated_at = now() WHERE id = $1`, [id, active])).rowCount > 0;
}

/** Municipalities the organisation works in (its sites) or has mapped services for, with counts. */
export async function municipalitiesInUse(q: Queryable) {
  const r = await q.query<{ territory_code: string; name: string | null; state_name: string | null; sites: number; services: number }>(
    `WITH codes AS (
       SELECT territory_code AS code FROM sites WHERE territory_code ~ '^[0-9]{5}$' AND status = 'active'
       UNION SELECT territory_code FROM service_directory)
     SELECT c.code AS territory_code, t.name, st.name AS state_name,
            (SELECT count(*)::int FROM sites s WHERE s.territory_code = c.code AND s.status = 'active') AS sites,
            (SELECT count(*)::int FROM service_directory d WHERE d.territory_code = c.code AND d.active) AS services
       FROM codes c
       LEFT JOIN territories t ON t.country = 'MX' AND t.code = c.code
       LEFT JOIN territories st ON st.country = 'MX' AND st.code = left(c.code, 2)
      ORDER BY st.name, t.name, c.code`,
  );
  return r.rows;
}

export async function municipalityName(q: Queryable, code: string): Promise<{ name: string; state_name: string } | undefined> {
  const r = await q.query<{ name: string; state_name: string }>(
    `SELECT t.name, st.name AS state_name FROM territories t JOIN territories st ON st.id = t.parent_id
      WHERE t.country = 'MX' AND t.level = 'municipality' AND t.code = $1`,
    [code],
  );
  return r.rows[0];
}
