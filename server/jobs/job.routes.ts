import { Router } from 'express';
import type { JobService } from './job.service.ts';
import type { JobRow } from './job.queries.ts';
import type { Translate } from '../i18n/index.ts';
import { actorOf, requireActor } from '../http/tenant.ts';
import { uuidParam } from '../http/params.ts';

/** What a watcher needs: state, progress and, on failure, the translated reason and row issues. */
export function jobView(job: JobRow, t: Translate, canRetry = false) {
  // Queued again after its worker died: say so, so "queued" at 40 % is not a mystery.
  const retrying = job.status === 'queued' && job.attempts > 0;
  const percent = job.status === 'succeeded' ? 100 : job.total ? Math.min(99, Math.floor((job.done / job.total) * 100)) : 0;
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    statusLabel: retrying
      ? t('jobs.status.retrying', { attempt: job.attempts + 1, max: job.max_attempts })
      : t(`jobs.status.${job.status}`),
    retrying,
    canRetry,
    done: job.done,
    total: job.total,
    percent,
    result: job.result,
    error: job.error ? t(job.error.key, job.error.params) : null,
    issues: (job.error?.issues ?? []).slice(0, 200).map((i: any) => ({ row: i.row, field: i.field, message: t(i.key, { ...i.params, row: i.row, field: i.field }) })),
    finished: job.status === 'succeeded' || job.status === 'failed',
  };
}

export function jobRoutes(deps: { jobs: JobService }): Router {
  const r = Router();
  r.get('/jobs/:id', requireActor, async (req, res) => {
    const actor = actorOf(req);
    const row = await deps.jobs.get(actor, uuidParam(req.params.id));
    const job = jobView(row, req.t, deps.jobs.canRetry(actor, row));
    res.render('jobs/show', { title: req.t('jobs.title'), job, scripts: ['/static/build/jobs.js'] });
  });
  r.post('/jobs/:id/retry', requireActor, async (req, res) => {
    const id = uuidParam(req.params.id);
    await deps.jobs.retry(actorOf(req), id);
    res.redirect(303, `/jobs/${id}`);
  });
  return r;
}
