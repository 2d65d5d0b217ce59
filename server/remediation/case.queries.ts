import type { Queryable } from '../db/types.ts';
import type { CaseStatus, ClosureReason, Sex, Situation } from './remediation.types.ts';

export interface CaseRow {
  id: string;
  site_id: string;
  site_name: string;
  supplier_name: string;
  territory_code: string | null;
  municipality_name: string | null;
  finding_id: string | null;
  finding_title: string | null;
  age: number;
  sex: Sex;
  /** null: not recorded (no consent from the guardian). */
  indigenous: boolean | null;
  migrant: boolean | null;
  afro_descendant: boolean | null;
  household_chores: boolean | null;
  situation: Situation;
  status: CaseStatus;
  closure_reason: ClosureReason | null;
  closure_note: string | null;
  notes: string | null;
  /** YYYY-MM-DD */
  protection_on: string | null;
  protection_measure: string | null;
  /** YYYY-MM-DD of the guardian's express written consent to the sensitive fields. */
  sensitive_consent_on: string | null;
  anonymised_at: Date | null;
  state_code: string | null;
  /** YYYY-MM-DD */
  identified_on: string;
  created_at: Date;
  closed_at: Date | null;
  referral_count: number;
  /** YYYY-MM-DD of the next planned visit, if any. */
  next_visit: string | null;
}

const SELECT = `
  SELECT c.id, c.site_id, st.name AS site_name, s.legal_name AS supplier_name, st.territory_code, t.name AS municipality_name,
         c.finding_id, f.title AS finding_title, c.age, c.sex, c.indigenous, c.migrant, c.afro_descendant, c.household_chores, c.situation, c.status, c.closure_reason,
         c.notes, to_char(c.identified_on, 'YYYY-MM-DD') AS identified_on, c.created_at, c.closed_at, c.closure_note,
         to_char(c.protection_on, 'YYYY-MM-DD') AS protection_on, c.protection_measure,
         to_char(c.sensitive_consent_on, 'YYYY-MM-DD') AS sensitive_consent_on, c.anonymised_at,
         coalesce(st.state_code, left(st.territory_code, 2)) AS state_code,
         (SELECT count(*)::int FROM case_referrals r WHERE r.organization_id = c.organization_id AND r.case_id = c.id) AS referral_count,
         (SELECT to_char(max(fu.next_visit), 'YYYY-MM-DD') FROM case_followups fu
           WHERE fu.organization_id = c.organization_id AND fu.case_id = c.id) AS next_visit
    FROM child_cases c
    JOIN sites st ON st.organization_id = c.organization_id AND st.id = c.site_id
    JOIN suppliers s ON s.organization_id = st.organization_id AND s.id = st.supplier_id
    LEFT JOIN territories t ON t.country = 'MX' AND t.code = st.territory_code
    LEFT JOIN findings f ON f.organization_id = c.organization_id AND f.id = c.finding_id`;

/**
 * A case-register row: where and how far along. The child's attributes come only for
 * cases the user works on (`mine`); owners and admins see the register of every case
 * to assign case workers, others only the cases assigned to them.
 */
export interface RegisterRow {
  id: string;
  mine: boolean;
  site_name: string;
  supplier_name: string;
  municipality_name: string | null;
  status: CaseStatus;
  identified_on: string;
  case_workers: string | null;
  age: number | null;
  sex: Sex | null;
  situation: Situation | null;
  next_visit: string | null;
}

