import { Router, type Request, type Response } from 'express';
import type { ClientOnboardingService } from './client-onboarding.service.ts';
import { newClientSchema } from './client-onboarding.schema.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { parseInput } from '../http/validate.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';
import { can } from '../auth/policy.ts';

export function clientOnboardingRoutes(deps: { clientOnboarding: ClientOnboardingService }): Router {
  const { clientOnboarding } = deps;
  const r = Router();
  const onboard = [requireActor, requirePermission('clients.onboard')];

  function renderNew(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    res.render('client-onboarding/new', { title: req.t('clientOnboarding.title'), form: { role: 'analyst' }, ...extra });
  }

  r.get('/portfolio/clients/new', ...onboard, (req, res) => {
    clientOnboarding.assertCanOnboard(actorOf(req));
    renderNew(req, res);
  });

  r.post('/portfolio/clients', ...onboard, async (req, res) => {
    try {
      const input = parseInput(newClientSchema, req.body);
      await clientOnboarding.createClient(actorOf(req), input, req.locale, req.ip ?? null);
      flash(req, 'success', 'clientOnboarding.created', { org: input.clientName, email: input.ownerEmail });
      res.redirect('/portfolio');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      renderNew(req, res, {
        form: req.body,
        errors: Object.fromEntries(e.issues.map((i) => [i.field ?? '', req.t(i.key, i.params)])),
        issues: e.issues.map((i) => req.t(i.key, i.params)),
      });
    }
  });

  // The engagement page shows who has access too; computed here so the engagements feature stays as it is.
  r.get('/settings/engagements', requireActor, async (req, res, next) => {
    const actor = actorOf(req);
    if (can(actor, 'engagements.manage') && actor.orgKind === 'company' && actor.via === 'membership') res.locals.accessRows = await clientOnboarding.access(actor);
    next();
  });

  r.get('/settings/engagements/access', requireActor, requirePermission('engagements.manage'), async (req, res) => {
    res.render('client-onboarding/access', { title: req.t('clientOnboarding.access.title'), accessRows: await clientOnboarding.access(actorOf(req)) });
  });

  return r;
}
