import type { Queryable } from '../db/types.ts';
import type { AnswerValue } from '../questionnaires/conditions.ts';
import type { SiteFacts } from './readiness.ts';

export interface SiteHeader {
  id: string;
  name: string;
  supplier_id: string;
  supplier_name: string;
  sector_code: string | null;
  territory_code: string | null;
}

export async function selectSite(q: Queryable, siteId: string): Promise<SiteHeader | undefined> {
  const r = await q.query<SiteHeader>(
    `SELECT st.id, st.name, st.supplier_id, s.legal_name AS supplier_name, s.sector_code, st.territory_code
       FROM sites st JOIN suppliers s ON s.organization_id = st.organization_id AND s.id = st.supplier_id
      WHERE st.organization_id = app_org() AND st.id = $1`,
    [siteId],
  );
  return r.rows[0];
}

/** The latest reviewed assessment covering the site: its own, or one for its whole supplier. */
export async function latestAssessment(q: Queryable, site: SiteHeader): Promise<{ id: string; template_id: string; reviewed_at: Date } | undefined> {
  const r = await q.query<{ id: string; template_id: string; reviewed_at: Date }>(
    `SELECT id, template_id, reviewed_at FROM assessments
      WHERE organization_id = app_org() AND supplier_id = $1 AND (site_id = $2 OR site_id IS NULL)
        AND status = 'reviewed' AND reviewed_at IS NOT NULL
      ORDER BY reviewed_at DESC, id LIMIT 1`,
    [site.supplier_id, site.id],
  );
  return r.rows[0];
}

/**
 * Everything readiness reads for a site, as answers and counts. `today` bounds the
 * training window (12 months, as the coverage indicator).
 */
export async function siteFacts(q: Queryable, site: SiteHeader, assessment: { id: string; reviewed_at: Date } | undefined, since: string): Promise<SiteFacts> {
  let facts: SiteFacts['assessment'] = null;
  if (assessment) {
    const answers = await q.query<{ question_id: string; answer: AnswerValue }>(
      `SELECT question_id, answer FROM assessment_answers WHERE organization_id = app_org() AND assessment_id = $1 AND answer IS NOT NULL`,
      [assessment.id],
    );
    const files = await q.query<{ question_id: string }>(
      `SELECT DISTINCT question_id FROM evidence_files WHERE organization_id = app_org() AND assessment_id = $1`,
      [assessment.id],
    );
    facts = {
      id: assessment.id,
      reviewedAt: new Date(assessment.reviewed_at).toISOString().slice(0, 10),
      answers: Object.fromEntries(answers.rows.map((a) => [a.question_id, a.answer])),
      files: files.rows.map((f) => f.question_id),
    };
  }
  const trainings = await q.query<{ id: string; heldOn: string; topics: string[]; verified: boolean }>(
    `SELECT id, to_char(held_on, 'YYYY-MM-DD') AS "heldOn", topics, verified_at IS NOT NULL AS verified FROM training_sessions
      WHERE organization_id = app_org() AND supplier_id = $1 AND (site_id = $2 OR site_id IS NULL) AND held_on >= $3::date
      ORDER BY held_on DESC`,
    [site.supplier_id, site.id, since],
  );
  const counts = await q.query<{ cl: number; cases: number; open: number; noplan: number; closedplans: number }>(
    `SELECT
       (SELECT count(*)::int FROM findings f WHERE f.organization_id = app_org() AND f.site_id = $1 AND f.status <> 'closed'
          AND f.category IN ('child_labour_under_15', 'hazardous_under_18')) AS cl,
       (SELECT count(*)::int FROM child_cases c WHERE c.organization_id = app_org() AND c.site_id = $1 AND c.status <> 'closed') AS cases,
       (SELECT count(*)::int FROM findings f WHERE f.organization_id = app_org() AND f.site_id = $1 AND f.status <> 'closed') AS open,
       (SELECT count(*)::int FROM findings f WHERE f.organization_id = app_org() AND f.site_id = $1 AND f.status <> 'closed'
          AND NOT EXISTS (SELECT 1 FROM remediation_plans p WHERE p.organization_id = f.organization_id AND p.finding_id = f.id)) AS noplan,
       (SELECT count(*)::int FROM remediation_plans p JOIN findings f ON f.organization_id = p.organization_id AND f.id = p.finding_id
         WHERE p.organization_id = app_org() AND f.site_id = $1 AND p.status = 'closed') AS closedplans`,
    [site.id],
  );
  const c = counts.rows[0];
  return {
    assessment: facts, trainings: trainings.rows,
    openChildLabourFindings: c.cl, openChildCases: c.cases, openFindings: c.open, openFindingsWithoutPlan: c.noplan, closedPlans: c.closedplans,
  };
}

/** Active sites of the organisation with their supplier's sector, for the list and the CSV. */
export async function listSites(q: Queryable, limit = 1000): Promise<SiteHeader[]> {
  const r = await q.query<SiteHeader>(
    `SELECT st.id, st.name, st.supplier_id, s.legal_name AS supplier_name, s.sector_code, st.territory_code
       FROM sites st JOIN suppliers s ON s.organization_id = st.organization_id AND s.id = st.supplier_id AND s.status <> 'archived'
      WHERE st.organization_id = app_org() AND st.status = 'active'
      ORDER BY s.legal_name, st.name LIMIT $1`,
    [limit],
  );
  return r.rows;
}
