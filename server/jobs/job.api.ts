import { z } from 'zod';
import type { JobService } from './job.service.ts';
import { jobView } from './job.routes.ts';
import { apiRouter, uuidParams, type ApiKit } from '../api/api.kit.ts';

const jobOut = z.strictObject({
  id: z.uuid(), kind: z.string(), status: z.enum(['queued', 'running', 'succeeded', 'failed']), statusLabel: z.string(), retrying: z.boolean(),
  canRetry: z.boolean(), done: z.number().int(), total: z.number().int().nullable(), percent: z.number().int(), result: z.unknown(),
  error: z.string().nullable(), issues: z.array(z.strictObject({ row: z.number().int().optional(), field: z.string().optional(), message: z.string() })),
  finished: z.boolean(),
});

/** Progress of long work (imports, re-scoring, reports) the caller started. */
export function jobApiRoutes(deps: { jobs: JobService }, kit: ApiKit) {
  const api = apiRouter(kit);
  api.add({
    method: 'get', path: '/api/v1/jobs/:id', operationId: 'getJob', tag: 'jobs', scope: null, params: uuidParams,
    summary: 'A job\'s status and progress (report generation, imports, re-scoring).',
    responses: { 200: { description: 'The job.', schema: jobOut } },
  }, async ({ actor, params, req }) => ({ status: 200, body: JSON.parse(JSON.stringify(jobView(await deps.jobs.get(actor, params.id), req.t))) }));
  return api.router;
}
