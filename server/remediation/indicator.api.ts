import { z } from 'zod';
import type { RemediationServices } from './remediation.service.ts';
import { CHILD_MEASURES, DIMENSIONS, MIN_CELL, suppressSmallCells } from './indicators.ts';
import { apiRouter, type ApiKit } from '../api/api.kit.ts';

const shown = z.strictObject(Object.fromEntries(CHILD_MEASURES.map((m) => [m, z.number().int().nullable()])));

const indicatorsOut = z.strictObject({
  period: z.strictObject({ from: z.iso.date().nullable(), to: z.iso.date().nullable() }),
  childCases: z.strictObject({
    total: shown,
    groups: z.array(z.strictObject({ dimension: z.enum(DIMENSIONS), rows: z.array(z.strictObject({ group: z.string(), counts: shown })) })),
    suppressedCells: z.number().int(),
    minCell: z.number().int().describe('Counts from 1 to minCell − 1 are null (hidden), as are the cells that would reveal them.'),
  }),
  workUnits: z.record(z.string(), z.unknown()),
  actions: z.record(z.string(), z.unknown()),
  findings: z.array(z.strictObject({ category: z.string(), severity: z.string(), status: z.string(), n: z.number().int() })),
});

/**
 * Child-case indicators: counts only, never a child's record, and always with small
 * cells hidden — data leaving through the API is not limited to the roles that may open
 * cases, so nobody gets exact small counts here.
 */
export function indicatorApiRoutes(deps: { remediation: RemediationServices }, kit: ApiKit) {
  const api = apiRouter(kit);
  api.add({
    method: 'get', path: '/api/v1/indicators', operationId: 'getIndicators', tag: 'child-case indicators', scope: ['indicators', 'read'],
    query: z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() }),
    summary: 'Aggregated child-case indicators (small cells suppressed), work-unit coverage, action timeliness, finding counts.',
    responses: { 200: { description: 'The indicators for the period.', schema: indicatorsOut } },
  }, async ({ actor, query }) => {
    const data = await deps.remediation.indicators.overview(actor, query);
    // The page shows exact counts to case-accountable roles; the API never does.
    const exactTable = { total: data.shown.total, groups: data.shown.groups } as Parameters<typeof suppressSmallCells>[0];
    const table = data.exact ? suppressSmallCells(exactTable) : data.shown;
    return {
      status: 200,
      body: {
        period: { from: query.from ?? null, to: query.to ?? null },
        childCases: { ...table, minCell: MIN_CELL },
        workUnits: { ...data.workUnits }, actions: { ...data.actions },
        findings: data.findings.map((f) => ({ category: f.category, severity: f.severity, status: f.status, n: Number(f.n) })),
      },
    };
  });
  return api.router;
}
