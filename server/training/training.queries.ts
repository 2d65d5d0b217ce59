import type { Queryable } from '../db/types.ts';
import type { TrainingInput } from './training.schema.ts';

export interface TrainingRow {
  id: string;
  held_on: string;
  supplier_id: string | null;
  supplier_name: string | null;
  site_id: string | null;
  site_name: string | null;
  topics: string[];
  facilitator: string;
  notes: string;
  attendees_women: number;
  attendees_men: number;
  attendees_other: number;
  managers: number;
  supervisors: number;
  workers: number;
  recruiters: number;
  verified_by: string | null;
  verified_by_name: string | null;
  verified_at: Date | null;
  created_at: Date;
  total: number;
}

const SELECT = `SELECT t.id, to_char(t.held_on, 'YYYY-MM-DD') AS held_on, t.supplier_id, s.legal_name AS supplier_name, t.site_id,
       st.name AS site_name, t.topics, t.facilitator, t.notes, t.attendees_women, t.attendees_men, t.attendees_other,
       t.managers, t.supervisors, t.workers, t.recruiters, t.verified_by, u.name AS verified_by_name, t.verified_at, t.created_at,
       t.attendees_women + t.attendees_men + t.attendees_other AS total
  FROM training_sessions t
  LEFT JOIN suppliers s ON s.organization_id = t.organization_id AND s.id = t.supplier_id
  LEFT JOIN sites st ON st.organization_id = t.organization_id AND st.id = t.site_id
  LEFT JOIN users u ON u.id = t.verified_by`;

export async function listSessions(q: Queryable, limit = 200): Promise<TrainingRow[]> {
  const r = await q.query<TrainingRow>(`${SELECT} WHERE t.organization_id = app_org() ORDER BY t.held_on DESC, t.created_at DESC LIMIT $1`, [limit]);
  return r.rows;
}

export async function selectSession(q: Queryable, id: string): Promise<TrainingRow | undefined> {
  const r = await q.query<TrainingRow>(`${SELECT} WHERE t.organization_id = app_org() AND t.id = $1`, [id]);
  return r.rows[0];
}

const COLUMNS = `held_on, supplier_id, site_id, topics, facilitator, notes, attendees_women, attendees_men, attendees_other,
                 managers, supervisors, workers, recruiters`;
const values = (i: TrainingInput) => [i.heldOn, i.supplierId, i.siteId, i.topics, i.facilitator, i.notes, i.attendeesWomen,
  i.attendeesMen, i.attendeesOther, i.managers, i.supervisors, i.workers, i.recruiters];

export async function insertSession(q: Queryable, i: TrainingInput, userId: string | null): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO training_sessions (organization_id, ${COLUMNS}, created_by)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [...values(i), userId],
  );
  return r.rows[0].id;
}

/** Editing a verified session takes its verification away: what was verified is no longer what is stored. */
export async function updateSession(q: Queryable, id: string, i: TrainingInput): Promise<boolean> {
  const r = await q.query(
    `UPDATE training_sessions SET (${COLUMNS}, verified_by, verified_at) = ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, NULL, NULL)
      WHERE organization_id = app_org() AND id = $1`,
    [id, ...values(i)],
  );
  return (r.rowCount ?? 0) > 0;
}

export async function deleteSession(q: Queryable, id: string): Promise<boolean> {
  const r = await q.query(`DELETE FROM training_sessions WHERE organization_id = app_org() AND id = $1`, [id]);
  return (r.rowCount ?? 0) > 0;
}

export async function markVerified(q: Queryable, id: string, userId: string | null): Promise<boolean> {
  const r = await q.query(
    `UPDATE training_sessions SET verified_by = $2, verified_at = now() WHERE organization_id = app_org() AND id = $1 AND verified_at IS NULL`,
    [id, userId],
  );
  return (r.rowCount ?? 0) > 0;
}

/** The supplier and site exist in this organisation, and the site belongs to the supplier. */
export async function placeExists(q: Queryable, supplierId: string, siteId: string | null): Promise<{ supplier: boolean; site: boolean }> {
  const r = await q.query<{ supplier: boolean; site: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM suppliers WHERE organization_id = app_org() AND id = $1) AS supplier,
            ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM sites WHERE organization_id = app_org() AND id = $2 AND supplier_id = $1)) AS site`,
    [supplierId, siteId],
  );
  return r.rows[0];
}

export interface MaterialRow {
  id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_at: Date;
}

export async function listMaterials(q: Queryable, sessionId: string): Promise<MaterialRow[]> {
  const r = await q.query<MaterialRow>(
    `SELECT id, file_name, content_type, size_bytes, sha256, storage_key, uploaded_at FROM training_materials
      WHERE organization_id = app_org() AND session_id = $1 ORDER BY uploaded_at`,
    [sessionId],
  );
  return r.rows;
}

export async function selectMaterial(q: Queryable, sessionId: string, id: string): Promise<MaterialRow | undefined> {
  const r = await q.query<MaterialRow>(
    `SELECT id, file_name, content_type, size_bytes, sha256, storage_key, uploaded_at FROM training_materials
      WHERE organization_id = app_org() AND session_id = $1 AND id = $2`,
    [sessionId, id],
  );
  return r.rows[0];
}

export async function insertMaterial(
  q: Queryable,
  m: { sessionId: string; fileName: string; contentType: string; size: number; sha256: string; storageKey: string; userId: string | null },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO training_materials (organization_id, session_id, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [m.sessionId, m.fileName, m.contentType, m.size, m.sha256, m.storageKey, m.userId],
  );
  return r.rows[0].id;
}

/** Active sites with their current residual level (null = not scored), for the coverage indicator. */
export async function sitesWithLevels(q: Queryable): Promise<{ siteId: string; supplierId: string; level: string | null }[]> {
  const r = await q.query<{ siteId: string; supplierId: string; level: string | null }>(
    `SELECT st.id AS "siteId", st.supplier_id AS "supplierId", sc.level
       FROM sites st
       JOIN suppliers s ON s.organization_id = st.organization_id AND s.id = st.supplier_id AND s.status <> 'archived'
       LEFT JOIN current_site_scores sc ON sc.organization_id = st.organization_id AND sc.site_id = st.id
      WHERE st.organization_id = app_org() AND st.status = 'active'`,
  );
  return r.rows;
}

export async function sessionsSince(q: Queryable, since: string): Promise<{ supplierId: string | null; siteId: string | null; heldOn: string; verified: boolean }[]> {
  const r = await q.query<{ supplierId: string | null; siteId: string | null; heldOn: string; verified: boolean }>(
    `SELECT supplier_id AS "supplierId", site_id AS "siteId", to_char(held_on, 'YYYY-MM-DD') AS "heldOn", verified_at IS NOT NULL AS verified
       FROM training_sessions WHERE organization_id = app_org() AND held_on >= $1::date`,
    [since],
  );
  return r.rows;
}
