import type { Actor } from '../auth/actor.ts';
import type { JobService } from '../jobs/job.service.ts';

type MarkFailed = (actor: Actor, reportId: string) => Promise<void>;
type Generate = (actor: Actor, reportId: string, progress: (done: number, total: number) => Promise<void>) => Promise<Record<string, unknown>>;

/** Job kind `report`: payload `{ reportId }`; the result's href opens the report from the job page. */
export function registerReportJob(jobs: JobService, kind: string, generate: Generate, markFailed: MarkFailed): void {
  jobs.register(kind, async ({ job, actor, progress }) => {
    const reportId = String(job.payload.reportId ?? '');
    return generate(actor, reportId, (done, total) => progress(done, total));
  }, {
    // A report is immutable once failed; the user asks for a new one from the reports page.
    onAbandoned: (actor, job) => markFailed(actor, String(job.payload.reportId ?? '')),
  });
}
