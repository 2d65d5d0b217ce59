import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { DomainError, NotFound } from '../errors.ts';
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

/**
 * A small PostgreSQL-backed queue: enqueue in a tenant transaction, a worker loop claims
 * with SKIP LOCKED and runs the handler registered for the kind. Failures are stored as
 * i18n keys (+ row issues) so the progress page can say what to fix.
 */
export function createJobService(deps: { db: Database; logger: Logger }) {
  const { db, logger } = deps;
  const handlers = new Map<string, JobHandler>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean> | undefined;

  function register(kind: string, handler: JobHandler) {
    handlers.set(kind, handler);
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
    const job = await db.admin((q) => jobs.claimNextJob(q, [...handlers.keys()]));
    if (!job) return false;
    const actor = await actorFor(job);
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
    }
    return true;
  }

  async function actorFor(job: jobs.JobRow): Promise<Actor> {
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
    void db.admin((q) => jobs.requeueStale(q, 30)).catch((err) => logger.warn({ err }, 'requeue failed'));
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
    await running;
  }

  return { register, enqueue, get, runOne, drain, start, stop };
}

export type JobService = ReturnType<typeof createJobService>;
