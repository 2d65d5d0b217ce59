import { Router } from 'express';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { can } from '../auth/policy.ts';
import { loadGeoJsonText } from '../maps/geo-data.ts';
import type { DashboardService } from './dashboard.service.ts';

export function homeRoutes(deps: { dashboard: DashboardService }): Router {
  const r = Router();
  const read = [requireActor, requirePermission('scores.read')];

  r.get('/', requireActor, async (req, res) => {
    const actor = actorOf(req);
    if (actor.orgKind === 'consultancy' && actor.via === 'membership' && actor.role !== 'auditor') return res.redirect('/portfolio');
    const overview = can(actor, 'scores.read') ? await deps.dashboard.overview(actor, req.t) : null;
    res.render('home/dashboard', {
      title: req.t('home.title'),
      overview,
      canRescore: can(actor, 'scores.rescore'),
      scripts: overview ? ['/static/build/charts.js', '/static/build/map.js'] : [],
      styles: overview ? ['/static/build/leaflet.css', '/static/build/map.css', '/static/build/scores.css'] : [],
    });
  });

  // Map data of the dashboard: state outlines, states by worst site level, site points.
  r.get('/dashboard/map/states.geo.json', ...read, (_req, res) => {
    res.set('Cache-Control', 'private, max-age=86400').type('application/json').send(loadGeoJsonText('state'));
  });
  r.get('/dashboard/map/values.json', ...read, async (req, res) => {
    res.json(await deps.dashboard.mapValues(actorOf(req), req.t));
  });
  r.get('/dashboard/map/sites.json', ...read, async (req, res) => {
    res.json(await deps.dashboard.mapSites(actorOf(req), req.t));
  });

  return r;
}
