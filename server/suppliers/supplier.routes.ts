import { Router, type Request, type Response } from 'express';
import type { SupplierService } from './supplier.service.ts';
import { GRAPH_MAX_NODES } from './supplier.service.ts';
import { linkSchema, listQuerySchema, parseForm, supplierSchema, SORTS } from './supplier.schema.ts';
import { renderSupplyGraphSvg } from './graph-svg.ts';
import type { SiteService } from './site.service.ts';
import type { ScoreService } from '../scores/score.service.ts';
import { rescoreAfterChange } from '../scores/rescore.trigger.ts';
import { siteRoutes } from './site.routes.ts';
import { supplierExportRoutes } from './supplier.export.ts';
import * as view from './supplier.view.ts';
import { can } from '../auth/policy.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { isId } from './id-guard.ts';
import { uuidParam, safeNext } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { Conflict, ValidationFailed } from '../errors.ts';
import { mexicoTerritories } from '../territories/territory.data.ts';
import { commodityItems } from '../commodities/commodity.view.ts';
import { resolveCommodities } from '../commodities/commodity.resolve.ts';

const STYLES = ['/static/build/suppliers.css'];
const PICKER = ['/static/build/territory-picker.js'];

function municipalityLabel(code: string | undefined): string {
  const m = code ? mexicoTerritories().find((x) => x.code === code) : undefined;
  return m ? `${m.name}, ${m.stateName}` : '';
}

