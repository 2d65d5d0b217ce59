import type { RequestHandler } from 'express';
import type { AuthService } from '../auth/auth.service.ts';
import type { Actor } from '../auth/actor.ts';
import { permissionsOf, authorize, type Permission } from '../auth/policy.ts';
import { Unauthorized } from '../errors.ts';
import { contextOf } from '../auth/request-context.ts';

/**
 * Resolves which organisation the signed-in user acts in (session choice, else the
 * first one they can reach) and with which role. A stale choice (membership removed,
 * engagement revoked, auditor expired) silently falls back, so access ends at once.
 */
export function tenantContext(auth: AuthService): RequestHandler {
  return async (req, res, next) => {
    if (!req.user || req.actor) return next();
    const access = contextOf(req, req.user.id)?.access ?? (await auth.listAccess(req.user.id));
    req.orgAccess = access;
    const current = access.find((a) => a.orgId === req.session.orgId) ?? access[0];
    if (current) {
      req.session.orgId = current.orgId;
      req.actor = { ...current, userId: req.user.id, userName: req.user.name, isPlatformAdmin: req.user.isPlatformAdmin };
    }
    res.locals.user = req.user;
    res.locals.actor = req.actor;
    res.locals.orgAccess = access;
    res.locals.can = req.actor ? permissionsOf(req.actor.role) : {};
    // A consultancy's own organisation gets the consultancy menu (portfolio), not the company one.
    res.locals.consultancyHome = req.actor?.orgKind === 'consultancy' && req.actor.via === 'membership' && req.actor.role !== 'auditor';
    next();
  };
}

/** Route guard: a signed-in user acting in an organisation (browser → login page). */
export const requireActor: RequestHandler = (req, res, next) => {
  if (req.actor) return next();
  // An API client never follows a redirect to a page: no organisation to act in is a 401.
  if (req.path.startsWith('/api/') || req.originalUrl.startsWith('/api/')) throw new Unauthorized();
  if (req.user) return res.redirect('/orgs');
  res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
};

export function requirePermission(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    authorize(req.actor, permission);
    next();
  };
}

export function actorOf(req: { actor?: Actor }): Actor {
  if (!req.actor) throw new Unauthorized();
  return req.actor;
}
