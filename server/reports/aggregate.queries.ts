import type { Queryable } from '../db/types.ts';

/**
 * Read-only counts the reports need and no other feature exposes yet. Each runs in the
 * tenant transaction of the organisation reported on (RLS), and returns counts only.
 */

export interface SupplierTotals {
  suppliers: number;
  sites: number;
  scoredSuppliers: number;
}

export async function supplierTotals(q: Queryable): Promise<SupplierTotals> {
  const r = await q.query<SupplierTotals>(
    `SELECT (SELECT count(*)::int FROM suppliers WHERE organization_id = app_org() AND status <> 'archived') AS suppliers,
            (SELECT count(*)::int FROM sites x JOIN suppliers s ON s.organization_id = x.organization_id AND s.id = x.supplier_id
              WHERE x.organization_id = app_org() AND x.status = 'active' AND s.status <> 'archived') AS sites,
            (SELECT count(*)::int FROM supplier_score_current c JOIN suppliers s ON s.organization_id = c.organization_id AND s.id = c.supplier_id
              WHERE c.organization_id = app_org() AND s.status <> 'archived') AS "scoredSuppliers"`,
  );
  return r.rows[0];
}

/** Current supplier score levels of non-archived suppliers ('unscored' for the rest). */
export async function supplierLevelCounts(q: Queryable): Promise<Record<string, number>> {
  const r = await q.query<{ level: string; n: number }>(
    `SELECT coalesce(c.level, 'unscored') AS level, count(*)::int AS n
       FROM suppliers s
       LEFT JOIN current_supplier_scores c ON c.organization_id = s.organization_id AND c.supplier_id = s.id
      WHERE s.organization_id = app_org() AND s.status <> 'archived'
      GROUP BY 1`,
  );
  return Object.fromEntries(r.rows.map((x) => [x.level, x.n]));
}

export interface SitePoint {
  lon: number;
  lat: number;
  name: string;
  level: string | null;
}

export interface StateSites {
  stateCode: string;
  sites: number;
}

export interface SitePlace {
  name: string;
  latitude: string | null;
  longitude: string | null;
  territoryCode: string | null;
  stateCode: string | null;
  level: string | null;
}

/**
 * Active sites per state and, for the map, those with coordinates or at least a municipality
 * or state (at most `limit`, riskiest first), with their score level.
 */
export async function sitesForMap(q: Queryable, limit: number): Promise<{ byState: StateSites[]; places: SitePlace[] }> {
  const byState = await q.query<StateSites>(
    `SELECT x.state_code AS "stateCode", count(*)::int AS sites FROM sites x
      WHERE x.organization_id = app_org() AND x.status = 'active' AND x.state_code IS NOT NULL
      GROUP BY 1 ORDER BY 1`,
  );
  const places = await q.query<SitePlace>(
    `SELECT x.name, x.latitude::text AS latitude, x.longitude::text AS longitude, x.territory_code AS "territoryCode",
            x.state_code AS "stateCode", c.level
       FROM sites x LEFT JOIN current_site_scores c ON c.organization_id = x.organization_id AND c.site_id = x.id
      WHERE x.organization_id = app_org() AND x.status = 'active'
        AND ((x.latitude IS NOT NULL AND x.longitude IS NOT NULL) OR x.territory_code IS NOT NULL OR x.state_code IS NOT NULL)
      ORDER BY c.residual DESC NULLS LAST, x.id LIMIT $1`,
    [limit],
  );
  return { byState: byState.rows, places: places.rows };
}

export interface QuestionnaireCoverage {
  /** Suppliers sent at least one questionnaire. */
  sent: number;
  /** Suppliers with a submitted or reviewed questionnaire (the latest one is read below). */
  answered: number;
  reviewed: number;
  writtenPolicy: number;
  ageVerification: number;
  grievanceChannel: number;
  supervisorTraining: number;
}

/**
 * Answers of each supplier's latest submitted or reviewed questionnaire to the policy and
 * grievance questions of the default template (question ids written_policy,
 * age_verification_at_hiring, grievance_channel, supervisor_training).
 */
