import type { Queryable } from '../db/types.ts';

/** What the consultancy sees of one client on the portfolio: counts only, never case details. */
export interface ClientFigures {
  suppliers: number;
  highAndCritical: number;
  overdueActions: number;
  openCases: number;
  lastReportAt: Date | null;
  lastReportKind: string | null;
}

/**
 * Runs in the client's own tenant transaction (RLS is per organisation), opened by the
 * service only for clients whose engagement with the consultancy is active.
 */
export async function clientFigures(q: Queryable, today: string): Promise<ClientFigures> {
  const r = await q.query<ClientFigures>(
    `SELECT (SELECT count(*)::int FROM suppliers WHERE organization_id = app_org() AND status <> 'archived') AS suppliers,
            (SELECT count(*)::int FROM suppliers s
               JOIN current_supplier_scores c ON c.organization_id = s.organization_id AND c.supplier_id = s.id
              WHERE s.organization_id = app_org() AND s.status <> 'archived' AND c.level IN ('high', 'critical')) AS "highAndCritical",
            (SELECT count(*)::int FROM remediation_actions WHERE organization_id = app_org()
                AND status IN ('open', 'in_progress') AND due_date < $1::date) AS "overdueActions",
            (SELECT count(*)::int FROM child_cases WHERE organization_id = app_org() AND status <> 'closed') AS "openCases",
            last.generated_at AS "lastReportAt", last.kind AS "lastReportKind"
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (SELECT generated_at, kind FROM reports WHERE organization_id = app_org() AND status = 'ready'
                           ORDER BY generated_at DESC LIMIT 1) last ON true`,
    [today],
  );
  return r.rows[0];
}
