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
  max_attempts: number;
  lease_expires_at: Date | null;
  created_by: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export async function insertJob(q: Queryable, j: { kind: string; payload: unknown; createdBy: string | null; runAfter?: Date }): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO jobs (organization_id, kind, payload, created_by, run_after) VALUES (app_org(), $1, $2, $3, coalesce($4, now())) RETURNING id`,
    [j.kind, JSON.stringify(j.payload ?? {}), j.createdBy, j.runAfter ?? null],
  );
  return r.rows[0].id;
}

export async function getJob(q: Queryable, id: string): Promise<JobRow | undefined> {
  const r = await q.query<JobRow>(`SELECT * FROM jobs WHERE id = $1`, [id]);
  return r.rows[0];
}

/**
 * The worker claims across tenants (owner connection); SKIP LOCKED lets several nodes share
 * the queue. Fair across tenants: among the due jobs, the organisation whose last job started
 * longest ago goes first, so one tenant's hundred queued imports cannot starve another's report.
 */
export async function claimNextJob(q: Queryable, kinds: string[], leaseSeconds: number): Promise<JobRow | undefined> {
  const r = await q.query<JobRow>(
    `UPDATE jobs SET status = 'running', started_at = now(), attempts = attempts + 1,
            lease_expires_at = now() + make_interval(secs => $2)
      WHERE id = (
        SELECT j.id FROM jobs j
          LEFT JOIN LATERAL (SELECT max(x.started_at) AS served FROM jobs x
                              WHERE x.organization_id = j.organization_id AND x.started_at IS NOT NULL) s ON true
         WHERE j.status = 'queued' AND j.run_after <= now() AND j.kind = ANY($1)
         ORDER BY s.served NULLS FIRST, j.run_after, j.created_at
         LIMIT 1 FOR UPDATE OF j SKIP LOCKED)
      RETURNING *`,
    [kinds, leaseSeconds],
  );
  return r.rows[0];
}

/** The worker is alive and still on it; false when the job is no longer this worker's. */
export async function renewLease(q: Queryable, id: string, leaseSeconds: number): Promise<boolean> {
  const r = await q.query(
    `UPDATE jobs SET lease_expires_at = now() + make_interval(secs => $2) WHERE id = $1 AND status = 'running'`,
    [id, leaseSeconds],
  );
  return (r.rowCount ?? 0) > 0;
}

export interface LapsedJob {
  organization_id: string;
  id: string;
  kind: string;
  status: 'queued' | 'failed';
  payload: Record<string, unknown>;
  created_by: string | null;
  attempts: number;
}

/**
 * Jobs whose worker stopped renewing the lease (killed, out of memory, machine lost):
 * back to the queue with a growing delay, or failed with a reason once out of attempts.
 * `exclude`: jobs this process is running itself (on PGlite a long transaction holds the
 * one connection, so its own heartbeat may be late; it is not dead).
 */
export async function reclaimLapsedJobs(q: Queryable, exclude: string[]): Promise<LapsedJob[]> {
  const r = await q.query<LapsedJob>(
    `UPDATE jobs SET
        status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
        run_after = now() + make_interval(secs => least(300, power(4, attempts - 1)::int)),
        lease_expires_at = NULL,
        finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
        error = CASE WHEN attempts >= max_attempts
                     THEN jsonb_build_object('key', 'jobs.abandoned', 'params', jsonb_build_object('attempts', attempts))
                     ELSE error END
      WHERE status = 'running' AND lease_expires_at < now() AND NOT (id = ANY($1::uuid[]))
      RETURNING organization_id, id, kind, status, payload, created_by, attempts`,
    [exclude],
  );
  return r.rows;
}

/** A failed job queued again by hand, with a fresh set of attempts. */
export async function requeueFailedJob(q: Queryable, id: string): Promise<boolean> {
  const r = await q.query(
    `UPDATE jobs SET status = 'queued', attempts = 0, error = NULL, result = NULL, done = 0, run_after = now(),
            started_at = NULL, finished_at = NULL, lease_expires_at = NULL
      WHERE id = $1 AND status = 'failed'`,
    [id],
  );
  return (r.rowCount ?? 0) > 0;
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
