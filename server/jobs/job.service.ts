import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { Conflict, DomainError, NotFound } from '../errors.ts';
import type { Logger } from '../logger.ts';
import * as jobs from './job.queries.ts';

export interface JobContext {
  job: jobs.JobRow;
  /** The user who queued it, acting in the job's organisation (RLS applies). */
  actor: Actor;
  /** Persists progress in its own short transaction, so watchers see it at once. */
  progress(done: number, total?: number | null): Promise<void>;
}

export type JobHandler = (ctx: JobContext) => Promise<Record<string, unknown> | void>;

export interface JobKindOptions {
  /**
   * Called once when a job of this kind is given up after its worker died `max_attempts`
   * times, so the record it was working on (an import, a report) can say "failed" too.
   */
  onAbandoned?: (actor: Actor, job: { id: string; payload: Record<string, unknown> }) => Promise<void>;
  /** Called before a failed job is queued again by hand: put the record back in its queued state. */
  beforeRetry?: (actor: Actor, job: { id: string; payload: Record<string, unknown> }) => Promise<void>;
}

export interface JobServiceOptions {
  /** How long a claimed job stays its worker's without a heartbeat (JOB_LEASE_SECONDS). */
  leaseSeconds?: number;
}

/**
 * A small PostgreSQL-backed queue: enqueue in a tenant transaction, a worker loop claims
 * with SKIP LOCKED and runs the handler registered for the kind. Failures are stored as
 * i18n keys (+ row issues) so the progress page can say what to fix.
 */
