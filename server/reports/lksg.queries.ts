import type { Queryable } from '../db/types.ts';

/** Severity weights for the prioritisation (docs/reports.md): a critical finding counts four times a low one. */
export const SEVERITY_WEIGHT: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };

export interface DueDiligenceSettings {
  responsibleName: string | null;
  responsiblePosition: string | null;
  policyTitle: string | null;
  policyDate: string | null;
  policyApprovedBy: string | null;
  policySha256: string | null;
}

/** What the organisation set in /settings/organization: never the report's author. */
export async function dueDiligenceSettings(q: Queryable): Promise<DueDiligenceSettings> {
  const r = await q.query<DueDiligenceSettings>(
    `SELECT responsible_name AS "responsibleName", responsible_position AS "responsiblePosition", policy_title AS "policyTitle",
            to_char(policy_date, 'YYYY-MM-DD') AS "policyDate", policy_approved_by AS "policyApprovedBy", policy_sha256 AS "policySha256"
       FROM organizations WHERE id = app_org()`,
  );
  return r.rows[0];
}

export interface PrioritisedRisk {
  supplier: string;
  site: string | null;
  category: string;
  severity: string;
  /** The site's current residual score (0–100), else the supplier's worst one; null when unscored. */
  likelihood: number | null;
  priority: number;
}

/**
 * Open findings ranked by severity × likelihood: the severity weight (1–4) times the
 * residual risk of the site it was raised on (0–100, as a share), so a critical finding
 * at a high-risk site comes first. Unscored places count as likelihood 0.5 (unknown).
 */
export async function prioritisedRisks(q: Queryable, limit: number): Promise<PrioritisedRisk[]> {
  const r = await q.query<{ supplier: string; site: string | null; category: string; severity: string; likelihood: string | null }>(
    `SELECT s.legal_name AS supplier, x.name AS site, f.category, f.severity,
            coalesce(ss.residual, (SELECT max(w.residual) FROM current_site_scores w
                                    WHERE w.organization_id = f.organization_id AND w.supplier_id = f.supplier_id)) AS likelihood
       FROM findings f
       JOIN suppliers s ON s.organization_id = f.organization_id AND s.id = f.supplier_id
       LEFT JOIN sites x ON x.organization_id = f.organization_id AND x.id = f.site_id
       LEFT JOIN current_site_scores ss ON ss.organization_id = f.organization_id AND ss.site_id = f.site_id
      WHERE f.organization_id = app_org() AND f.status <> 'closed'`,
  );
  return r.rows
    .map((row) => {
      const likelihood = row.likelihood === null ? null : Number(row.likelihood);
      const priority = (SEVERITY_WEIGHT[row.severity] ?? 1) * (likelihood === null ? 0.5 : likelihood / 100);
      return { ...row, likelihood, priority: Math.round(priority * 100) / 100 };
    })
    .sort((a, b) => b.priority - a.priority || a.supplier.localeCompare(b.supplier))
    .slice(0, limit);
}

export interface Effectiveness {
  actionsVerified: number;
  actionsDone: number;
  /** Findings raised in the period where the same site and category had an earlier finding. */
  repeatFindings: number;
  findingsRaised: number;
}

/** How well the measures worked, over the period's half-open range of instants. */
export async function effectiveness(q: Queryable, start: Date, end: Date): Promise<Effectiveness> {
  const r = await q.query<Effectiveness>(
    `SELECT (SELECT count(*)::int FROM remediation_actions WHERE organization_id = app_org() AND verified_at >= $1 AND verified_at < $2) AS "actionsVerified",
            (SELECT count(*)::int FROM remediation_actions WHERE organization_id = app_org() AND completed_at >= $1 AND completed_at < $2) AS "actionsDone",
            (SELECT count(*)::int FROM findings f WHERE f.organization_id = app_org() AND f.created_at >= $1 AND f.created_at < $2
                AND EXISTS (SELECT 1 FROM findings e WHERE e.organization_id = f.organization_id AND e.supplier_id = f.supplier_id
                               AND e.site_id IS NOT DISTINCT FROM f.site_id AND e.category = f.category
                               AND (e.created_at, e.id) < (f.created_at, f.id))) AS "repeatFindings",
            (SELECT count(*)::int FROM findings WHERE organization_id = app_org() AND created_at >= $1 AND created_at < $2) AS "findingsRaised"`,
    [start, end],
  );
  return r.rows[0];
}
