import type { Queryable } from '../db/types.ts';
import type { ActionRow } from './plan.queries.ts';

export interface ExportActionRow extends ActionRow {
  plan_title: string;
  finding_title: string | null;
  supplier_name: string;
}

/** Every action with its plan and supplier, for exports. */
export async function allActions(q: Queryable): Promise<ExportActionRow[]> {
  const r = await q.query<ExportActionRow>(
    `SELECT a.id, a.plan_id, a.title, a.description, a.owner_kind, a.owner_user_id, ou.name AS owner_name, NULL AS owner_email,
            a.owner_label, to_char(a.due_date, 'YYYY-MM-DD') AS due_date, a.status, a.completed_at, a.completed_by,
            NULL AS completed_by_name, a.verified_at, a.verified_by, vu.name AS verified_by_name, a.verification_note,
            a.overdue_notified_at, a.created_at,
            (SELECT count(*)::int FROM remediation_evidence e WHERE e.organization_id = a.organization_id AND e.action_id = a.id) AS evidence_count,
            p.title AS plan_title, f.title AS finding_title, s.legal_name AS supplier_name
       FROM remediation_actions a
       JOIN remediation_plans p ON p.organization_id = a.organization_id AND p.id = a.plan_id
       JOIN suppliers s ON s.organization_id = p.organization_id AND s.id = p.supplier_id
       LEFT JOIN findings f ON f.organization_id = p.organization_id AND f.id = p.finding_id
       LEFT JOIN users ou ON ou.id = a.owner_user_id
       LEFT JOIN users vu ON vu.id = a.verified_by
      ORDER BY s.legal_name, p.created_at, a.due_date, a.id`,
  );
  return r.rows;
}
