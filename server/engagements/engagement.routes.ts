import { Router } from 'express';
import { grantSchema, type EngagementService } from './engagement.service.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { parseInput } from '../http/validate.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';

export function engagementRoutes(deps: { engagements: EngagementService }): Router {
  const { engagements } = deps;
  const r = Router();
  const guard = [requireActor, requirePermission('engagements.manage')];

  r.get('/settings/engagements', ...guard, async (req, res) => {
    res.render('engagements/index', { title: req.t('engagements.title'), engagements: await engagements.list(actorOf(req)) });
  });

  r.post('/settings/engagements', ...guard, async (req, res) => {
    try {
      await engagements.grant(actorOf(req), parseInput(grantSchema, req.body));
      flash(req, 'success', 'engagements.granted');
      res.redirect('/settings/engagements');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422).render('engagements/index', {
        title: req.t('engagements.title'), engagements: await engagements.list(actorOf(req)),
        issues: e.issues.map((i) => req.t(i.key, i.params)), form: req.body,
      });
    }
  });

  r.post('/settings/engagements/:consultancyId/revoke', ...guard, async (req, res) => {
    await engagements.revoke(actorOf(req), uuidParam(req.params.consultancyId));
    flash(req, 'success', 'engagements.revoked');
    res.redirect('/settings/engagements');
  });

  return r;
}
