import type { Queryable } from '../db/types.ts';
import { localToday } from './action.workflow.ts';
import { orgTimeZone } from '../dates/org-zone.queries.ts';
import { endOfDay, startOfDay } from '../dates/local-day.ts';
import { aggregateChildCases, onTimeRate, type ChildCaseCell, type ChildIndicatorTable } from './indicators.ts';
import type { FindingCategory, FindingSeverity, FindingStatus } from './remediation.types.ts';

/**
 * Impact indicators of the organisation in the transaction (RLS), for the indicators
 * page, exports and the PDF reports. Every function returns counts only — never a
 * case's details — and none applies small-cell suppression: callers showing them to
 * roles without `cases.read` pass the child table through suppressSmallCells().
 */

/** Optional period, both ends inclusive, YYYY-MM-DD: cases by the day they were identified, actions by due date. */
export interface IndicatorPeriod {
  from?: string;
  to?: string;
}

/**
 * Child cases grouped by sex × age group × indigenous × migrant. Withdrawn = a follow-up
 * recorded the withdrawal or the case closed as withdrawn without alternative; it counts
 * "with alternative" only when the child is in school (a follow-up or the closure says
 * so) or protected (closed under protection). Good outcome = closed in school, under
 * protection or in permitted work; lost to follow-up is its own (negative) count.
 */
export async function childCaseCells(q: Queryable, period: IndicatorPeriod = {}): Promise<ChildCaseCell[]> {
  const r = await q.query<ChildCaseCell>(
    `WITH c AS (
       SELECT c.sex, CASE WHEN c.age <= 11 THEN '5_11' WHEN c.age <= 14 THEN '12_14' ELSE '15_17' END AS age_group,
              c.indigenous, c.migrant, c.afro_descendant, c.household_chores, c.status, c.closure_reason,
              (coalesce(c.closure_reason = 'withdrawn_without_alternative', false) OR EXISTS (SELECT 1 FROM case_followups f
                 WHERE f.organization_id = c.organization_id AND f.case_id = c.id AND f.withdrawn)) AS withdrawn,
              (coalesce(c.closure_reason = 'enrolled_in_school', false) OR EXISTS (SELECT 1 FROM case_followups f
                 WHERE f.organization_id = c.organization_id AND f.case_id = c.id AND f.school_enrolled)) AS enrolled
         FROM child_cases c
        WHERE ($1::date IS NULL OR c.identified_on >= $1::date) AND ($2::date IS NULL OR c.identified_on <= $2::date))
     SELECT sex, age_group, indigenous, migrant, afro_descendant, household_chores,
            count(*)::int AS identified,
            count(*) FILTER (WHERE withdrawn AND (enrolled OR coalesce(closure_reason = 'under_protection', false)))::int AS "withdrawnWithAlternative",
            count(*) FILTER (WHERE withdrawn AND NOT (enrolled OR coalesce(closure_reason = 'under_protection', false)))::int AS "withdrawnOnly",
            count(*) FILTER (WHERE enrolled)::int AS enrolled,
            count(*) FILTER (WHERE closure_reason IN ('enrolled_in_school', 'under_protection', 'age_appropriate_work'))::int AS "goodOutcome",
            count(*) FILTER (WHERE closure_reason = 'lost_to_follow_up')::int AS "lostToFollowUp",
            count(*) FILTER (WHERE status <> 'closed')::int AS open,
            count(*) FILTER (WHERE status = 'closed')::int AS closed
       FROM c GROUP BY sex, age_group, indigenous, migrant, afro_descendant, household_chores ORDER BY 1, 2, 3, 4, 5, 6`,
    [period.from ?? null, period.to ?? null],
  );
  return r.rows;
}

/** Totals and breakdowns by sex, age group (5–11, 12–14, 15–17), indigenous and migrant status. */
export async function childIndicators(q: Queryable, period: IndicatorPeriod = {}): Promise<ChildIndicatorTable> {
  return aggregateChildCases(await childCaseCells(q, period));
}

export interface WorkUnitCoverage {
  /** Active sites. */
  sites: number;
  /** Active sites with a reviewed assessment or an open remediation plan. */
  covered: number;
  withReviewedAssessment: number;
  withOpenPlan: number;
}

/**
 * Work units (sites) covered. An assessment or plan tied to a site covers it; one for the
 * supplier as a whole (no site) covers all of that supplier's sites. A plan counts
 * through its finding's site, or the supplier when the plan or finding names no site.
 */
