import type { Actor } from '../auth/actor.ts';
import type { JobService } from '../jobs/job.service.ts';

type Generate = (actor: Actor, reportId: string, progress: (done: number, total: number) => Promise<void>) => Promise<Record<string, unknown>>;

/** Job kind `report`: payload `{ reportId }`; the result's href opens the report from the job page. */
export function registerReportJob(jobs: JobService, kind: string, generate: Generate): void {
  jobs.register(kind, async ({ job, actor, progress }) => {
    const reportId = String(job.payload.reportId ?? '');
    return generate(actor, reportId, (done, total) => progress(done, total));
  });
}
