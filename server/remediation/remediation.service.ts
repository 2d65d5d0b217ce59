import type { Database } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { JobService } from '../jobs/job.service.ts';
import { createEvidenceStorage } from '../assessments/evidence.storage.ts';
import { createFindingService } from './finding.service.ts';
import { createPlanService } from './plan.service.ts';
import { createFindingReviewService } from './finding-review.service.ts';
import { createCaseService } from './case.service.ts';
import { createCaseLoopService } from './case-loop.service.ts';
import { createCaseJobs } from './case-jobs.service.ts';
import { createDirectoryService } from './directory.service.ts';
import { createIndicatorService } from './indicator.service.ts';
import { createOverdueNotifier, REMEDIATION_OVERDUE_JOB } from './overdue.service.ts';

/** Findings, plans and actions, child cases, the services directory, indicators and overdue notices. */
export function createRemediationServices(deps: { db: Database; mailer: Mailer; baseUrl: string; storageDir: string }) {
  const { db } = deps;
  return {
    findings: createFindingService(db),
    findingReview: createFindingReviewService(db),
    plans: createPlanService({ db, storage: createEvidenceStorage(deps.storageDir) }),
    cases: createCaseService(db),
    caseLoop: createCaseLoopService(db),
    caseJobs: createCaseJobs(deps),
    directory: createDirectoryService(db),
    indicators: createIndicatorService(db),
    overdue: createOverdueNotifier(deps),
  };
}

export type RemediationServices = ReturnType<typeof createRemediationServices>;

export function registerRemediationJobs(jobs: JobService, remediation: RemediationServices): void {
  jobs.register(REMEDIATION_OVERDUE_JOB, remediation.overdue.runJob);
  remediation.caseJobs.register(jobs);
}
