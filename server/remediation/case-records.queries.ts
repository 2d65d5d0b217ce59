import type { Queryable } from '../db/types.ts';
import type { ReferralOutcome } from './remediation.types.ts';

/** What happened in a case after it was opened: referrals, follow-up visits and their amendments. */

export interface ReferralRow {
  id: string;
  case_id: string;
  service_id: string | null;
  reference_id: string | null;
  /** 'municipality' for the tenant's own services, else the shipped entry's level. */
  level: 'municipality' | 'national' | 'state';
  service_name: string;
  service_kind: string;
  service_phone: string | null;
  service_address: string | null;
  out_of_area_reason: string | null;
  referred_on: string;
  outcome: ReferralOutcome;
}

export async function listReferrals(q: Queryable, caseId: string): Promise<ReferralRow[]> {
  return (await q.query<ReferralRow>(
    `SELECT r.id, r.case_id, r.service_id, r.reference_id, coalesce(r.reference_level, 'municipality') AS level,
            coalesce(d.name, r.reference_name) AS service_name, coalesce(d.kind, r.reference_kind) AS service_kind,
            d.phone AS service_phone, d.address AS service_address, r.out_of_area_reason,
            to_char(r.referred_on, 'YYYY-MM-DD') AS referred_on, r.outcome
       FROM case_referrals r LEFT JOIN service_directory d ON d.organization_id = r.organization_id AND d.id = r.service_id
      WHERE r.case_id = $1 ORDER BY r.referred_on, r.created_at`,
    [caseId],
  )).rows;
}

export type ReferralTarget =
  | { serviceId: string; outOfAreaReason: string | null }
  | { reference: { id: string; name: string; kind: string; level: 'national' | 'state' } };

export async function insertReferral(q: Queryable, r: { caseId: string; target: ReferralTarget; referredOn: string; createdBy: string | null }) {
  const t = r.target;
  const ref = 'reference' in t ? t.reference : null;
  const res = await q.query<{ id: string }>(
    `INSERT INTO case_referrals (organization_id, case_id, service_id, out_of_area_reason, reference_id, reference_name, reference_kind,
                                 reference_level, referred_on, created_by)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [r.caseId, 'serviceId' in t ? t.serviceId : null, 'serviceId' in t ? t.outOfAreaReason : null,
      ref?.id ?? null, ref?.name ?? null, ref?.kind ?? null, ref?.level ?? null, r.referredOn, r.createdBy],
  );
  return res.rows[0].id;
}

/** The referral's case id, when the referral exists. */
export async function referralCase(q: Queryable, id: string): Promise<string | undefined> {
  return (await q.query<{ case_id: string }>(`SELECT case_id FROM case_referrals WHERE id = $1`, [id])).rows[0]?.case_id;
}

export async function setReferralOutcome(q: Queryable, id: string, outcome: ReferralOutcome): Promise<void> {
  await q.query(`UPDATE case_referrals SET outcome = $2, updated_at = now() WHERE id = $1`, [id, outcome]);
}

export interface AmendmentRow {
  id: string;
  notes: string | null;
  reason: string;
  created_at: Date;
  created_by_name: string | null;
}

export interface FollowupRow {
  id: string;
  visit_date: string;
  /** The current text: the newest amendment's, or the original when never amended. */
  notes: string | null;
  original_notes: string | null;
  school_enrolled: boolean;
  withdrawn: boolean;
  next_visit: string | null;
  created_by_name: string | null;
  amendments: AmendmentRow[];
}

export async function listFollowups(q: Queryable, caseId: string): Promise<FollowupRow[]> {
  const visits = (await q.query<Omit<FollowupRow, 'amendments'>>(
    `SELECT fu.id, to_char(fu.visit_date, 'YYYY-MM-DD') AS visit_date, fu.notes AS original_notes,
            coalesce((SELECT am.notes FROM case_followup_amendments am WHERE am.organization_id = fu.organization_id
                        AND am.followup_id = fu.id ORDER BY am.created_at DESC, am.id DESC LIMIT 1), fu.notes) AS notes,
            EXISTS (SELECT 1 FROM case_followup_amendments am WHERE am.organization_id = fu.organization_id AND am.followup_id = fu.id) AS amended,
            fu.school_enrolled, fu.withdrawn, to_char(fu.next_visit, 'YYYY-MM-DD') AS next_visit, u.name AS created_by_name
       FROM case_followups fu LEFT JOIN users u ON u.id = fu.created_by
      WHERE fu.case_id = $1 ORDER BY fu.visit_date, fu.created_at`,
    [caseId],
  )).rows;
  const amendments = (await q.query<AmendmentRow & { followup_id: string }>(
    `SELECT am.id, am.followup_id, am.notes, am.reason, am.created_at, u.name AS created_by_name
       FROM case_followup_amendments am LEFT JOIN users u ON u.id = am.created_by
      WHERE am.case_id = $1 ORDER BY am.created_at, am.id`,
    [caseId],
  )).rows;
  return visits.map((v) => ({ ...v, amendments: amendments.filter((a) => a.followup_id === v.id) }));
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

/** The follow-up's case, when the follow-up exists. */
export async function followupCase(q: Queryable, id: string): Promise<string | undefined> {
  return (await q.query<{ case_id: string }>(`SELECT case_id FROM case_followups WHERE id = $1`, [id])).rows[0]?.case_id;
}

export async function insertAmendment(q: Queryable, a: { caseId: string; followupId: string; notes: string | null; reason: string; createdBy: string | null }) {
  const r = await q.query<{ id: string }>(
    `INSERT INTO case_followup_amendments (organization_id, case_id, followup_id, notes, reason, created_by)
     VALUES (app_org(), $1, $2, $3, $4, $5) RETURNING id`,
    [a.caseId, a.followupId, a.notes, a.reason, a.createdBy],
  );
  return r.rows[0].id;
}
