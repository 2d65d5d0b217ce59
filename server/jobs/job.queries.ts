import type { Queryable } from '../db/types.ts';

export interface JobRow {
  organization_id: string;
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  payload: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: { key: string; params?: Record<string, unknown>; issues?: unknown[] } | null;
  total: number | null;
  done: number;
  attempts: number;
  created_by: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export async function insertJob(q: Queryable, j: { kind: string; payload: unknown; createdBy: string | null }): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO jobs (organization_id, kind, payload, created_by) VALUES (app_org(), $1, $2, $3) RETURNING id`,
    [j.kind, JSON.stringify(j.payload ?? {}), j.createdBy],
  );
  return r.rows[0].id;
}

export async function getJob(q: Queryable, id: string): Promise<JobRow | undefined> {
  const r = await q.query<JobRow>(`SELECT * FROM jobs WHERE id = $1`, [id]);
  return r.rows[0];
}

/** The worker claims across tenants (owner connection); SKIP LOCKED lets several nodes share the queue. */
export async function claimNextJob(q: Queryable, kinds: string[]): Promise<JobRow | undefined> {
  const r = await q.query<JobRow>(
    `UPDATE jobs SET status = 'running', started_at = now(), attempts = attempts + 1
      WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_after <= now() AND kind = ANY($1)
                   ORDER BY run_after LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING *`,
    [kinds],
  );
  return r.rows[0];
}

export async function setProgress(q: Queryable, id: string, done: number, total: number | null) {
  await q.query(`UPDATE jobs SET done = $2, total = coalesce($3, total) WHERE id = $1`, [id, done, total]);
}

export async function finishJob(q: Queryable, id: string, status: 'succeeded' | 'failed', result: unknown, error: unknown) {
  await q.query(
    `UPDATE jobs SET status = $2, result = $3, error = $4, finished_at = now(),
            done = CASE WHEN $2 = 'succeeded' THEN coalesce(total, done) ELSE done END
      WHERE id = $1`,
    [id, status, result === undefined ? null : JSON.stringify(result), error === undefined ? null : JSON.stringify(error)],
  );
}

/** Jobs left 'running' by a node that died are given back to the queue at start-up. */
export async function requeueStale(q: Queryable, olderThanMinutes: number) {
  await q.query(
    `UPDATE jobs SET status = 'queued' WHERE status = 'running' AND started_at < now() - make_interval(mins => $1) AND attempts < 3`,
    [olderThanMinutes],
  );
}
