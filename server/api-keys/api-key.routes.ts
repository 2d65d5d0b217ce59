import { Router } from 'express';
import type { ApiKeyService } from './api-key.service.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';

export function apiKeyRoutes(deps: { apiKeys: ApiKeyService }): Router {
  const r = Router();
  const guard = [requireActor, requirePermission('apiKeys.manage')];

  r.get('/settings/api-keys', ...guard, async (req, res) => {
    res.render('api-keys/index', { title: req.t('apiKeys.title'), keys: await deps.apiKeys.list(actorOf(req)) });
  });

  // The key is shown once, on this response, and never stored in clear.
  r.post('/settings/api-keys', ...guard, async (req, res) => {
    const created = await deps.apiKeys.create(actorOf(req), { name: String(req.body?.name ?? ''), role: String(req.body?.role ?? '') });
    res.status(201).render('api-keys/index', { title: req.t('apiKeys.title'), keys: await deps.apiKeys.list(actorOf(req)), created });
  });

  r.post('/settings/api-keys/:id/revoke', ...guard, async (req, res) => {
    await deps.apiKeys.revoke(actorOf(req), uuidParam(req.params.id));
    flash(req, 'success', 'apiKeys.revoked');
    res.redirect('/settings/api-keys');
  });

  return r;
}
