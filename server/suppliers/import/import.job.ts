import type { Actor } from '../../auth/actor.ts';
import type { JobService } from '../../jobs/job.service.ts';
import { JOB_KIND, type SupplierImportService } from './import.service.ts';

/** Above this, the re-scoring request covers the whole organisation instead of listing ids. */
const RESCORE_IDS_MAX = 5_000;

export interface Rescorer {
  requestRescore(actor: Actor, supplierIds: readonly string[] | null, reason?: string): Promise<string>;
}

/**
 * The background commit of a previewed import. Progress is counted in file rows; the
 * result links back to the import page, which shows what was written. Imported suppliers
 * are then queued for re-scoring (a job of its own), when the scores feature is present.
 */
export function registerSupplierImportJob(jobs: JobService, imports: SupplierImportService, scores?: Rescorer): void {
  jobs.register(JOB_KIND, async ({ job, actor, progress }) => {
    const importId = String(job.payload.importId);
    const { stats } = await imports.get(actor, importId);
    const total = Math.max(1, stats.rows);
    await progress(0, total);
    const outcome = await imports.runCommit(actor, importId, (fraction) => progress(Math.floor(fraction * total), total));
    const ids = outcome.supplierIds;
    let rescoreJobId: string | null = null;
    if (scores && ids.length > 0) {
      // The import is committed by now: a refused re-scoring request must not mark it failed.
      rescoreJobId = await scores.requestRescore(actor, ids.length > RESCORE_IDS_MAX ? null : ids, 'import').catch(() => null);
    }
    return { href: `/suppliers/import/${importId}`, ...outcome.counts, rescoreJobId };
  }, {
    // Its worker died on every attempt: nothing was written (one transaction); say so.
    onAbandoned: (actor, job) => imports.markFailed(actor, String(job.payload.importId)),
    beforeRetry: (actor, job) => imports.markCommittingAgain(actor, String(job.payload.importId)),
  });
}