export async function questionnaireCoverage(q: Queryable): Promise<QuestionnaireCoverage> {
  const r = await q.query<QuestionnaireCoverage>(
    `WITH latest AS (
       SELECT DISTINCT ON (a.supplier_id) a.id, a.supplier_id, a.status
         FROM assessments a JOIN suppliers s ON s.organization_id = a.organization_id AND s.id = a.supplier_id
        WHERE a.organization_id = app_org() AND a.status IN ('submitted', 'reviewed') AND s.status <> 'archived'
        ORDER BY a.supplier_id, coalesce(a.reviewed_at, a.submitted_at) DESC NULLS LAST, a.id),
     yes AS (
       SELECT l.supplier_id, x.question_id FROM latest l
         JOIN assessment_answers x ON x.organization_id = app_org() AND x.assessment_id = l.id
        WHERE x.answer = 'true'::jsonb
          AND x.question_id IN ('written_policy', 'age_verification_at_hiring', 'grievance_channel', 'supervisor_training'))
     SELECT (SELECT count(DISTINCT a.supplier_id)::int FROM assessments a WHERE a.organization_id = app_org() AND a.status <> 'draft') AS sent,
            (SELECT count(*)::int FROM latest) AS answered,
            (SELECT count(*)::int FROM latest WHERE status = 'reviewed') AS reviewed,
            (SELECT count(*)::int FROM yes WHERE question_id = 'written_policy') AS "writtenPolicy",
            (SELECT count(*)::int FROM yes WHERE question_id = 'age_verification_at_hiring') AS "ageVerification",
            (SELECT count(*)::int FROM yes WHERE question_id = 'grievance_channel') AS "grievanceChannel",
            (SELECT count(*)::int FROM yes WHERE question_id = 'supervisor_training') AS "supervisorTraining"`,
  );
  return r.rows[0];
}

export interface PeriodActivity {
  assessmentsSent: number;
  assessmentsReviewed: number;
  findingsRaised: number;
  findingsClosed: number;
  grievanceFindings: number;
  plansOpen: number;
  plansClosed: number;
  actionsByStatus: Record<string, number>;
  lastScoredAt: Date | null;
}

/**
 * Due-diligence activity in a period, plus the current plan/action state. The period is a
 * half-open range of instants (local midnight to local midnight in the organisation's zone).
 */
export async function periodActivity(q: Queryable, start: Date, end: Date): Promise<PeriodActivity> {
  const r = await q.query<Omit<PeriodActivity, 'actionsByStatus'>>(
    `SELECT (SELECT count(*)::int FROM assessments WHERE organization_id = app_org() AND sent_at >= $1::timestamptz AND sent_at < $2::timestamptz) AS "assessmentsSent",
            (SELECT count(*)::int FROM assessments WHERE organization_id = app_org() AND reviewed_at >= $1::timestamptz AND reviewed_at < $2::timestamptz) AS "assessmentsReviewed",
            (SELECT count(*)::int FROM findings WHERE organization_id = app_org() AND created_at >= $1::timestamptz AND created_at < $2::timestamptz) AS "findingsRaised",
            (SELECT count(*)::int FROM findings WHERE organization_id = app_org() AND closed_at >= $1::timestamptz AND closed_at < $2::timestamptz) AS "findingsClosed",
            (SELECT count(*)::int FROM findings WHERE organization_id = app_org() AND source = 'grievance' AND created_at >= $1::timestamptz AND created_at < $2::timestamptz) AS "grievanceFindings",
            (SELECT count(*)::int FROM remediation_plans WHERE organization_id = app_org() AND status = 'open') AS "plansOpen",
            (SELECT count(*)::int FROM remediation_plans WHERE organization_id = app_org() AND status = 'closed') AS "plansClosed",
            (SELECT max(finished_at) FROM score_runs WHERE organization_id = app_org()) AS "lastScoredAt"`,
    [start, end],
  );
  const actions = await q.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM remediation_actions WHERE organization_id = app_org() GROUP BY 1`,
  );
  return { ...r.rows[0], actionsByStatus: Object.fromEntries(actions.rows.map((a) => [a.status, a.n])) };
}

/** Open findings and open actions past their due date (portfolio rows). */
export async function openWork(q: Queryable, today: string): Promise<{ openFindings: number; overdueActions: number }> {
  const r = await q.query<{ openFindings: number; overdueActions: number }>(
    `SELECT (SELECT count(*)::int FROM findings WHERE organization_id = app_org() AND status <> 'closed') AS "openFindings",
            (SELECT count(*)::int FROM remediation_actions WHERE organization_id = app_org()
                AND status IN ('open', 'in_progress') AND due_date < $1::date) AS "overdueActions"`,
    [today],
  );
  return r.rows[0];
}

/** Ready reports of the organisation generated in the period [start, end), per kind (communication step). */
export async function reportsIssued(q: Queryable, start: Date, end: Date): Promise<Record<string, number>> {
  const r = await q.query<{ kind: string; n: number }>(
    `SELECT kind, count(*)::int AS n FROM reports
      WHERE organization_id = app_org() AND status = 'ready' AND generated_at >= $1::timestamptz AND generated_at < $2::timestamptz
      GROUP BY 1`,
    [start, end],
  );
  return Object.fromEntries(r.rows.map((x) => [x.kind, x.n]));
}

/** Evidence files uploaded for a supplier's questionnaires (auditors download them from /evidence). */
export async function supplierEvidenceCount(q: Queryable, supplierId: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM evidence_files e
       JOIN assessments a ON a.organization_id = e.organization_id AND a.id = e.assessment_id
      WHERE e.organization_id = app_org() AND a.supplier_id = $1`,
    [supplierId],
  );
  return r.rows[0].n;
}
