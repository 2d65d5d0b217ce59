import { z } from 'zod';
import type { RiskDatasetAdminService } from './risk-dataset-admin.service.ts';
import type { RiskDataset } from './risk-dataset.service.ts';
import { apiRouter, type ApiKit } from '../api/api.kit.ts';
import { pageQuery, pageOf, windowOf, nextPage } from '../api/api.pagination.ts';

const datasetOut = z.strictObject({
  id: z.uuid(), country: z.string(), name: z.string(), version: z.string(), source: z.string(), year: z.number().int(), licence: z.string(),
  isDemo: z.boolean(), isActive: z.boolean(), status: z.enum(['ready', 'retired']), rowCount: z.number().int(), factors: z.array(z.string()),
  levels: z.unknown().describe('The level scale (names, ranks, thresholds).'), fileSha256: z.string().nullable(),
  importedAt: z.iso.datetime({ offset: true }), activatedAt: z.iso.datetime({ offset: true }).nullable(),
});

const datasetJson = (d: RiskDataset) => ({
  id: d.id, country: d.country, name: d.name, version: d.version, source: d.source, year: d.year, licence: d.licence, isDemo: d.isDemo,
  isActive: d.isActive, status: d.status, rowCount: d.rowCount, factors: d.factors, levels: d.levelScale, fileSha256: d.fileSha256,
  importedAt: new Date(d.importedAt).toISOString(), activatedAt: d.activatedAt ? new Date(d.activatedAt).toISOString() : null,
});

/** Territorial risk datasets (CLRISK versions): read-only reference data. */
export function riskDatasetApiRoutes(deps: { riskDatasetAdmin: RiskDatasetAdminService }, kit: ApiKit) {
  const api = apiRouter(kit);
  api.add({
    method: 'get', path: '/api/v1/risk-datasets', operationId: 'listRiskDatasets', tag: 'risk datasets', scope: ['territories', 'read'],
    query: z.object({ country: z.string().regex(/^[A-Z]{2}$/).optional().describe('ISO country code, e.g. MX.'), ...pageQuery }),
    summary: 'Imported territorial risk datasets, with source, year, licence and which one is in use.',
    responses: { 200: { description: 'A page of datasets.', schema: pageOf(datasetOut) } },
  }, async ({ actor, query }) => {
    const filters = { country: query.country };
    const window = windowOf(query, filters);
    const all = (await deps.riskDatasetAdmin.listPublished(actor)).filter((d) => !query.country || d.country === query.country);
    const page = nextPage(all.slice(window.offset, window.offset + window.limit + 1), window, filters);
    return { status: 200, body: { data: page.data.map(datasetJson), nextCursor: page.nextCursor } };
  });
  return api.router;
}