/** Every supplier and site page; static paths (map, export, graph) before /suppliers/:id. */
export function supplierRoutes(deps: { suppliers: SupplierService; sites: SiteService; scores?: ScoreService }): Router {
  const { suppliers } = deps;
  const r = Router();
  r.use(supplierExportRoutes(deps));
  r.use(siteRoutes(deps));
  const read = [requireActor, requirePermission('suppliers.read')];
  const write = [requireActor, requirePermission('suppliers.write')];

  r.get('/suppliers', ...read, async (req, res) => {
    const query = listQuerySchema.parse(req.query);
    const data = await suppliers.list(actorOf(req), query);
    res.render('suppliers/index', {
      title: req.t('suppliers.title'),
      styles: STYLES,
      scripts: PICKER,
      query,
      ...data,
      // "No supplier matches the filters" only when a filter is set; otherwise say how to start.
      filtered: Boolean(query.q || query.state || query.municipality || query.sector || query.tier || query.risk || query.status),
      rows: data.rows.map((row) => ({ ...row, sector: view.sectorLabel(req.t, row.sector_code) })),
      municipalityLabel: municipalityLabel(query.municipality),
      states: view.stateOptions(query.state),
      sectors: view.sectorOptions(req.t, query.sector),
      tiers: Array.from({ length: 10 }, (_, i) => ({ value: i + 1, selected: query.tier === i + 1 })),
      sorts: SORTS.map((s) => ({ value: s, selected: (query.sort ?? 'name') === s })),
      statuses: ['archived', 'all', 'inactive', 'active'].map((s) => ({ value: s, selected: query.status === s })),
      riskLevels: ['critical', 'high', 'medium', 'low', 'unscored'].map((l) => ({ value: l, selected: query.risk === l })),
      prevHref: data.page > 1 ? `/suppliers${view.queryString(query, { page: data.page - 1 })}` : null,
      nextHref: data.page < data.pages ? `/suppliers${view.queryString(query, { page: data.page + 1 })}` : null,
      exportCsv: `/suppliers/export.csv${view.queryString(query, { page: undefined })}`,
      exportXlsx: `/suppliers/export.xlsx${view.queryString(query, { page: undefined })}`,
    });
  });

  function renderForm(req: Request, res: Response, extra: { form: Record<string, unknown>; id?: string; issues?: string[] }) {
    // What the commodity text matches, DOL goods included, shown under the field.
    const typed = String(extra.form.commodities ?? '').split(/[,;|\n]/);
    const items = commodityItems(req.t, req.locale, resolveCommodities(typed).stored);
    res.render('suppliers/form', {
      commodities: { items, hasUnknown: items.some((i) => i.unknown) },
      title: req.t(extra.id ? 'suppliers.edit.title' : 'suppliers.new.title'),
      styles: STYLES,
      action: extra.id ? `/suppliers/${extra.id}` : '/suppliers',
      sectors: view.sectorOptions(req.t, String(extra.form.sectorCode ?? '')),
      ...extra,
    });
  }

  function issuesOf(req: Request, e: ValidationFailed) {
    return e.issues.map((i) => req.t(i.key, i.params));
  }

  r.get('/suppliers/new', ...write, (req, res) => renderForm(req, res, { form: { status: 'active', tier: '1' } }));

  r.post('/suppliers', ...write, async (req, res) => {
    try {
      const { id, warnings } = await suppliers.create(actorOf(req), parseForm(supplierSchema, req.body));
      await rescoreAfterChange(deps.scores, req, { supplierIds: [id] });
      flash(req, 'success', 'suppliers.created');
      for (const w of warnings) flash(req, 'info', w.key, w.params);
      res.redirect(`/suppliers/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      renderForm(req, res, { form: req.body ?? {}, issues: issuesOf(req, e) });
    }
  });

  r.get('/suppliers/graph', ...read, async (req, res) => {
    const data = await suppliers.graph(actorOf(req), null);
    res.render('suppliers/graph', {
      title: req.t('suppliers.graph.title'),
      styles: STYLES,
      scripts: ['/static/build/graph.js'],
      empty: data.nodes.length === 0,
      truncated: data.truncated,
      max: GRAPH_MAX_NODES,
      svg: graphSvg(req, data, undefined),
      legend: view.levelLegend(req.t),
      list: view.graphList(req.t, data),
    });
  });

  r.get('/suppliers/:id', isId, ...read, async (req, res) => {
    await renderDetail(req, res, uuidParam(req.params.id));
  });

  async function renderDetail(req: Request, res: Response, id: string, issues?: string[]) {
    const actor = actorOf(req);
    const data = await suppliers.get(actor, id);
    const linkQuery = typeof req.query.linkq === 'string' ? req.query.linkq.slice(0, 100) : '';
    const linkDirection = req.query.direction === 'child' ? 'child' : 'parent';
    const candidates = linkQuery && can(actor, 'suppliers.write') ? await suppliers.linkCandidates(actor, id, linkQuery) : [];
    const graph = data.parents.length || data.children.length ? await suppliers.graph(actor, id) : null;
    const risk = deps.scores && can(actor, 'scores.read') ? ((await deps.scores.currentSupplierScores(actor, [id])).get(id) ?? null) : undefined;
    res.render('suppliers/show', {
      title: data.supplier.legal_name,
      styles: STYLES,
      ...data,
      risk,
      riskDatasets: risk && deps.scores ? await deps.scores.datasetRefs(actor, [risk.datasetId]) : [],
      sector: view.sectorLabel(req.t, data.supplier.sector_code),
      commodities: commodityView(req, data.supplier.commodities),
      activeSites: data.sites.filter((s) => s.status === 'active').map((s) => view.siteView(req.t, s)),
      archivedSites: data.sites.filter((s) => s.status === 'archived').map((s) => view.siteView(req.t, s)),
      archived: data.supplier.status === 'archived',
      tierDerived: data.parents.length > 0,
      linkQuery,
      linkDirection,
      candidates,
      graphSvg: graph ? graphSvg(req, graph, id) : null,
      graphTruncated: graph?.truncated,
      issues,
    });
  }

  function commodityView(req: Request, stored: readonly string[]) {
    const items = commodityItems(req.t, req.locale, stored);
    return { items, hasUnknown: items.some((i) => i.unknown) };
  }

  function graphSvg(req: Request, data: Awaited<ReturnType<SupplierService['graph']>>, focusId: string | undefined) {
    if (data.nodes.length === 0) return null;
    return renderSupplyGraphSvg({
      nodes: data.nodes.map((n) => ({
        id: n.id, label: n.legal_name, tier: n.tier, archived: n.status === 'archived', href: `/suppliers/${n.id}`,
        level: n.level, levelLabel: n.level ? req.t(`scoring.levels.${n.level}`) : req.t('scores.unscored'),
      })),
      links: data.links,
      companyLabel: actorOf(req).orgName,
      title: req.t('suppliers.graph.svgTitle', { org: actorOf(req).orgName }),
      tierLabel: (tier) => req.t('suppliers.graph.tier', { tier }),
      focusId,
    });
  }

  r.get('/suppliers/:id/edit', isId, ...write, async (req, res) => {
    const id = uuidParam(req.params.id);
    const data = await suppliers.get(actorOf(req), id);
    if (data.supplier.status === 'archived') throw new Conflict('suppliers.errors.archived', { name: data.supplier.legal_name });
    renderForm(req, res, { form: { ...view.supplierForm(data.supplier, req.locale), tierDerived: data.parents.length > 0 }, id });
  });

  r.post('/suppliers/:id', isId, ...write, async (req, res) => {
    const id = uuidParam(req.params.id);
    try {
      const { warnings } = await suppliers.update(actorOf(req), id, parseForm(supplierSchema, req.body));
      await rescoreAfterChange(deps.scores, req, { supplierIds: [id] });
      flash(req, 'success', 'suppliers.updated');
      for (const w of warnings) flash(req, 'info', w.key, w.params);
      res.redirect(`/suppliers/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      renderForm(req, res, { form: req.body ?? {}, id, issues: issuesOf(req, e) });
    }
  });

  r.post('/suppliers/:id/archive', isId, ...write, async (req, res) => {
    const id = uuidParam(req.params.id);
    await suppliers.archive(actorOf(req), id);
    await rescoreAfterChange(deps.scores, req, { supplierIds: [id] });
    flash(req, 'success', 'suppliers.archivedDone');
    res.redirect(`/suppliers/${id}`);
  });

  r.post('/suppliers/:id/restore', isId, ...write, async (req, res) => {
    const id = uuidParam(req.params.id);
    await suppliers.restore(actorOf(req), id);
    await rescoreAfterChange(deps.scores, req, { supplierIds: [id] });
    flash(req, 'success', 'suppliers.restored');
    res.redirect(`/suppliers/${id}`);
  });

  // direction=parent: this supplier supplies the other; direction=child: the other supplies this one.
  r.post('/suppliers/:id/links', isId, ...write, async (req, res) => {
    const id = uuidParam(req.params.id);
    const direction = req.body?.direction === 'child' ? 'child' : 'parent';
    try {
      const { parentId: otherId } = parseForm(linkSchema, { parentId: req.body?.otherId });
      const [childId, parentId] = direction === 'parent' ? [id, otherId.toLowerCase()] : [otherId.toLowerCase(), id];
      await suppliers.link(actorOf(req), childId, parentId);
      flash(req, 'success', 'suppliers.links.added');
      res.redirect(`/suppliers/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed) && !(e instanceof Conflict)) throw e;
      res.status(e.status);
      const issues = e instanceof ValidationFailed ? issuesOf(req, e) : [req.t(e.key, e.params)];
      await renderDetail(req, res, id, issues);
    }
  });

  r.post('/suppliers/:id/links/:parentId/remove', isId, ...write, async (req, res) => {
    const id = uuidParam(req.params.id);
    await suppliers.unlink(actorOf(req), id, uuidParam(req.params.parentId));
    flash(req, 'success', 'suppliers.links.removed');
    res.redirect(safeNext(req.body?.next, `/suppliers/${id}`));
  });

  return r;
}