export function createJobService(deps: { db: Database; logger: Logger; options?: JobServiceOptions }) {
  const { db, logger } = deps;
  const leaseSeconds = Math.max(2, deps.options?.leaseSeconds ?? 60);
  const handlers = new Map<string, JobHandler>();
  const kindOptions = new Map<string, JobKindOptions>();
  /** Jobs this process is working on: never reclaimed by its own reaper. */
  const mine = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let reaper: NodeJS.Timeout | undefined;
  let running: Promise<boolean> | undefined;

  function register(kind: string, handler: JobHandler, options: JobKindOptions = {}) {
    handlers.set(kind, handler);
    kindOptions.set(kind, options);
  }

  async function enqueue(actor: Actor, kind: string, payload: unknown): Promise<string> {
    if (!handlers.has(kind)) throw new Error(`no job handler for ${kind}`);
    return db.tx(dbContext(actor), (q) => jobs.insertJob(q, { kind, payload, createdBy: actor.userId }));
  }

  async function get(actor: Actor, id: string): Promise<jobs.JobRow> {
    const job = await db.tx(dbContext(actor), (q) => jobs.getJob(q, id));
    if (!job) throw new NotFound();
    return job;
  }

  /** Runs one queued job if any; true when it ran one. */
  async function runOne(): Promise<boolean> {
    const job = await db.admin((q) => jobs.claimNextJob(q, [...handlers.keys()], leaseSeconds));
    if (!job) return false;
    mine.add(job.id);
    // The heartbeat renews the lease while the handler runs; if this process dies, the lease
    // lapses and another worker (or this one after a restart) takes the job back.
    const heartbeat = setInterval(() => {
      void db.admin((q) => jobs.renewLease(q, job.id, leaseSeconds)).catch((err) => logger.warn({ err, jobId: job.id }, 'lease renewal failed'));
    }, (leaseSeconds * 1000) / 3);
    heartbeat.unref();
    const actor = await actorFor(job).catch((err) => {
      clearInterval(heartbeat);
      mine.delete(job.id);
      throw err;
    });
    const progress = (done: number, total: number | null = null) =>
      db.admin((q) => jobs.setProgress(q, job.id, done, total));
    try {
      const result = await handlers.get(job.kind)!({ job, actor, progress });
      await db.admin((q) => jobs.finishJob(q, job.id, 'succeeded', result ?? {}, undefined));
    } catch (err) {
      const error =
        err instanceof DomainError
          ? { key: err.key, params: err.params, issues: (err as { issues?: unknown[] }).issues ?? [] }
          : { key: 'jobs.failedUnexpectedly', params: {} };
      if (!(err instanceof DomainError)) logger.error({ err, jobId: job.id, kind: job.kind }, 'job failed');
      await db.admin((q) => jobs.finishJob(q, job.id, 'failed', undefined, error));
    } finally {
      clearInterval(heartbeat);
      mine.delete(job.id);
    }
    return true;
  }

  /** Requeues or fails jobs whose worker stopped renewing the lease; returns how many. */
  async function reclaimLapsed(): Promise<number> {
    const lapsed = await db.admin((q) => jobs.reclaimLapsedJobs(q, [...mine]));
    for (const job of lapsed) {
      logger.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, status: job.status }, 'job lease lapsed: its worker stopped');
      const onAbandoned = kindOptions.get(job.kind)?.onAbandoned;
      if (job.status !== 'failed' || !onAbandoned) continue;
      try {
        await onAbandoned(await actorFor(job), job);
      } catch (err) {
        logger.error({ err, jobId: job.id }, 'marking an abandoned job\'s record failed did not work');
      }
    }
    return lapsed.length;
  }

  /** Whether `retry` would accept this job for this actor (the job page offers the button). */
  function canRetry(actor: Actor, job: jobs.JobRow): boolean {
    return job.status === 'failed' && !!kindOptions.get(job.kind)?.beforeRetry && !actor.apiKeyId
      && (job.created_by === actor.userId || actor.role === 'owner' || actor.role === 'admin');
  }

  /** A failed job queued again by the person who asked for it (or an owner/admin), for kinds that allow it. */
  async function retry(actor: Actor, id: string): Promise<void> {
    const job = await get(actor, id);
    const mayRetry = job.created_by === actor.userId || actor.role === 'owner' || actor.role === 'admin';
    if (!mayRetry || actor.apiKeyId) throw new NotFound();
    const beforeRetry = kindOptions.get(job.kind)?.beforeRetry;
    if (job.status !== 'failed' || !beforeRetry) throw new Conflict('jobs.notRetryable');
    await beforeRetry(actor, job);
    const requeued = await db.tx(dbContext(actor), (q) => jobs.requeueFailedJob(q, id));
    if (!requeued) throw new Conflict('jobs.notRetryable');
  }

  async function actorFor(job: Pick<jobs.JobRow, 'organization_id' | 'created_by'>): Promise<Actor> {
    const r = await db.admin((q) =>
      q.query<{ org_name: string; org_kind: 'company' | 'consultancy'; user_name: string | null }>(
        `SELECT o.name AS org_name, o.kind AS org_kind, u.name AS user_name
           FROM organizations o LEFT JOIN users u ON u.id = $2 WHERE o.id = $1`,
        [job.organization_id, job.created_by],
      ),
    );
    const row = r.rows[0];
    return {
      orgId: job.organization_id, orgName: row.org_name, orgKind: row.org_kind, role: 'analyst', via: 'membership',
      userId: job.created_by, userName: row.user_name ?? 'system', isPlatformAdmin: false,
    };
  }

  /** Processes jobs until the queue is empty (tests, scripts). */
  async function drain(): Promise<number> {
    let n = 0;
    while (await runOne()) n++;
    return n;
  }

  function start(intervalMs = 500) {
    const reclaim = () => void reclaimLapsed().catch((err) => logger.warn({ err }, 'reclaiming lapsed jobs failed'));
    reclaim();
    reaper = setInterval(reclaim, Math.min(15_000, (leaseSeconds * 1000) / 2));
    const tick = async () => {
      if (running) return;
      running = runOne().catch((err) => {
        logger.error({ err }, 'job loop error');
        return false;
      });
      const ran = await running;
      running = undefined;
      if (ran) setImmediate(tick);
    };
    timer = setInterval(tick, intervalMs);
  }

  async function stop() {
    if (timer) clearInterval(timer);
    if (reaper) clearInterval(reaper);
    await running;
  }

  return { register, enqueue, get, canRetry, retry, runOne, drain, reclaimLapsed, start, stop, leaseSeconds };
}

export type JobService = ReturnType<typeof createJobService>;
