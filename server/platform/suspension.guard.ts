import type { RequestHandler } from 'express';
import type { PlatformService } from './platform.service.ts';
import { Forbidden } from '../errors.ts';
import { contextOf } from '../auth/request-context.ts';

// A member of a suspended organisation may still sign out, change language, pick another
// organisation, and (if an operator) reach the platform console.
const ALWAYS_ALLOWED = [/^\/orgs(\/switch)?$/, /^\/logout$/, /^\/lang\//, /^\/platform(\/|$)/, /^\/static\//];

/**
 * Refuses every request that acts in a suspended organisation — browser sessions and API
 * keys alike — after the tenant is known and before any feature runs. The data stays.
 */
export function suspensionGuard(platform: PlatformService): RequestHandler {
  return async (req, _res, next) => {
    const actor = req.actor;
    if (!actor) return next();
    if (!actor.apiKeyId && ALWAYS_ALLOWED.some((p) => p.test(req.path))) return next();
    const known = actor.apiKeyId ? undefined : contextOf(req, actor.userId ?? undefined)?.access.find((a) => a.orgId === actor.orgId);
    if (known ? known.suspended : await platform.isSuspended(actor.orgId, actor.userId)) throw new Forbidden('platform.suspended.refused', { org: actor.orgName });
    next();
  };
}
