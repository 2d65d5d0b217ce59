import { Router, type Request, type Response } from 'express';
import type { OrganizationSettingsService } from './organization-settings.service.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';

export function organizationSettingsRoutes(deps: { organizationSettings: OrganizationSettingsService }): Router {
  const r = Router();
  const guard = [requireActor, requirePermission('org.manage')];

  async function render(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    const settings = await deps.organizationSettings.get(actorOf(req));
    res.status(status).render('organizations/settings', { title: req.t('orgSettings.title'), ...settings, ...extra });
  }

  r.get('/settings/organization/time-zone', ...guard, (req, res) => render(req, res));

  r.post('/settings/organization/time-zone', ...guard, async (req, res) => {
    try {
      await deps.organizationSettings.setTimeZone(actorOf(req), req.body?.timeZone, req.ip);
    } catch (err) {
      if (!(err instanceof ValidationFailed)) throw err;
      return render(req, res, 422, { error: req.t('orgSettings.errors.timeZone', { value: String(req.body?.timeZone ?? '') }) });
    }
    flash(req, 'success', 'orgSettings.saved');
    res.redirect('/settings/organization/time-zone');
  });

  return r;
}