export async function workUnitCoverage(q: Queryable): Promise<WorkUnitCoverage> {
  const r = await q.query<WorkUnitCoverage>(
    `WITH s AS (
       SELECT st.id,
              EXISTS (SELECT 1 FROM assessments a WHERE a.organization_id = st.organization_id AND a.status = 'reviewed'
                        AND a.supplier_id = st.supplier_id AND (a.site_id = st.id OR a.site_id IS NULL)) AS assessed,
              EXISTS (SELECT 1 FROM remediation_plans p
                        LEFT JOIN findings f ON f.organization_id = p.organization_id AND f.id = p.finding_id
                       WHERE p.organization_id = st.organization_id AND p.status = 'open' AND p.supplier_id = st.supplier_id
                         AND (f.site_id = st.id OR f.site_id IS NULL)) AS planned
         FROM sites st WHERE st.status = 'active')
     SELECT count(*)::int AS sites, count(*) FILTER (WHERE assessed OR planned)::int AS covered,
            count(*) FILTER (WHERE assessed)::int AS "withReviewedAssessment", count(*) FILTER (WHERE planned)::int AS "withOpenPlan"
       FROM s`,
  );
  return r.rows[0];
}

export interface ActionTimeliness {
  /** Actions judged: past their due date, or already done/verified (cancelled ones never count). */
  counted: number;
  /** done or verified on or before the due date (a day in the organisation's zone). */
  onTime: number;
  /** done or verified after the due date. */
  late: number;
  /** still open or in progress after the due date. */
  overdue: number;
  /** onTime ÷ counted, 0..1; null when nothing is due yet. */
  rate: number | null;
}

/** Remediation actions on time. `today` is the local day (localToday()). */
export async function actionTimeliness(q: Queryable, today: string = localToday(), period: IndicatorPeriod = {}): Promise<ActionTimeliness> {
  const zone = await orgTimeZone(q);
  const r = await q.query<Omit<ActionTimeliness, 'rate'>>(
    `WITH a AS (
       SELECT a.status, a.due_date, (a.completed_at AT TIME ZONE $4::text)::date AS completed_day
         FROM remediation_actions a
        WHERE a.status <> 'cancelled' AND ($2::date IS NULL OR a.due_date >= $2::date) AND ($3::date IS NULL OR a.due_date <= $3::date))
     SELECT count(*) FILTER (WHERE due_date < $1::date OR status IN ('done', 'verified'))::int AS counted,
            count(*) FILTER (WHERE status IN ('done', 'verified') AND completed_day <= due_date)::int AS "onTime",
            count(*) FILTER (WHERE status IN ('done', 'verified') AND completed_day > due_date)::int AS late,
            count(*) FILTER (WHERE status IN ('open', 'in_progress') AND due_date < $1::date)::int AS overdue
       FROM a`,
    [today, period.from ?? null, period.to ?? null, zone],
  );
  const row = r.rows[0];
  return { ...row, rate: onTimeRate(row.onTime, row.counted) };
}

export interface FindingCount {
  category: FindingCategory;
  severity: FindingSeverity;
  status: FindingStatus;
  n: number;
}

/** Findings by category × severity × status, raised in the period's local days (indicators page and reports). */
export async function findingCounts(q: Queryable, period: IndicatorPeriod = {}): Promise<FindingCount[]> {
  const zone = await orgTimeZone(q);
  const r = await q.query<FindingCount>(
    `SELECT category, severity, status, count(*)::int AS n FROM findings
      WHERE ($1::timestamptz IS NULL OR created_at >= $1::timestamptz) AND ($2::timestamptz IS NULL OR created_at < $2::timestamptz)
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [period.from ? startOfDay(period.from, zone) : null, period.to ? endOfDay(period.to, zone) : null],
  );
  return r.rows;
}

export interface RemediationIndicators {
  children: ChildIndicatorTable;
  workUnits: WorkUnitCoverage;
  actions: ActionTimeliness;
  findings: FindingCount[];
}

/** Everything at once (indicators page, exports, reports). */
export async function remediationIndicators(q: Queryable, today: string = localToday(), period: IndicatorPeriod = {}): Promise<RemediationIndicators> {
  return {
    children: await childIndicators(q, period),
    workUnits: await workUnitCoverage(q),
    actions: await actionTimeliness(q, today, period),
    findings: await findingCounts(q, period),
  };
}
