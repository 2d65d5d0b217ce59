import { Router } from 'express';
import type { RemediationServices } from './remediation.service.ts';
import type { ScoreService } from '../scores/score.service.ts';
import { findingRoutes } from './finding.routes.ts';
import { planRoutes } from './plan.routes.ts';
import { caseRoutes } from './case.routes.ts';
import { directoryRoutes } from './directory.routes.ts';
import { indicatorRoutes } from './indicator.routes.ts';

/** /findings, /remediation, /cases and /services. */
export function remediationRoutes(deps: { remediation: RemediationServices; scores?: ScoreService }): Router {
  const r = Router();
  r.use(findingRoutes(deps), planRoutes(deps), caseRoutes(deps), directoryRoutes(deps), indicatorRoutes(deps));
  return r;
}
