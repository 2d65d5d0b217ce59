import { Router, type Request, type Response } from 'express';
import type { RemediationServices } from './remediation.service.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { parseInput } from '../http/validate.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { can } from '../auth/policy.ts';
import { ValidationFailed } from '../errors.ts';
import { serviceCreateSchema } from './remediation.schema.ts';
import { SERVICE_KINDS } from './remediation.types.ts';

export function directoryRoutes(deps: { remediation: RemediationServices }): Router {
  const { directory } = deps.remediation;
  const r = Router();

  async function render(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const raw = typeof req.query.territory === 'string' ? req.query.territory.trim() : '';
    const territory = /^\d{5}$/.test(raw) ? raw : undefined;
    const data = await directory.overview(actorOf(req), territory);
    res.render('remediation/services', {
      title: req.t('remediation.services.title'), ...data, territoryCode: territory, kinds: SERVICE_KINDS,
      canEdit: can(actorOf(req), 'findings.write'), form: { territoryCode: territory }, ...extra,
      // The territory picker of the supplier pages (client/territory-picker.ts + its styles).
      scripts: ['/static/build/territory-picker.js'], styles: ['/static/build/suppliers.css', '/static/build/remediation.css'],
    });
  }

  // Service directory access is checked in the service (findings.read or cases.read).
  r.get('/services', requireActor, (req, res) => render(req, res));

  r.post('/services', requireActor, requirePermission('findings.write'), async (req, res) => {
    try {
      const input = parseInput(serviceCreateSchema, req.body);
      await directory.create(actorOf(req), input);
      flash(req, 'success', 'remediation.services.created');
      res.redirect(`/services?territory=${input.territoryCode}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await render(req, res, { issues: e.issues.map((i) => req.t(i.key, i.params)), form: req.body });
    }
  });

  r.post('/services/:id/active', requireActor, requirePermission('findings.write'), async (req, res) => {
    const active = req.body?.active === '1';
    const territory = await directory.setActive(actorOf(req), uuidParam(req.params.id), active);
    flash(req, 'success', active ? 'remediation.services.activated' : 'remediation.services.deactivated');
    res.redirect(`/services?territory=${territory}`);
  });

  return r;
}
