import type { RequestHandler } from 'express';
import type { ApiKeyService } from './api-key.service.ts';
import { Unauthorized } from '../errors.ts';

/** /api/v1 accepts `Authorization: Bearer vk_…` (no cookies, so no CSRF) or a browser session. */
export function bearerAuth(apiKeys: ApiKeyService): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (!header) return next();
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = m ? await apiKeys.authenticate(m[1]) : null;
    if (!actor) throw new Unauthorized('errors.badApiKey');
    req.actor = actor;
    next();
  };
}
