import type { RequestHandler } from 'express';
import type { Database } from '../db/types.ts';
import { apiRateLimiter } from './api.rate-limit.ts';
import { idempotency } from './api.idempotency.ts';

export { apiRouter, uuidParams } from './api.operation.ts';

/** What every feature's API router shares: one per-key limiter and the idempotency store. */
export interface ApiKit {
  limiter: RequestHandler;
  idempotency: RequestHandler;
}

export function createApiKit(db: Database): ApiKit {
  return { limiter: apiRateLimiter(), idempotency: idempotency(db) };
}