export async function listCases(q: Queryable, f: { status?: CaseStatus; userId: string | null; all: boolean; limit: number; offset: number }) {
  const where = `($1::text IS NULL OR c.status = $1)
     AND ($2::boolean OR EXISTS (SELECT 1 FROM case_assignments a WHERE a.organization_id = c.organization_id AND a.case_id = c.id AND a.user_id = $3))`;
  const rows = await q.query<RegisterRow>(
    `WITH r AS (
       SELECT c.*, EXISTS (SELECT 1 FROM case_assignments a WHERE a.organization_id = c.organization_id AND a.case_id = c.id AND a.user_id = $3) AS mine
         FROM child_cases c WHERE ${where})
     SELECT r.id, r.mine, st.name AS site_name, s.legal_name AS supplier_name, t.name AS municipality_name, r.status,
            to_char(r.identified_on, 'YYYY-MM-DD') AS identified_on,
            (SELECT string_agg(u.name, ', ' ORDER BY u.name) FROM case_assignments a JOIN users u ON u.id = a.user_id
              WHERE a.organization_id = r.organization_id AND a.case_id = r.id) AS case_workers,
            CASE WHEN r.mine THEN r.age END AS age, CASE WHEN r.mine THEN r.sex END AS sex,
            CASE WHEN r.mine THEN r.situation END AS situation,
            CASE WHEN r.mine THEN (SELECT to_char(max(fu.next_visit), 'YYYY-MM-DD') FROM case_followups fu
              WHERE fu.organization_id = r.organization_id AND fu.case_id = r.id) END AS next_visit
       FROM r
       JOIN sites st ON st.organization_id = r.organization_id AND st.id = r.site_id
       JOIN suppliers s ON s.organization_id = st.organization_id AND s.id = st.supplier_id
       LEFT JOIN territories t ON t.country = 'MX' AND t.code = st.territory_code
      ORDER BY (r.status = 'closed'), r.identified_on DESC, r.id LIMIT $4 OFFSET $5`,
    [f.status ?? null, f.all, f.userId, f.limit, f.offset],
  );
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM child_cases c WHERE ${where}`, [f.status ?? null, f.all, f.userId]);
  return { rows: rows.rows, total: total.rows[0].n };
}

export async function getCase(q: Queryable, id: string, forUpdate = false): Promise<CaseRow | undefined> {
  return (await q.query<CaseRow>(`${SELECT} WHERE c.id = $1${forUpdate ? ' FOR UPDATE OF c' : ''}`, [id])).rows[0];
}

export interface CaseInput {
  siteId: string;
  findingId: string | null;
  age: number;
  sex: Sex;
  indigenous: boolean | null;
  migrant: boolean | null;
  /** Optional (as the schema leaves them absent → null); same consent rule as above. */
  afroDescendant?: boolean | null;
  householdChores?: boolean | null;
  sensitiveConsentOn: string | null;
  situation: Situation;
  notes: string | null;
  identifiedOn: string;
}

export async function insertCase(q: Queryable, c: CaseInput & { createdBy: string | null }): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO child_cases (organization_id, site_id, finding_id, age, sex, indigenous, migrant, sensitive_consent_on, situation, notes, identified_on, created_by, afro_descendant, household_chores)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [c.siteId, c.findingId, c.age, c.sex, c.indigenous, c.migrant, c.sensitiveConsentOn, c.situation, c.notes, c.identifiedOn, c.createdBy, c.afroDescendant ?? null, c.householdChores ?? null],
  );
  return r.rows[0].id;
}

export async function updateCase(q: Queryable, id: string, c: Omit<CaseInput, 'siteId' | 'findingId' | 'identifiedOn'>) {
  await q.query(
    `UPDATE child_cases SET age = $2, sex = $3, indigenous = $4, migrant = $5, situation = $6, notes = $7, sensitive_consent_on = $8,
            afro_descendant = $9, household_chores = $10, updated_at = now()
      WHERE id = $1`,
    [id, c.age, c.sex, c.indigenous, c.migrant, c.situation, c.notes, c.sensitiveConsentOn, c.afroDescendant ?? null, c.householdChores ?? null],
  );
}

export async function setProtection(q: Queryable, id: string, p: { protectionOn: string; measure: string }) {
  await q.query(`UPDATE child_cases SET protection_on = $2, protection_measure = $3, updated_at = now() WHERE id = $1`, [id, p.protectionOn, p.measure]);
}

export async function setCaseStatus(q: Queryable, id: string, status: CaseStatus, reason: ClosureReason | null = null, note: string | null = null) {
  await q.query(
    `UPDATE child_cases SET status = $2, closure_reason = $3, closure_note = $4, updated_at = now(),
            closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE NULL END
      WHERE id = $1`,
    [id, status, reason, note],
  );
}

/** The users named as the case's case workers. */
export async function caseWorkers(q: Queryable, caseId: string): Promise<{ user_id: string; name: string; email: string }[]> {
  return (await q.query<{ user_id: string; name: string; email: string }>(
    `SELECT a.user_id, u.name, u.email FROM case_assignments a JOIN users u ON u.id = a.user_id WHERE a.case_id = $1 ORDER BY u.name`,
    [caseId],
  )).rows;
}

/** Members (and engaged consultancy members) whose role lets them be case workers. */
export async function assignableCaseWorkers(q: Queryable): Promise<{ user_id: string; name: string; email: string; role: string }[]> {
  return (await q.query<{ user_id: string; name: string; email: string; role: string }>(
    `SELECT DISTINCT ON (user_id) user_id, name, email, role FROM remediation_assignable_users()
      WHERE role IN ('owner', 'admin', 'analyst') ORDER BY user_id, role`,
  )).rows.sort((a, b) => a.name.localeCompare(b.name));
}

export async function assign(q: Queryable, caseId: string, userId: string, assignedBy: string | null): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO case_assignments (organization_id, case_id, user_id, assigned_by) VALUES (app_org(), $1, $2, $3) ON CONFLICT DO NOTHING`,
    [caseId, userId, assignedBy],
  );
  return r.rowCount > 0;
}

export async function unassign(q: Queryable, caseId: string, userId: string): Promise<boolean> {
  return (await q.query(`DELETE FROM case_assignments WHERE case_id = $1 AND user_id = $2`, [caseId, userId])).rowCount > 0;
}

export async function siteTerritory(q: Queryable, siteId: string): Promise<{ territory_code: string | null } | undefined> {
  return (await q.query<{ territory_code: string | null }>(`SELECT territory_code FROM sites WHERE id = $1`, [siteId])).rows[0];
}

export async function retentionSettings(q: Queryable): Promise<{ retention_months: number; privacy_notice_url: string | null }> {
  const r = await q.query<{ retention_months: number; privacy_notice_url: string | null }>(`SELECT retention_months, privacy_notice_url FROM casework_settings`);
  return r.rows[0] ?? { retention_months: DEFAULT_RETENTION_MONTHS, privacy_notice_url: null };
}

export async function saveRetentionSettings(q: Queryable, s: { retentionMonths: number; privacyNoticeUrl: string | null; updatedBy: string | null }) {
  await q.query(
    `INSERT INTO casework_settings (organization_id, retention_months, privacy_notice_url, updated_by) VALUES (app_org(), $1, $2, $3)
     ON CONFLICT (organization_id) DO UPDATE SET retention_months = $1, privacy_notice_url = $2, updated_by = $3, updated_at = now()`,
    [s.retentionMonths, s.privacyNoticeUrl, s.updatedBy],
  );
}

/** Months closed cases keep their details when the organisation set nothing (migration 015's default). */
export const DEFAULT_RETENTION_MONTHS = 36;
