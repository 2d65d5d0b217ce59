import { Router, type Request, type Response } from 'express';
import type { SiteService } from './site.service.ts';
import type { ScoreService } from '../scores/score.service.ts';
import { rescoreAfterChange } from '../scores/rescore.trigger.ts';
import { siteSchema } from './site.schema.ts';
import { parseForm } from './supplier.schema.ts';
import * as view from './supplier.view.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { isId } from './id-guard.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';
import { MAP_MAX_POINTS } from './site-points.ts';
import type { MapFilters } from './site.queries.ts';
import { SCORE_LEVELS } from '../maps/palette.ts';
import { levelLegend, stateOptions } from './supplier.view.ts';

const STYLES = ['/static/build/suppliers.css'];
const SCRIPTS = ['/static/build/territory-picker.js'];

/** Map filters from the query string; a value that is not one of the choices is left out. */
function mapFilters(query: Request['query']): MapFilters {
  const one = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const level = one(query.level);
  const state = one(query.state);
  const supplier = one(query.supplier);
  return {
    level: level && [...SCORE_LEVELS, 'unscored'].includes(level) ? level : undefined,
    state: state && /^\d{2}$/.test(state) ? state : undefined,
    supplierId: supplier && /^[0-9a-f-]{36}$/i.test(supplier) ? supplier : undefined,
  };
}

/** Site forms; a site is shown on its supplier's page. */
export function siteRoutes(deps: { sites: SiteService; scores?: ScoreService }): Router {
  const { sites } = deps;
  const r = Router();
  const read = [requireActor, requirePermission('suppliers.read')];
  const write = [requireActor, requirePermission('suppliers.write')];

  function renderForm(
    req: Request,
    res: Response,
    o: { supplier: { id: string; legal_name: string }; form: Record<string, unknown>; siteId?: string; issues?: string[] },
  ) {
    const activities = ([] as string[]).concat((o.form.activities as string[] | string | undefined) ?? []);
    res.render('suppliers/site-form', {
      title: req.t(o.siteId ? 'suppliers.site.editTitle' : 'suppliers.site.newTitle', { supplier: o.supplier.legal_name }),
      styles: STYLES,
      scripts: SCRIPTS,
      supplier: o.supplier,
      action: o.siteId ? `/sites/${o.siteId}` : `/suppliers/${o.supplier.id}/sites`,
      form: o.form,
      issues: o.issues,
      workforce: view.workforceFields(req.t, o.form),
      activities: view.activityOptions(req.t, activities),
    });
  }

  const issuesOf = (req: Request, e: ValidationFailed) => e.issues.map((i) => req.t(i.key, i.params));

  r.get('/suppliers/:id/sites/new', isId, ...write, async (req, res) => {
    const supplier = await sites.supplierForNewSite(actorOf(req), uuidParam(req.params.id));
    renderForm(req, res, { supplier, form: {} });
  });

  r.post('/suppliers/:id/sites', isId, ...write, async (req, res) => {
    const supplierId = uuidParam(req.params.id);
    try {
      const id = await sites.create(actorOf(req), supplierId, parseForm(siteSchema, req.body));
      await rescoreAfterChange(deps.scores, req, { supplierIds: [supplierId] });
      flash(req, 'success', 'suppliers.site.created');
      res.redirect(`/suppliers/${supplierId}#site-${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const supplier = await sites.supplierForNewSite(actorOf(req), supplierId);
      res.status(422);
      renderForm(req, res, { supplier, form: req.body ?? {}, issues: issuesOf(req, e) });
    }
  });

  r.get('/sites/:id', isId, ...read, async (req, res) => {
    const { site } = await sites.get(actorOf(req), uuidParam(req.params.id));
    res.redirect(`/suppliers/${site.supplier_id}#site-${site.id}`);
  });

  r.get('/sites/:id/edit', isId, ...write, async (req, res) => {
    const { site, supplier } = await sites.get(actorOf(req), uuidParam(req.params.id));
    renderForm(req, res, { supplier, form: view.siteForm(site), siteId: site.id });
  });

  r.post('/sites/:id', isId, ...write, async (req, res) => {
    const id = uuidParam(req.params.id);
    try {
      const supplierId = await sites.update(actorOf(req), id, parseForm(siteSchema, req.body));
      await rescoreAfterChange(deps.scores, req, { supplierIds: [supplierId] });
      flash(req, 'success', 'suppliers.site.updated');
      res.redirect(`/suppliers/${supplierId}#site-${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const { supplier } = await sites.get(actorOf(req), id);
      res.status(422);
      renderForm(req, res, { supplier, form: req.body ?? {}, siteId: id, issues: issuesOf(req, e) });
    }
  });

  for (const [action, archive] of [['archive', true], ['restore', false]] as const) {
    r.post(`/sites/:id/${action}`, isId, ...write, async (req, res) => {
      const id = uuidParam(req.params.id);
      const supplierId = archive ? await sites.archive(actorOf(req), id) : await sites.restore(actorOf(req), id);
      await rescoreAfterChange(deps.scores, req, { supplierIds: [supplierId] });
      flash(req, 'success', archive ? 'suppliers.site.archivedDone' : 'suppliers.site.restored');
      res.redirect(`/suppliers/${supplierId}`);
    });
  }

  r.get('/suppliers/map', ...read, async (req, res) => {
    const actor = actorOf(req);
    const filters = mapFilters(req.query);
    // The supplier filter is a type-ahead (client/supplier-lookup.ts): the link carries the id,
    // a form sent without JavaScript the typed name or RFC, resolved here.
    const typed = typeof req.query.supplier === 'string' ? req.query.supplier.trim().slice(0, 300) : '';
    let supplierText = typed;
    let issues: string[] | undefined;
    if (filters.supplierId) supplierText = (await sites.mapSupplierLabel(actor, filters.supplierId)) ?? '';
    else if (typed) {
      try {
        filters.supplierId = await sites.mapSupplier(actor, typed);
        supplierText = (await sites.mapSupplierLabel(actor, filters.supplierId)) ?? typed;
      } catch (e) {
        if (!(e instanceof ValidationFailed)) throw e;
        issues = issuesOf(req, e);
      }
    }
    const qs = new URLSearchParams(Object.entries({ level: filters.level, state: filters.state, supplier: filters.supplierId })
      .filter((e): e is [string, string] => Boolean(e[1]))).toString();
    res.status(issues ? 422 : 200).render('suppliers/map', {
      title: req.t('suppliers.map.title'),
      maxPoints: new Intl.NumberFormat(req.locale).format(MAP_MAX_POINTS),
      styles: ['/static/build/leaflet.css', '/static/build/map.css', ...STYLES],
      scripts: ['/static/build/map.js', '/static/build/supplier-lookup.js'],
      pointsUrl: `/suppliers/map/points.json${qs ? `?${qs}` : ''}`,
      filtered: Boolean(qs) || Boolean(issues),
      issues,
      legend: levelLegend(req.t),
      levels: levelLegend(req.t).map((l) => ({ value: l.key, label: l.label, selected: l.key === filters.level })),
      states: stateOptions(filters.state),
      supplierText,
    });
  });

  r.get('/suppliers/map/points.json', ...read, async (req, res) => {
    const { points, total, approximate } = await sites.mapPoints(actorOf(req), req.t, mapFilters(req.query));
    res.set('X-Total-Sites', String(total)).set('X-Approximate-Sites', String(approximate)).json(points);
  });

  return r;
}
