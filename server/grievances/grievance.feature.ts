import type { Router } from 'express';
import type { Database } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { JobService } from '../jobs/job.service.ts';
import type { PdfRenderer } from '../reports/pdf-renderer.ts';
import { createGrievanceIntake } from './grievance.intake.ts';
import { createGrievanceService } from './grievance.service.ts';
import { createGrievanceJobs } from './grievance.jobs.ts';
import { createGrievancePosters } from './grievance.poster.ts';
import { createSubmissionLimiter } from './grievance.guard.ts';
import { grievancePublicRoutes } from './grievance.public.routes.ts';
import { grievanceRoutes } from './grievance.routes.ts';

/** Reports per address per hour on the public channel; lookups with receipt and secret get more. */
export const DEFAULT_GRIEVANCE_LIMIT = 10;

/** The grievance channel's parts, built once by the composition root. */
export function createGrievanceFeature(deps: { db: Database; mailer: Mailer; baseUrl: string; renderer: PdfRenderer; limit?: number }) {
  const limit = deps.limit ?? DEFAULT_GRIEVANCE_LIMIT;
  return {
    intake: createGrievanceIntake({ db: deps.db }),
    service: createGrievanceService({ db: deps.db }),
    jobs: createGrievanceJobs(deps),
    posters: createGrievancePosters(deps),
    limiter: createSubmissionLimiter({ limit, windowMs: 3600_000 }),
    lookupLimiter: createSubmissionLimiter({ limit: limit * 3, windowMs: 3600_000 }),
  };
}

export type GrievanceFeature = ReturnType<typeof createGrievanceFeature>;

export function registerGrievanceJobs(jobs: JobService, g: GrievanceFeature): void {
  g.jobs.register(jobs);
}

export function grievanceFeatureRoutes(g: GrievanceFeature, baseUrl: string): Router[] {
  return [
    grievancePublicRoutes({ intake: g.intake, limiter: g.limiter, lookupLimiter: g.lookupLimiter }),
    grievanceRoutes({ grievances: g.service, posters: g.posters, baseUrl }),
  ];
}
