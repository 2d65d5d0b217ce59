import { z } from 'zod';
import type { TerritoryPageService } from './territory-page.service.ts';
import { levelLabel, territoryHref } from './territory.map.ts';
import { apiRouter, type ApiKit } from '../api/api.kit.ts';

const searchOut = z.strictObject({
  query: z.string(),
  status: z.enum(['exact', 'ambiguous', 'candidates', 'none']),
  data: z.array(z.strictObject({
    code: z.string(), level: z.enum(['state', 'municipality']), name: z.string(), stateCode: z.string().nullable(), stateName: z.string().nullable(),
    score: z.number(), exact: z.boolean(), href: z.string(),
  })),
});

const territoryOut = z.strictObject({
  code: z.string(), level: z.enum(['state', 'municipality']), name: z.string(), country: z.string(),
  stateCode: z.string().nullable(), stateName: z.string().nullable(), headTown: z.string().nullable(),
  population: z.number().int().nullable(), populationYear: z.number().int().nullable(), createdAfterCensus: z.boolean(),
  page: z.string(), source: z.string(),
  dataset: z.strictObject({
    id: z.uuid(), name: z.string(), version: z.string(), year: z.number().int(), source: z.string(), licence: z.string(), isDemo: z.boolean(),
    levels: z.unknown().describe('The dataset\'s level scale.'),
  }).nullable(),
  risk: z.strictObject({
    level: z.string(), levelLabel: z.string(), levelRank: z.number().int(), levelCount: z.number().int(), index: z.number().nullable(), score: z.number().nullable(),
    fallback: z.enum(['state']).nullable(), valueCode: z.string(), factorWeights: z.unknown(),
  }).nullable(),
  notice: z.string().optional().describe('Present when the dataset is demo data, not official.'),
});

/**
 * Territory search, and a territory with its risk in the dataset in use. Demo data says
 * so in `dataset.isDemo` and `notice`.
 */
export function territoryApiRoutes(deps: { territoryPages: TerritoryPageService }, kit: ApiKit) {
  const pages = deps.territoryPages;
  const api = apiRouter(kit);
  const scope = ['territories', 'read'] as ['territories', 'read'];

  api.add({
    method: 'get', path: '/api/v1/territories/search', operationId: 'searchTerritories', tag: 'territories', scope, permission: 'territories.read',
    query: z.object({ q: z.string().max(120).optional().describe('State or municipality name or INEGI code (2 characters at least).') }),
    summary: 'Find Mexican states and municipalities by name or INEGI code, misspellings tolerated.',
    responses: { 200: { description: 'Candidates, best first.', schema: searchOut } },
  }, async ({ actor, query }) => {
    const text = (query.q ?? '').trim();
    if (text.length < 2) return { status: 200, body: { query: text, status: 'none', data: [] } };
    const result = await pages.search(actor, text);
    return {
      status: 200,
      body: {
        query: text, status: result.status,
        data: result.candidates.map((c) => ({
          code: c.code, level: c.level, name: c.name, stateCode: c.stateCode, stateName: c.stateName,
          score: c.score, exact: c.exact, href: `/api/v1/territories/${c.code}`,
        })),
      },
    };
  });

  api.add({
    method: 'get', path: '/api/v1/territories/:code', operationId: 'getTerritory', tag: 'territories', scope, permission: 'territories.read',
    params: z.object({ code: z.string().regex(/^\d{2}(\d{3})?$/).describe('INEGI code: CVE_ENT (2 digits) or CVE_ENT+CVE_MUN (5).') }),
    summary: 'A state or municipality with its risk in the dataset in use.',
    responses: { 200: { description: 'The territory.', schema: territoryOut } },
  }, async ({ actor, params, req }) => {
    const { territory: tr, dataset, risk } = await pages.detail(actor, params.code);
    return {
      status: 200,
      body: {
        code: tr.code, level: tr.level, name: tr.name, country: tr.country, stateCode: tr.stateCode, stateName: tr.stateName,
        headTown: tr.headTown, population: tr.population, populationYear: tr.populationYear, createdAfterCensus: tr.createdAfterCensus,
        page: territoryHref(tr.code), source: req.t('maps.source'),
        dataset: dataset && {
          id: dataset.id, name: dataset.name, version: dataset.version, year: dataset.year, source: dataset.source,
          licence: dataset.licence, isDemo: dataset.isDemo, levels: dataset.levelScale,
        },
        risk: risk && {
          level: risk.level, levelLabel: levelLabel(req.t, req.locale, risk.level), levelRank: risk.levelRank, levelCount: risk.levelCount,
          index: risk.index, score: risk.score, fallback: risk.fallback, valueCode: risk.valueCode, factorWeights: risk.factorWeights,
        },
        ...(dataset?.isDemo ? { notice: req.t('riskDatasets.demo.apiNotice') } : {}),
      },
    };
  });

  return api.router;
}
