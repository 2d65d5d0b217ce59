import type { Queryable } from '../db/types.ts';
import type { CaseStatus, ClosureReason, ReferralOutcome, Sex, Situation } from './remediation.types.ts';

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
  indigenous: boolean;
  migrant: boolean;
  situation: Situation;
  status: CaseStatus;
  closure_reason: ClosureReason | null;
  notes: string | null;
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
         c.finding_id, f.title AS finding_title, c.age, c.sex, c.indigenous, c.migrant, c.situation, c.status, c.closure_reason,
         c.notes, to_char(c.identified_on, 'YYYY-MM-DD') AS identified_on, c.created_at, c.closed_at,
         (SELECT count(*)::int FROM case_referrals r WHERE r.organization_id = c.organization_id AND r.case_id = c.id) AS referral_count,
         (SELECT to_char(max(fu.next_visit), 'YYYY-MM-DD') FROM case_followups fu
           WHERE fu.organization_id = c.organization_id AND fu.case_id = c.id) AS next_visit
    FROM child_cases c
    JOIN sites st ON st.organization_id = c.organization_id AND st.id = c.site_id
    JOIN suppliers s ON s.organization_id = st.organization_id AND s.id = st.supplier_id
    LEFT JOIN territories t ON t.country = 'MX' AND t.code = st.territory_code
    LEFT JOIN findings f ON f.organization_id = c.organization_id AND f.id = c.finding_id`;

export async function listCases(q: Queryable, f: { status?: CaseStatus; limit: number; offset: number }) {
  const rows = await q.query<CaseRow>(
    `${SELECT} WHERE ($1::text IS NULL OR c.status = $1)
      ORDER BY (c.status = 'closed'), c.identified_on DESC, c.id LIMIT $2 OFFSET $3`,
    [f.status ?? null, f.limit, f.offset],
  );
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM child_cases c WHERE ($1::text IS NULL OR c.status = $1)`, [f.status ?? null]);
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
  indigenous: boolean;
  migrant: boolean;
  situation: Situation;
  notes: string | null;
  identifiedOn: string;
}

export async function insertCase(q: Queryable, c: CaseInput & { createdBy: string | null }): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO child_cases (organization_id, site_id, finding_id, age, sex, indigenous, migrant, situation, notes, identified_on, created_by)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [c.siteId, c.findingId, c.age, c.sex, c.indigenous, c.migrant, c.situation, c.notes, c.identifiedOn, c.createdBy],
  );
  return r.rows[0].id;
}

export async function updateCase(q: Queryable, id: string, c: Omit<CaseInput, 'siteId' | 'findingId' | 'identifiedOn'>) {
  await q.query(
    `UPDATE child_cases SET age = $2, sex = $3, indigenous = $4, migrant = $5, situation = $6, notes = $7, updated_at = now() WHERE id = $1`,
    [id, c.age, c.sex, c.indigenous, c.migrant, c.situation, c.notes],
  );
}

export async function setCaseStatus(q: Queryable, id: string, status: CaseStatus, reason: ClosureReason | null = null) {
  await q.query(
    `UPDATE child_cases SET status = $2, closure_reason = $3, updated_at = now(),
            closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE NULL END
      WHERE id = $1`,
    [id, status, reason],
  );
}

export interface ReferralRow {
  id: string;
  case_id: string;
  service_id: string;
  service_name: string;
  service_kind: string;
  service_phone: string | null;
  service_address: string | null;
  referred_on: string;
  outcome: ReferralOutcome;
}

export async function listReferrals(q: Queryable, caseId: string): Promise<ReferralRow[]> {
  return (await q.query<ReferralRow>(
    `SELECT r.id, r.case_id, r.service_id, d.name AS service_name, d.kind AS service_kind, d.phone AS service_phone,
            d.address AS service_address, to_char(r.referred_on, 'YYYY-MM-DD') AS referred_on, r.outcome
       FROM case_referrals r JOIN service_directory d ON d.organization_id = r.organization_id AND d.id = r.service_id
      WHERE r.case_id = $1 ORDER BY r.referred_on, r.created_at`,
    [caseId],
  )).rows;
}

export async function insertReferral(q: Queryable, r: { caseId: string; serviceId: string; referredOn: string; createdBy: string | null }) {
  const res = await q.query<{ id: string }>(
    `INSERT INTO case_referrals (organization_id, case_id, service_id, referred_on, created_by)
     VALUES (app_org(), $1, $2, $3, $4) RETURNING id`,
    [r.caseId, r.serviceId, r.referredOn, r.createdBy],
  );
  return res.rows[0].id;
}

/** The referral's case id when it was updated. */
export async function setReferralOutcome(q: Queryable, id: string, outcome: ReferralOutcome): Promise<string | undefined> {
  const r = await q.query<{ case_id: string }>(
    `UPDATE case_referrals SET outcome = $2, updated_at = now() WHERE id = $1 RETURNING case_id`,
    [id, outcome],
  );
  return r.rows[0]?.case_id;
}

export interface FollowupRow {
  id: string;
  visit_date: string;
  notes: string | null;
  school_enrolled: boolean;
  withdrawn: boolean;
  next_visit: string | null;
  created_by_name: string | null;
}

export async function listFollowups(q: Queryable, caseId: string): Promise<FollowupRow[]> {
  return (await q.query<FollowupRow>(
    `SELECT fu.id, to_char(fu.visit_date, 'YYYY-MM-DD') AS visit_date, fu.notes, fu.school_enrolled, fu.withdrawn,
            to_char(fu.next_visit, 'YYYY-MM-DD') AS next_visit, u.name AS created_by_name
       FROM case_followups fu LEFT JOIN users u ON u.id = fu.created_by
      WHERE fu.case_id = $1 ORDER BY fu.visit_date, fu.created_at`,
    [caseId],
  )).rows;
}

export async function insertFollowup(
  q: Queryable, f: { caseId: string; visitDate: string; notes: string | null; schoolEnrolled: boolean; withdrawn: boolean; nextVisit: string | null; createdBy: string | null },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO case_followups (organization_id, case_id, visit_date, notes, school_enrolled, withdrawn, next_visit, created_by)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [f.caseId, f.visitDate, f.notes, f.schoolEnrolled, f.withdrawn, f.nextVisit, f.createdBy],
  );
  return r.rows[0].id;
}

/** Sites a case can be opened at, with their municipality. */
export async function siteChoices(q: Queryable) {
  return (await q.query<{ id: string; name: string; supplier_name: string; territory_code: string | null; municipality_name: string | null }>(
    `SELECT st.id, st.name, s.legal_name AS supplier_name, st.territory_code, t.name AS municipality_name
       FROM sites st JOIN suppliers s ON s.organization_id = st.organization_id AND s.id = st.supplier_id
       LEFT JOIN territories t ON t.country = 'MX' AND t.code = st.territory_code
      WHERE st.status = 'active' ORDER BY s.legal_name, st.name LIMIT 5000`,
  )).rows;
}

export async function siteTerritory(q: Queryable, siteId: string): Promise<{ territory_code: string | null } | undefined> {
  return (await q.query<{ territory_code: string | null }>(`SELECT territory_code FROM sites WHERE id = $1`, [siteId])).rows[0];
}
