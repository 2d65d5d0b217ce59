import { Router, type Request } from 'express';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { NotFound } from '../errors.ts';
import { loadGeoJsonText } from '../maps/geo-data.ts';
import type { TerritoryPageService } from './territory-page.service.ts';
import { territoryHref } from './territory.map.ts';
import { datasetView, municipalityRows, riskView, sitesView, stateRows } from './territory.view.ts';

const PAGE_STYLES = ['/static/build/leaflet.css', '/static/build/map.css', '/static/build/territories.css'];
const PAGE_SCRIPTS = ['/static/build/map.js'];
// INEGI boundaries change a few times a decade; a day of browser cache costs nothing.
const GEO_CACHE = 'private, max-age=86400';

/** URLs the map containers fetch; one place so templates and tests agree. */
export const MAP_URLS = {
  statesGeo: '/maps/geo/states.json',
  statesRisk: '/territories/risk/states.json',
  municipalitiesGeo: (state: string) => `/territories/geo/municipalities.json?state=${state}`,
  municipalitiesRisk: (state: string) => `/territories/risk/municipalities.json?state=${state}`,
};

function stateQuery(req: Request): string {
  const state = req.query.state;
  if (typeof state !== 'string' || !/^\d{2}$/.test(state)) throw new NotFound();
  return state;
}

/**
 * Territory pages: the national map of states, a state's municipalities, a municipality
 * with its risk and the tenant's sites there; plus the JSON and SVG the maps are drawn from.
 */
export function territoryRoutes(deps: { territoryPages: TerritoryPageService }): Router {
  const pages = deps.territoryPages;
  const r = Router();
  const read = [requireActor, requirePermission('territories.read')];

  r.get('/territories', ...read, async (req, res) => {
    const actor = actorOf(req);
    const query = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 120) : '';
    const [{ dataset, states }, svg, found] = await Promise.all([
      pages.national(actor),
      pages.mapSvg(actor, req.t, req.locale, { idPrefix: 'states-svg' }),
      query.length >= 2 ? pages.search(actor, query) : Promise.resolve(null),
    ]);
    res.render('territories/index', {
      title: req.t('territories.title'),
      styles: PAGE_STYLES,
      scripts: PAGE_SCRIPTS,
      dataset: datasetView(dataset, req.t, req.locale),
      states: stateRows(states, req.t, req.locale),
      query,
      tooShort: query.length === 1,
      results: found?.candidates.map((c) => ({
        href: territoryHref(c.code),
        code: c.code,
        level: c.level,
        label: c.level === 'state' ? c.name : `${c.name}, ${c.stateName}`,
      })),
      map: { geoUrl: MAP_URLS.statesGeo, valuesUrl: MAP_URLS.statesRisk },
      svg,
    });
  });

  r.get('/territories/geo/municipalities.json', ...read, (req, res) => {
    res.set('Cache-Control', GEO_CACHE).type('application/json').send(loadGeoJsonText('municipality', stateQuery(req)));
  });

  r.get('/territories/risk/states.json', ...read, async (req, res) => {
    res.json(await pages.mapValues(actorOf(req), req.t, req.locale));
  });

  r.get('/territories/risk/municipalities.json', ...read, async (req, res) => {
    res.json(await pages.mapValues(actorOf(req), req.t, req.locale, stateQuery(req)));
  });

  // For reports and for saving the map: the same choropleth as a standalone SVG file.
  r.get('/territories/map.svg', ...read, async (req, res) => {
    const stateCode = req.query.state === undefined ? undefined : stateQuery(req);
    res.type('image/svg+xml').send(await pages.mapSvg(actorOf(req), req.t, req.locale, { stateCode }));
  });

  r.get('/territories/:code', ...read, async (req, res, next) => {
    const code = String(req.params.code);
    // Other routers own non-numeric paths under /territories (e.g. the picker's /territories/search).
    if (!/^\d+$/.test(code)) return next();
    const actor = actorOf(req);
    if (code.length === 2) {
      const [page, svg] = await Promise.all([
        pages.state(actor, code),
        pages.mapSvg(actor, req.t, req.locale, { stateCode: code, idPrefix: `state-${code}-svg` }),
      ]);
      const municipalities = municipalityRows(page.municipalities, code, req.t, req.locale);
      return res.render('territories/state', {
        title: page.territory.name,
        styles: PAGE_STYLES,
        scripts: PAGE_SCRIPTS,
        territory: page.territory,
        dataset: datasetView(page.dataset, req.t, req.locale),
        risk: riskView(page.risk, req.t, req.locale),
        municipalities,
        notOnMap: municipalities.filter((m) => !m.onMap).length,
        sites: sitesView(page.sites),
        map: { geoUrl: MAP_URLS.municipalitiesGeo(code), valuesUrl: MAP_URLS.municipalitiesRisk(code) },
        svg,
      });
    }
    const page = await pages.municipality(actor, code);
    res.render('territories/municipality', {
      title: `${page.territory.name}, ${page.territory.stateName}`,
      styles: ['/static/build/territories.css'],
      territory: page.territory,
      stateHref: territoryHref(page.territory.stateCode),
      dataset: datasetView(page.dataset, req.t, req.locale),
      risk: riskView(page.risk, req.t, req.locale),
      sites: sitesView(page.sites),
    });
  });

  return r;
}
