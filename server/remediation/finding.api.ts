import { z } from 'zod';
import type { RemediationServices } from './remediation.service.ts';
import type { FindingRow } from './finding.queries.ts';
import { FINDING_CATEGORIES, FINDING_SEVERITIES, FINDING_SOURCES, FINDING_STATUSES } from './remediation.types.ts';
import { findingCreateSchema } from './remediation.schema.ts';
import { apiRouter, uuidParams, type ApiKit } from '../api/api.kit.ts';
import { parseApiInput } from '../api/api.operation.ts';
import { pageQuery, pageOf, windowOf, nextPage } from '../api/api.pagination.ts';

const date = z.iso.datetime({ offset: true });

export const findingOut = z.strictObject({
  id: z.uuid(), supplier: z.strictObject({ id: z.uuid(), legalName: z.string() }), site: z.strictObject({ id: z.uuid(), name: z.string() }).nullable(),
  source: z.enum(FINDING_SOURCES), assessmentId: z.uuid().nullable(), questionId: z.string().nullable(), redFlagCode: z.string().nullable(),
  category: z.enum(FINDING_CATEGORIES), severity: z.enum(FINDING_SEVERITIES), status: z.enum(FINDING_STATUSES),
  title: z.string(), description: z.string().nullable(), createdBy: z.string().nullable(), createdAt: date, closedAt: date.nullable(), planCount: z.number().int(),
});

const findingJson = (f: FindingRow) => ({
  id: f.id, supplier: { id: f.supplier_id, legalName: f.supplier_name }, site: f.site_id ? { id: f.site_id, name: f.site_name ?? '' } : null,
  source: f.source, assessmentId: f.assessment_id, questionId: f.question_id, redFlagCode: f.red_flag_code, category: f.category, severity: f.severity,
  status: f.status, title: f.title, description: f.description, createdBy: f.created_by_name, createdAt: new Date(f.created_at).toISOString(),
  closedAt: f.closed_at ? new Date(f.closed_at).toISOString() : null, planCount: Number(f.plan_count),
});

const createBody = z.strictObject({
  supplierId: z.uuid(), siteId: z.uuid().optional(),
  source: z.enum(['reviewer', 'audit', 'field_report', 'grievance']).describe('Red-flag findings come from reviewed assessments, not from here.'),
  category: z.enum(FINDING_CATEGORIES), severity: z.enum(FINDING_SEVERITIES),
  title: z.string().min(3).max(200), description: z.string().max(4000).optional(),
});

/** Findings: from red flags of reviewed assessments, audits, field reports and grievances. */
export function findingApiRoutes(deps: { remediation: RemediationServices }, kit: ApiKit) {
  const { findings } = deps.remediation;
  const api = apiRouter(kit);

  api.add({
    method: 'get', path: '/api/v1/findings', operationId: 'listFindings', tag: 'findings', scope: ['findings', 'read'],
    query: z.object({
      status: z.enum(FINDING_STATUSES).optional(), category: z.enum(FINDING_CATEGORIES).optional(), severity: z.enum(FINDING_SEVERITIES).optional(),
      supplierId: z.uuid().optional(), ...pageQuery,
    }),
    summary: 'Findings with the filters of the findings page, open and most severe first.',
    responses: { 200: { description: 'A page of findings.', schema: pageOf(findingOut) } },
  }, async ({ actor, query }) => {
    const { cursor: _c, limit: _l, ...filters } = query;
    const window = windowOf(query, filters);
    const data = await findings.list(actor, { ...filters, limit: window.limit + 1, offset: window.offset });
    const page = nextPage(data.rows, window, filters);
    return { status: 200, body: { data: page.data.map(findingJson), nextCursor: page.nextCursor } };
  });

  api.add({
    method: 'get', path: '/api/v1/findings/:id', operationId: 'getFinding', tag: 'findings', scope: ['findings', 'read'], params: uuidParams,
    summary: 'A finding.', responses: { 200: { description: 'The finding.', schema: findingOut } },
  }, async ({ actor, params }) => ({ status: 200, body: findingJson(await findings.get(actor, params.id)) }));

  api.add({
    method: 'post', path: '/api/v1/findings', operationId: 'createFinding', tag: 'findings', scope: ['findings', 'write'], body: createBody,
    summary: 'Record a finding from an audit, a field report, a reviewer or a grievance.',
    responses: { 201: { description: 'Created.', schema: findingOut } },
  }, async ({ actor, body }) => {
    // The form's rules too (whitespace, lengths), with their field-named messages.
    const id = await findings.create(actor, parseApiInput(findingCreateSchema, body));
    return { status: 201, body: findingJson(await findings.get(actor, id)) };
  });

  return api.router;
}
