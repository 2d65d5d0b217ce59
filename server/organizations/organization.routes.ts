import { Router } from 'express';
import type { OrganizationService } from './organization.service.ts';
import { actorOf, requireActor } from '../http/tenant.ts';
import { safeNext } from '../http/params.ts';
import { NotFound } from '../errors.ts';

export function organizationRoutes(deps: { organizations: OrganizationService }): Router {
  const r = Router();

  r.get('/orgs', (req, res) => {
    if (!req.user) return res.redirect('/login');
    res.render('organizations/choose', { title: req.t('orgs.choose.title'), access: req.orgAccess ?? [] });
  });

  /** Switching only to an organisation the user can reach; anything else is "not found". */
  r.post('/orgs/switch', requireActor, (req, res) => {
    const orgId = String(req.body?.orgId ?? '');
    if (!(req.orgAccess ?? []).some((a) => a.orgId === orgId)) throw new NotFound();
    req.session.orgId = orgId;
    res.redirect(safeNext(req.body?.next, '/'));
  });

  r.get('/portfolio', requireActor, async (req, res) => {
    const clients = await deps.organizations.portfolio(actorOf(req));
    res.render('organizations/portfolio', { title: req.t('orgs.portfolio.title'), clients });
  });

  return r;
}
