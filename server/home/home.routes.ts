import { Router } from 'express';
import { actorOf, requireActor } from '../http/tenant.ts';
import { Unauthorized } from '../errors.ts';

export function homeRoutes(): Router {
  const r = Router();

  r.get('/', requireActor, (req, res) => {
    const actor = actorOf(req);
    if (actor.orgKind === 'consultancy' && actor.via === 'membership' && actor.role !== 'auditor') return res.redirect('/portfolio');
    res.render('home/dashboard', { title: req.t('home.title') });
  });

  /** Who the API caller is, in which organisation, with which role. */
  r.get('/api/v1/me', (req, res) => {
    if (!req.actor) throw new Unauthorized();
    const a = req.actor;
    res.json({
      organization: { id: a.orgId, name: a.orgName, kind: a.orgKind },
      role: a.role,
      via: a.apiKeyId ? 'api_key' : a.via,
      user: a.userId ? { id: a.userId, name: a.userName } : null,
    });
  });

  return r;
}
