import rateLimit from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { DomainError } from '../errors.ts';

/** Requests per minute for a signed-in browser using the API (keys carry their own limit). */
export const SESSION_RATE_PER_MINUTE = 600;

/**
 * Per-key limits over a one-minute window, announced with the IETF `RateLimit` and
 * `RateLimit-Policy` headers (draft 8). The counters live in this process's memory:
 * behind a load balancer each node counts on its own (a shared store is a later step).
 */
export function apiRateLimiter(): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: (req) => req.actor?.apiRateLimit ?? SESSION_RATE_PER_MINUTE,
    keyGenerator: (req) => (req.actor?.apiKeyId ? `key:${req.actor.apiKeyId}` : `user:${req.actor?.userId ?? 'none'}:${req.actor?.orgId ?? ''}`),
    identifier: (req) => (req.actor?.apiKeyId ? 'per-key' : 'per-user'),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new DomainError(429, 'api.errors.rateLimited')),
  });
}
