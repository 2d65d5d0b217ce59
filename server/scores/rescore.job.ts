import type { Actor } from '../auth/actor.ts';
import type { JobService } from '../jobs/job.service.ts';
import type { RescoreOptions, RescoreResult } from './rescore.ts';

export interface RescorePayload {
  /** null = the whole organisation. */
  supplierIds?: string[] | null;
  /** Why it was queued: weights, dataset, supplier, assessment, manual (comma-joined when merged). */
  reason?: string;
}

/** Job kind `rescore`: runs in the job's organisation as its actor, so RLS covers every write. */
export function registerRescoreJob(jobs: JobService, run: (actor: Actor, opts: RescoreOptions) => Promise<RescoreResult>): void {
  jobs.register('rescore', async ({ job, actor, progress }) => {
    const p = job.payload as RescorePayload;
    const supplierIds = Array.isArray(p.supplierIds) ? p.supplierIds.filter((id) => typeof id === 'string') : null;
    const result = await run(actor, { supplierIds, reason: p.reason ?? 'manual', jobId: job.id, progress });
    const href = supplierIds?.length === 1 ? `/suppliers/${supplierIds[0]}/score` : '/scores';
    return { ...result, href };
  });
}
