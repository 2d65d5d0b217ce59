import { Router } from 'express';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import type { TerritoryPageService } from './territory-page.service.ts';
import { levelLabel, territoryHref } from './territory.map.ts';

/**
 * Read-only JSON for API keys (and signed-in browsers): territory search, and a territory
 * with its risk in the dataset in use. Demo data says so in `dataset.isDemo` and `notice`.
 */
export function territoryApiRoutes(deps: { territoryPages: TerritoryPageService }): Router {
  const pages = deps.territoryPages;
  const r = Router();
  const read = [requireActor, requirePermission('territories.read')];

  r.get('/api/v1/territories/search', ...read, async (req, res) => {
    const text = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 120) : '';
    if (text.length < 2) {
      res.json({ query: text, status: 'none', data: [] });
      return;
    }
    const result = await pages.search(actorOf(req), text);
    res.json({
      query: text,
      status: result.status,
      data: result.candidates.map((c) => ({
        code: c.code, level: c.level, name: c.name, stateCode: c.stateCode, stateName: c.stateName,
        score: c.score, exact: c.exact, href: `/api/v1/territories/${c.code}`,
      })),
    });
  });

  r.get('/api/v1/territories/:code', ...read, async (req, res) => {
    const { territory: tr, dataset, risk } = await pages.detail(actorOf(req), String(req.params.code));
    res.json({
      code: tr.code,
      level: tr.level,
      name: tr.name,
      country: tr.country,
      stateCode: tr.stateCode,
      stateName: tr.stateName,
      headTown: tr.headTown,
      population: tr.population,
      populationYear: tr.populationYear,
      createdAfterCensus: tr.createdAfterCensus,
      page: territoryHref(tr.code),
      source: req.t('maps.source'),
      dataset: dataset && {
        id: dataset.id, name: dataset.name, version: dataset.version, year: dataset.year, source: dataset.source,
        licence: dataset.licence, isDemo: dataset.isDemo, levels: dataset.levelScale,
      },
      risk: risk && {
        level: risk.level,
        levelLabel: levelLabel(req.t, req.locale, risk.level),
        levelRank: risk.levelRank,
        levelCount: risk.levelCount,
        index: risk.index,
        score: risk.score,
        fallback: risk.fallback,
        valueCode: risk.valueCode,
        factorWeights: risk.factorWeights,
      },
      ...(dataset?.isDemo ? { notice: req.t('riskDatasets.demo.apiNotice') } : {}),
    });
  });

  return r;
}
