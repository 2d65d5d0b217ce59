import type { Queryable } from '../db/types.ts';
import { supplierScopeSql, type SupplierScope } from '../suppliers/supplier-scope.ts';
import { TRAINING_CONTROL, type TrainingInput } from '../scoring/training-credit.ts';
import { evaluateStored } from '../assessments/assessment.evaluation.ts';
import { loadEvaluations, type Evaluation } from '../scores/assessment.inputs.ts';
import { localToday } from '../remediation/action.workflow.ts';
import { SUPERVISOR_CONTROL_TOPICS } from './training.topics.ts';

/** Whole months from one YYYY-MM-DD to another, never negative. */
export function monthsBetween(from: string, to: string): number {
  const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + (Number(to.slice(5, 7)) - Number(from.slice(5, 7))) -
    (Number(to.slice(8, 10)) < Number(from.slice(8, 10)) ? 1 : 0);
  return months > 0 ? months : 0;
}

interface SessionRow {
  id: string;
  supplier_id: string;
  site_id: string | null;
  held_on: string;
  verified_at: string;
  supervisors: number;
}

/**
 * Per site of the batch's suppliers: the latest verified session that trained supervisors
 * on child labour or hazardous work, held at the site or for the whole supplier, with the
 * supervisor-training control's points in the assessment that counts for the site.
 */
export async function loadTrainingInputs(q: Queryable, suppliers: SupplierScope, today: string = localToday()): Promise<Map<string, TrainingInput>> {
  const out = new Map<string, TrainingInput>();
  if ('ids' in suppliers && suppliers.ids.length === 0) return out;
  const params: unknown[] = [[...SUPERVISOR_CONTROL_TOPICS], today];
  const sessions = await q.query<SessionRow>(
    `SELECT DISTINCT ON (t.supplier_id, t.site_id) t.id, t.supplier_id, t.site_id, to_char(t.held_on, 'YYYY-MM-DD') AS held_on,
            to_char(t.verified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS verified_at, t.supervisors
       FROM training_sessions t
      WHERE t.organization_id = app_org() AND ${supplierScopeSql(suppliers, 't.supplier_id', params)} AND t.verified_at IS NOT NULL
        AND t.supervisors > 0 AND t.topics && $1::text[] AND t.held_on <= $2::date
      ORDER BY t.supplier_id, t.site_id, t.held_on DESC, t.id`,
    params,
  );
  if (sessions.rows.length === 0) return out;
  const bySupplier = new Map<string, SessionRow[]>();
  for (const s of sessions.rows) bySupplier.set(s.supplier_id, [...(bySupplier.get(s.supplier_id) ?? []), s]);
  const sites = await q.query<{ id: string; supplier_id: string }>(
    `SELECT id, supplier_id FROM sites WHERE organization_id = app_org() AND status = 'active' AND supplier_id = ANY($1::uuid[])`,
    [[...bySupplier.keys()]],
  );
  // Read again only for the (few) suppliers with a verified session, to keep the re-scoring's own reads as they are.
  const evaluations = await loadEvaluations(q, { ids: [...bySupplier.keys()] });
  const controls = new Map<string, TrainingInput['control']>();
  for (const site of sites.rows) {
    const candidates = (bySupplier.get(site.supplier_id) ?? []).filter((s) => s.site_id === null || s.site_id === site.id);
    if (candidates.length === 0) continue;
    const latest = candidates.reduce((a, b) => (b.held_on > a.held_on ? b : a));
    const assessment = countingAssessment(evaluations, site.id, site.supplier_id);
    let control: TrainingInput['control'] = null;
    if (assessment) {
      if (!controls.has(assessment.assessmentId)) controls.set(assessment.assessmentId, await trainingControlOf(q, assessment.assessmentId));
      control = controls.get(assessment.assessmentId) ?? null;
    }
    out.set(site.id, {
      sessionId: latest.id, heldOn: latest.held_on, verifiedAt: latest.verified_at, supervisors: latest.supervisors,
      ageMonths: monthsBetween(latest.held_on, today), control,
    });
  }
  return out;
}

/** The assessment that counts for a site: the same rule as scores' assessmentFor (its own or its supplier's, whichever was reviewed last). */
function countingAssessment(evals: Map<string, Evaluation>, siteId: string, supplierId: string): Evaluation | undefined {
  const own = evals.get(siteId);
  const wide = evals.get(`supplier:${supplierId}`);
  const at = (e: Evaluation) => (e.reviewedAt === null ? 0 : new Date(e.reviewedAt).getTime());
  return own && wide ? (at(wide) > at(own) ? wide : own) : (own ?? wide);
}

/** The training control's points in an assessment, from its stored answers. */
async function trainingControlOf(q: Queryable, assessmentId: string): Promise<TrainingInput['control']> {
  const r = await q.query<{ template_id: string }>(`SELECT template_id FROM assessments WHERE organization_id = app_org() AND id = $1`, [assessmentId]);
  if (!r.rows[0]) return null;
  const evaluation = await evaluateStored(q, assessmentId, r.rows[0].template_id);
  const c = evaluation.controls.find((x) => x.control === TRAINING_CONTROL);
  const totalMax = evaluation.controls.reduce((n, x) => n + x.max, 0);
  return c && c.max > 0 ? { earned: c.earned, max: c.max, totalMax } : null;
}
