import { Router, type RequestHandler } from 'express';
import type { Database } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { JobService } from '../jobs/job.service.ts';
import { createSignupService } from '../signup/signup.service.ts';
import { signupRoutes } from '../signup/signup.routes.ts';
import { createPlatformService } from '../platform/platform.service.ts';
import { platformRoutes } from '../platform/platform.routes.ts';
import { suspensionGuard } from '../platform/suspension.guard.ts';
import { createOrgProfileService } from '../org-profile/org-profile.service.ts';
import { orgProfileRoutes } from '../org-profile/org-profile.routes.ts';
import { createOrgExportService } from '../org-export/org-export.service.ts';
import { registerOrgExportJob } from '../org-export/org-export.job.ts';
import { createOrgDeletionService } from '../org-export/org-deletion.service.ts';
import { orgDataRoutes } from '../org-export/org-data.routes.ts';
import { createClientOnboardingService } from '../client-onboarding/client-onboarding.service.ts';
import { clientOnboardingRoutes } from '../client-onboarding/client-onboarding.routes.ts';

/**
 * Coming aboard and leaving, composed in one place so app.ts only mounts it: sign-up,
 * organisation details and first-run checklist, consultancy-created clients, the
 * platform console with suspension, export and deletion.
 */
export function createOnboardingFeature(deps: { db: Database; mailer: Mailer; baseUrl: string; jobs: JobService; storageDir: string }) {
  const { db, mailer, baseUrl, jobs, storageDir } = deps;
  registerOrgExportJob(jobs, { db, storageDir });
  return {
    signup: createSignupService({ db, mailer, baseUrl }),
    platform: createPlatformService(db),
    orgProfile: createOrgProfileService(db, deps.storageDir),
    orgExport: createOrgExportService({ db, jobs, storageDir }),
    orgDeletion: createOrgDeletionService({ db, jobs, storageDir }),
    clientOnboarding: createClientOnboardingService({ db, mailer, baseUrl }),
  };
}

export type OnboardingServices = ReturnType<typeof createOnboardingFeature>;

/** Mounted right after the tenant context: the suspension guard first, then the routes. */
export function onboardingRoutes(services: OnboardingServices, opts: { signupLimit: number }): RequestHandler[] {
  const r = Router();
  r.use(signupRoutes({ signup: services.signup, signupLimit: opts.signupLimit }));
  r.use(platformRoutes(services));
  r.use(orgProfileRoutes(services));
  r.use(orgDataRoutes(services));
  r.use(clientOnboardingRoutes(services));
  return [suspensionGuard(services.platform), r];
}
