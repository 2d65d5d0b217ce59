import { z } from 'zod';
import type { ScoreService } from './score.service.ts';
import { explain } from './score.view.ts';
import { RISK_LEVELS } from './score.filters.ts';
import { apiRouter, uuidParams, type ApiKit } from '../api/api.kit.ts';
import { pageQuery, pageOf, windowOf, nextPage, csv } from '../api/api.pagination.ts';
import type { SupplierScoreSummary } from './score.queries.ts';

const date = z.iso.datetime({ offset: true });
const level = z.enum(RISK_LEVELS);
const num = z.number();

const summary = z.strictObject({
  level, worstSiteId: z.uuid().nullable(), worstResidual: num, worstInherent: num, weightedResidual: num, weightedInherent: num,
  weightedLevel: level, siteCount: z.number().int(), flags: z.array(z.string()), computedAt: date, datasetId: z.uuid().nullable(),
});

/** One component of the explanation, recursively (a component may be made of parts). */
const explained: z.ZodType = z.lazy(() => z.looseObject({ text: z.string(), value: num.nullable().optional(), weight: num.nullable().optional(), contribution: num.nullable().optional(), details: z.array(explained).optional() }));

const supplierScoreOut = z.strictObject({
  supplier: z.strictObject({ id: z.uuid(), legalName: z.string() }),
  score: summary.extend({ explanation: z.array(explained) }).strict().nullable(),
  sites: z.array(z.strictObject({
    id: z.uuid(), name: z.string(), place: z.string().nullable(), territorial: num.nullable(), sector: num.nullable(), workforce: num.nullable(),
    inherent: num.nullable(), residual: num.nullable(), level: level.nullable(), flags: z.array(z.string()),
  })),
  history: z.array(z.strictObject({ id: z.uuid(), computedAt: date, level, worstResidual: num, current: z.boolean() })),
});

const siteScoreOut = z.strictObject({
  site: z.strictObject({ id: z.uuid(), name: z.string(), supplierId: z.uuid(), supplierName: z.string(), place: z.string().nullable(), territoryCode: z.string().nullable() }),
  score: z.strictObject({
    id: z.uuid(), computedAt: date, territorial: num, sector: num, workforce: num, inherent: num, residual: num, inherentLevel: level, level,
    flags: z.array(z.string()), dataset: z.strictObject({ id: z.uuid(), name: z.string().nullable(), version: z.string().nullable(), isDemo: z.boolean() }).nullable(),
    assessmentId: z.uuid().nullable(), weightsCustom: z.boolean(), explanation: z.array(explained),
  }).nullable(),
  history: z.array(z.strictObject({
    id: z.uuid(), computedAt: date, inherent: num, residual: num, level, datasetVersion: z.string().nullable(), assessmentId: z.uuid().nullable(),
    current: z.boolean(), reason: z.string().nullable(),
  })),
});

const listedScore = z.strictObject({ supplierId: z.uuid(), legalName: z.string(), tradeName: z.string().nullable(), score: summary.nullable() });

const summaryJson = (c: SupplierScoreSummary) => ({
  level: c.level, worstSiteId: c.worstSiteId, worstResidual: c.worstResidual, worstInherent: c.worstInherent, weightedResidual: c.weightedResidual,
  weightedInherent: c.weightedInherent, weightedLevel: c.weightedLevel, siteCount: c.siteCount, flags: c.flags,
  computedAt: new Date(c.computedAt).toISOString(), datasetId: c.datasetId,
});

/** Current risk scores (per supplier, with sites and history), filtered by level like the scores page. */
export function scoreApiRoutes(deps: { scores: ScoreService }, kit: ApiKit) {
  const api = apiRouter(kit);

  api.add({
    method: 'get', path: '/api/v1/suppliers/:id/score', operationId: 'getSupplierScore', tag: 'scores', scope: ['scores', 'read'], params: uuidParams,
    summary: 'A supplier\'s current score explained component by component, its sites and its score history.',
    responses: { 200: { description: 'The score, or `score: null` before the first scoring.', schema: supplierScoreOut } },
  }, async ({ actor, params, req }) => {
    const data = await deps.scores.supplierScore(actor, params.id);
    const c = data.current;
    return {
      status: 200,
      body: {
        supplier: { id: data.supplier.id, legalName: data.supplier.legalName },
        score: c && { ...summaryJson(c), explanation: JSON.parse(JSON.stringify(explain(req.t, c.explained.lines))) },
        sites: data.sites.map((s) => ({
          id: s.siteId, name: s.siteName, place: s.place, territorial: s.territorial, sector: s.sector, workforce: s.workforce,
          inherent: s.inherent, residual: s.residual, level: s.level, flags: s.flags,
        })),
        history: data.history.map((h) => ({ id: h.id, computedAt: new Date(h.computedAt).toISOString(), level: h.level, worstResidual: h.worstResidual, current: h.isCurrent })),
      },
    };
  });

  api.add({
    method: 'get', path: '/api/v1/sites/:id/score', operationId: 'getSiteScore', tag: 'scores', scope: ['scores', 'read'], params: uuidParams,
    summary: 'A site\'s current score (territorial, sector, workforce, inherent and residual risk, explained) and its score history.',
    responses: { 200: { description: 'The score, or `score: null` before the first scoring.', schema: siteScoreOut } },
  }, async ({ actor, params, req }) => {
    const { site, score: c, history } = await deps.scores.siteScore(actor, params.id);
    return {
      status: 200,
      body: {
        site: { id: site.id, name: site.name, supplierId: site.supplierId, supplierName: site.supplierName, place: site.place, territoryCode: site.territoryCode },
        score: c && {
          id: c.id, computedAt: c.computedAt.toISOString(), territorial: c.territorial, sector: c.sector, workforce: c.workforce, inherent: c.inherent,
          residual: c.residual, inherentLevel: c.inherentLevel, level: c.level, flags: c.flags,
          dataset: c.datasetId ? { id: c.datasetId, name: c.datasetName, version: c.datasetVersion, isDemo: c.datasetIsDemo } : null,
          assessmentId: c.assessmentId, weightsCustom: c.weightsCustom, explanation: JSON.parse(JSON.stringify(explain(req.t, c.explained.lines))),
        },
        history: history.map((h) => ({
          id: h.id, computedAt: new Date(h.computedAt).toISOString(), inherent: h.inherent, residual: h.residual, level: h.level,
          datasetVersion: h.datasetVersion, assessmentId: h.assessmentId, current: h.isCurrent, reason: h.reason,
        })),
      },
    };
  });

  api.add({
    method: 'get', path: '/api/v1/scores', operationId: 'listScores', tag: 'scores', scope: ['scores', 'read'],
    query: z.object({ level: csv(['low', 'medium', 'high', 'critical', 'unscored']).optional(), ...pageQuery }),
    summary: 'Current supplier scores, most severe first; `level` filters like the scores page.',
    responses: { 200: { description: 'A page of suppliers with their current score.', schema: pageOf(listedScore) } },
  }, async ({ actor, query }) => {
    const levels = (query.level?.split(',') ?? []) as Parameters<ScoreService['list']>[1]['levels'];
    const window = windowOf(query, { level: query.level });
    const data = await deps.scores.list(actor, { levels, limit: window.limit + 1, offset: window.offset });
    const page = nextPage(data.items, window, { level: query.level });
    return { status: 200, body: { data: page.data.map((i) => ({ ...i, score: i.score && summaryJson(i.score) })), nextCursor: page.nextCursor } };
  });

  return api.router;
}
