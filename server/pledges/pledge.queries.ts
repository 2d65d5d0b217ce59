import type { Queryable } from '../db/types.ts';
import type { PledgeMeasure, PledgeTarget } from './pledge.progress.ts';

/** Targets of the consultancy in the transaction. */
export async function listTargets(q: Queryable): Promise<PledgeTarget[]> {
  const r = await q.query<PledgeTarget>(
    `SELECT id, measure, target, to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(deadline, 'YYYY-MM-DD') AS deadline
       FROM pledge_targets WHERE organization_id = app_org() ORDER BY deadline, measure`,
  );
  return r.rows;
}

export async function insertTarget(q: Queryable, t: { measure: PledgeMeasure; target: number; startsOn: string; deadline: string }, userId: string | null): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO pledge_targets (organization_id, measure, target, starts_on, deadline, created_by)
     VALUES (app_org(), $1, $2, $3, $4, $5) ON CONFLICT (organization_id, measure, deadline) DO NOTHING RETURNING id`,
    [t.measure, t.target, t.startsOn, t.deadline, userId],
  );
  return r.rows[0]?.id ?? null;
}

/** 'missing' when not this organisation's; 'duplicate' when another target has the same measure and deadline. */
export async function updateTarget(q: Queryable, id: string, t: { measure: PledgeMeasure; target: number; startsOn: string; deadline: string }): Promise<'ok' | 'missing' | 'duplicate'> {
  const clash = await q.query(
    `SELECT 1 FROM pledge_targets WHERE organization_id = app_org() AND measure = $1 AND deadline = $2 AND id <> $3`,
    [t.measure, t.deadline, id],
  );
  if (clash.rows.length) return 'duplicate';
  const r = await q.query(
    `UPDATE pledge_targets SET measure = $2, target = $3, starts_on = $4, deadline = $5 WHERE organization_id = app_org() AND id = $1`,
    [id, t.measure, t.target, t.startsOn, t.deadline],
  );
  return (r.rowCount ?? 0) > 0 ? 'ok' : 'missing';
}

export async function deleteTarget(q: Queryable, id: string): Promise<boolean> {
  const r = await q.query(`DELETE FROM pledge_targets WHERE organization_id = app_org() AND id = $1`, [id]);
  return (r.rowCount ?? 0) > 0;
}

export interface Period {
  from: string;
  to: string;
}

/**
 * Work units reached in the period (docs/pledges.md): active sites with an assessment
 * reviewed in the period, or covered by a remediation plan opened in the period (a plan
 * without a site covers all of its supplier's sites), in the client of the transaction.
 */
export async function workUnitsReached(q: Queryable, p: Period): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM sites st
      WHERE st.organization_id = app_org() AND st.status = 'active'
        AND (EXISTS (SELECT 1 FROM assessments a WHERE a.organization_id = st.organization_id AND a.status = 'reviewed'
                       AND a.supplier_id = st.supplier_id AND (a.site_id = st.id OR a.site_id IS NULL)
                       AND (a.reviewed_at AT TIME ZONE 'America/Mexico_City')::date BETWEEN $1::date AND $2::date)
          OR EXISTS (SELECT 1 FROM remediation_plans pl
                       LEFT JOIN findings f ON f.organization_id = pl.organization_id AND f.id = pl.finding_id
                      WHERE pl.organization_id = st.organization_id AND pl.supplier_id = st.supplier_id
                        AND (f.site_id = st.id OR f.site_id IS NULL)
                        AND (pl.created_at AT TIME ZONE 'America/Mexico_City')::date BETWEEN $1::date AND $2::date))`,
    [p.from, p.to],
  );
  return r.rows[0].n;
}

/**
 * Children reached in the period (docs/pledges.md): child cases, each counted once, closed
 * in the period with a good outcome (in school, under protection, in permitted work for
 * their age) or with a follow-up visit in the period that found the child enrolled in school.
 * A count only: nothing about any child leaves the query.
 */
export async function childrenReached(q: Queryable, p: Period): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM child_cases c
      WHERE c.organization_id = app_org()
        AND ((c.closure_reason IN ('enrolled_in_school', 'under_protection', 'age_appropriate_work')
              AND (c.closed_at AT TIME ZONE 'America/Mexico_City')::date BETWEEN $1::date AND $2::date)
          OR EXISTS (SELECT 1 FROM case_followups f WHERE f.organization_id = c.organization_id AND f.case_id = c.id
                       AND f.school_enrolled AND f.visit_date BETWEEN $1::date AND $2::date))`,
    [p.from, p.to],
  );
  return r.rows[0].n;
}

/** Attendance of the training sessions held in the period (attendances, not distinct people). */
export async function peopleTrained(q: Queryable, p: Period): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT coalesce(sum(attendees_women + attendees_men + attendees_other), 0)::int AS n
       FROM training_sessions WHERE organization_id = app_org() AND held_on BETWEEN $1::date AND $2::date`,
    [p.from, p.to],
  );
  return r.rows[0].n;
}

export interface MunicipalityRisk {
  code: string;
  name: string;
  stateCode: string;
  sites: number;
  /** Sites per current level. */
  levels: Record<string, number>;
}

/** Active sites of the client by municipality, with their current residual levels (the heat-map). */
export async function sitesByMunicipality(q: Queryable): Promise<{ code: string; name: string; stateCode: string; level: string | null; n: number }[]> {
  const r = await q.query<{ code: string; name: string; stateCode: string; level: string | null; n: number }>(
    `SELECT st.territory_code AS code, coalesce(tr.name, st.territory_code) AS name, left(st.territory_code, 2) AS "stateCode",
            sc.level, count(*)::int AS n
       FROM sites st
       LEFT JOIN territories tr ON tr.country = 'MX' AND tr.level = 'municipality' AND tr.code = st.territory_code
       LEFT JOIN current_site_scores sc ON sc.organization_id = st.organization_id AND sc.site_id = st.id
      WHERE st.organization_id = app_org() AND st.status = 'active' AND length(st.territory_code) = 5
      GROUP BY 1, 2, 3, 4`,
  );
  return r.rows;
}
