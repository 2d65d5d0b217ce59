import type { Queryable } from '../db/types.ts';
import { localToday } from './action.workflow.ts';

/** The organisation's time zone: notice days are its local days. */
const ZONE = `(SELECT z.time_zone FROM organizations z WHERE z.id = a.organization_id)`;

/** The SQL twin of needsOverdueNotice (action.workflow.ts): overdue, and not yet told in this period. */
const needsNotice = (today: string) => `a.status IN ('open', 'in_progress') AND a.due_date < ${today}
  AND (a.overdue_notified_at IS NULL OR (a.overdue_notified_at AT TIME ZONE ${ZONE})::date <= a.due_date)`;

// Owner's e-mail; for supplier-owned actions (no platform user) the plan's author is told.
const RECIPIENT = `coalesce(ou.email, pu.email)`;

export interface OverdueActionRow {
  id: string;
  title: string;
  /** YYYY-MM-DD */
  due_date: string;
  days_overdue: number;
  status: 'open' | 'in_progress';
  owner_kind: string;
  owner_name: string | null;
  owner_label: string | null;
  plan_id: string;
  plan_title: string;
  supplier_id: string;
  supplier_name: string;
}

/**
 * Dashboard widget data: open actions past their due date in the transaction's
 * organisation, most overdue first. `today` is a YYYY-MM-DD day in the organisation's zone.
 */
export async function overdueActions(q: Queryable, today: string = localToday(), limit = 10): Promise<{ rows: OverdueActionRow[]; total: number }> {
  const rows = await q.query<OverdueActionRow>(
    `SELECT a.id, a.title, to_char(a.due_date, 'YYYY-MM-DD') AS due_date, ($1::date - a.due_date)::int AS days_overdue,
            a.status, a.owner_kind, ou.name AS owner_name, a.owner_label, p.id AS plan_id, p.title AS plan_title,
            s.id AS supplier_id, s.legal_name AS supplier_name
       FROM remediation_actions a
       JOIN remediation_plans p ON p.organization_id = a.organization_id AND p.id = a.plan_id
       JOIN suppliers s ON s.organization_id = p.organization_id AND s.id = p.supplier_id
       LEFT JOIN users ou ON ou.id = a.owner_user_id
      WHERE a.status IN ('open', 'in_progress') AND a.due_date < $1::date
      ORDER BY a.due_date, a.id LIMIT $2`,
    [today, limit],
  );
  const total = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM remediation_actions a WHERE a.status IN ('open', 'in_progress') AND a.due_date < $1::date`,
    [today],
  );
  return { rows: rows.rows, total: total.rows[0].n };
}

/**
 * Organisations with overdue actions to notify and no notice job already waiting (owner
 * connection: crosses tenants). "Today" is each organisation's own local day at `now`.
 */
export async function organizationsToNotify(q: Queryable, now: Date, kind: string): Promise<{ organization_id: string; name: string; kind: 'company' | 'consultancy' }[]> {
  const r = await q.query<{ organization_id: string; name: string; kind: 'company' | 'consultancy' }>(
    `SELECT DISTINCT o.id AS organization_id, o.name, o.kind
       FROM remediation_actions a
       JOIN organizations o ON o.id = a.organization_id
       JOIN remediation_plans p ON p.organization_id = a.organization_id AND p.id = a.plan_id
       LEFT JOIN users ou ON ou.id = a.owner_user_id
       LEFT JOIN users pu ON pu.id = p.created_by
      WHERE ${needsNotice('($1::timestamptz AT TIME ZONE o.time_zone)::date')} AND ${RECIPIENT} IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.organization_id = a.organization_id AND j.kind = $2 AND j.status IN ('queued', 'running'))`,
    [now, kind],
  );
  return r.rows;
}

export interface ClaimedNotice {
  id: string;
  title: string;
  due_date: string;
  plan_id: string;
  plan_title: string;
  supplier_name: string;
  recipient: string;
  recipient_locale: string;
  previous_notified_at: Date | null;
}

/**
 * Marks every action that needs an overdue notice as notified and returns them with
 * their recipient. Marking first (row locks held to commit) is what stops two workers
 * from sending the same notice.
 */
export async function claimOverdueNotices(q: Queryable, today: string): Promise<ClaimedNotice[]> {
  const r = await q.query<ClaimedNotice>(
    `WITH due AS (
       SELECT a.id, a.overdue_notified_at AS previous_notified_at, ${RECIPIENT} AS recipient,
              coalesce(CASE WHEN ou.email IS NOT NULL THEN ou.locale END, pu.locale, 'es-MX') AS recipient_locale
         FROM remediation_actions a
         JOIN remediation_plans p ON p.organization_id = a.organization_id AND p.id = a.plan_id
         LEFT JOIN users ou ON ou.id = a.owner_user_id
         LEFT JOIN users pu ON pu.id = p.created_by
        WHERE ${needsNotice('$1::date')} AND ${RECIPIENT} IS NOT NULL
        FOR UPDATE OF a SKIP LOCKED)
     UPDATE remediation_actions a SET overdue_notified_at = now()
       FROM due, remediation_plans p, suppliers s
      WHERE a.id = due.id AND p.organization_id = a.organization_id AND p.id = a.plan_id
        AND s.organization_id = p.organization_id AND s.id = p.supplier_id
     RETURNING a.id, a.title, to_char(a.due_date, 'YYYY-MM-DD') AS due_date, p.id AS plan_id, p.title AS plan_title,
               s.legal_name AS supplier_name, due.recipient, due.recipient_locale, due.previous_notified_at`,
    [today],
  );
  return r.rows;
}

/** Gives notices back when their e-mail could not be sent, so the next run retries. */
export async function unclaimNotices(q: Queryable, notices: { id: string; previous_notified_at: Date | null }[]): Promise<void> {
  for (const n of notices) {
    await q.query(`UPDATE remediation_actions SET overdue_notified_at = $2 WHERE id = $1`, [n.id, n.previous_notified_at]);
  }
}
