import { Router } from 'express';
import type { ApiKeyService } from './api-key.service.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { API_AREAS } from './api-key.scopes.ts';

/** The new-key form's choices: each area with its levels, and a default expiry 90 days out. */
function formChoices() {
  return {
    areas: Object.entries(API_AREAS).map(([area, levels]) => ({ area, levels: levels.map((l) => ({ level: l, scope: `${area}:${l}` })) })),
    defaultExpiry: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
  };
}

const field = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function apiKeyRoutes(deps: { apiKeys: ApiKeyService }): Router {
  const r = Router();
  const guard = [requireActor, requirePermission('apiKeys.manage')];

  r.get('/settings/api-keys', ...guard, async (req, res) => {
    res.render('api-keys/index', { title: req.t('apiKeys.title'), keys: await deps.apiKeys.list(actorOf(req)), ...formChoices() });
  });

  // The key is shown once, on this response, and never stored in clear.
  r.post('/settings/api-keys', ...guard, async (req, res) => {
    // No scope ticked: everything the role allows (as keys made before scopes existed).
    const ticked = [req.body?.scopes ?? []].flat().filter((v: unknown): v is string => typeof v === 'string');
    const created = await deps.apiKeys.create(actorOf(req), {
      name: String(req.body?.name ?? ''), role: String(req.body?.role ?? ''), scopes: ticked.length ? ticked : undefined,
      expiresOn: field(req.body?.expiresOn), ratePerMinute: field(req.body?.ratePerMinute),
    });
    res.status(201).render('api-keys/index', { title: req.t('apiKeys.title'), keys: await deps.apiKeys.list(actorOf(req)), created, ...formChoices() });
  });

  r.post('/settings/api-keys/:id/revoke', ...guard, async (req, res) => {
    await deps.apiKeys.revoke(actorOf(req), uuidParam(req.params.id));
    flash(req, 'success', 'apiKeys.revoked');
    res.redirect('/settings/api-keys');
  });

  return r;
}
