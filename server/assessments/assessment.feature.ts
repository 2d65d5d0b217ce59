import { Router } from 'express';
import type { Database } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Logger } from '../logger.ts';
import { createTemplateService, type TemplateService } from '../questionnaires/template.service.ts';
import { templateRoutes } from '../questionnaires/template.routes.ts';
import { createAssessmentService, type AssessmentService } from './assessment.service.ts';
import { assessmentRoutes } from './assessment.routes.ts';
import { createEvidenceStorage } from './evidence.storage.ts';
import { createEvidenceService, type EvidenceService } from './evidence.service.ts';
import { evidenceRoutes } from './evidence.routes.ts';
import { createPortalService } from './portal.service.ts';
import { portalRoutes } from './portal.routes.ts';
import { createReminderService } from './reminders.ts';
import type { SharedSubmissionService } from '../sharing/shared-submission.service.ts';

/**
 * Questionnaire templates, assessments, the supplier portal, evidence and reminders,
 * built together so the composition root adds one line for the services and one for
 * the routes.
 */
export function createAssessmentFeature(deps: { db: Database; mailer: Mailer; baseUrl: string; storageDir: string; logger: Logger }) {
  const { db, mailer, baseUrl, storageDir, logger } = deps;
  const evidence = createEvidenceService({ db, storage: createEvidenceStorage(storageDir) });
  return {
    templates: createTemplateService({ db }),
    assessments: createAssessmentService({ db, mailer, baseUrl }),
    evidence,
    portal: createPortalService({ db, evidence, mailer }),
    reminders: createReminderService({ db, mailer, logger }),
  };
}

export function assessmentFeatureRoutes(services: { templates: TemplateService; assessments: AssessmentService; evidence: EvidenceService; portal: ReturnType<typeof createPortalService>; sharedSubmissions?: SharedSubmissionService }): Router {
  const r = Router();
  r.use(templateRoutes(services));
  r.use(assessmentRoutes(services));
  r.use(evidenceRoutes(services));
  r.use(portalRoutes(services));
  return r;
}
