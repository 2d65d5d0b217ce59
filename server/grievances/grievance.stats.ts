import type { Queryable } from '../db/types.ts';

export interface GrievanceStats {
  total: number;
  open: number;
  /** Open and past the 7-day acknowledgment or the 3-month feedback deadline. */
  overdue: number;
  byCategory: { category: string; count: number }[];
  byOutcome: { outcome: string; count: number }[];
  /** Median days from receipt to acknowledgment and to closure (null with none yet). */
  medianDaysToAcknowledge: number | null;
  medianDaysToClose: number | null;
  acknowledgedInTime: number;
  acknowledged: number;
  closed: number;
}

/** Counts and durations only — no text, no site — so every reader of indicators may see them. */
/** `since`/`until`: only reports received in that period (the company report's). */
export async function grievanceStats(q: Queryable, today?: string, since?: string, until?: string): Promise<GrievanceStats> {
  const params = [today ?? null, since ?? null, until ?? null];
  const where = `($2::date IS NULL OR received_on >= $2::date) AND ($3::date IS NULL OR received_on <= $3::date)`;
  const since1 = `($1::date IS NULL OR received_on >= $1::date) AND ($2::date IS NULL OR received_on <= $2::date)`;
  const head = (await q.query<{ total: number; open: number; overdue: number; ack: number | null; close: number | null; in_time: number; acknowledged: number; closed: number }>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE status <> 'closed')::int AS open,
            count(*) FILTER (WHERE (status = 'received' AND acknowledge_due_on < coalesce($1::date, current_date))
                               OR (status <> 'closed' AND feedback_on IS NULL AND feedback_due_on < coalesce($1::date, current_date)))::int AS overdue,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY acknowledged_on - received_on) FILTER (WHERE acknowledged_on IS NOT NULL) AS ack,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY closed_on - received_on) FILTER (WHERE closed_on IS NOT NULL) AS close,
            count(*) FILTER (WHERE acknowledged_on <= acknowledge_due_on)::int AS in_time,
            count(*) FILTER (WHERE acknowledged_on IS NOT NULL)::int AS acknowledged,
            count(*) FILTER (WHERE closed_on IS NOT NULL)::int AS closed
       FROM grievance_reports WHERE ${where}`,
    params,
  )).rows[0];
  const byCategory = (await q.query<{ category: string; count: number }>(
    `SELECT category, count(*)::int AS count FROM grievance_reports WHERE ${since1} GROUP BY category ORDER BY count DESC, category`, [since ?? null, until ?? null],
  )).rows;
  const byOutcome = (await q.query<{ outcome: string; count: number }>(
    `SELECT outcome, count(*)::int AS count FROM grievance_reports WHERE ${since1} AND outcome IS NOT NULL GROUP BY outcome ORDER BY count DESC, outcome`, [since ?? null, until ?? null],
  )).rows;
  return {
    total: head.total, open: head.open, overdue: head.overdue, byCategory, byOutcome,
    medianDaysToAcknowledge: head.ack === null ? null : Number(head.ack),
    medianDaysToClose: head.close === null ? null : Number(head.close),
    acknowledgedInTime: head.in_time, acknowledged: head.acknowledged, closed: head.closed,
  };
}
