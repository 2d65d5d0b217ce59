import { z } from 'zod';
import type { ReportService } from './report.service.ts';
import type { ReportRow } from './report.queries.ts';
import { generateSchema } from './report.schema.ts';
import { fileName } from './report.routes.ts';
import { apiRouter, uuidParams, type ApiKit } from '../api/api.kit.ts';
import { parseApiInput } from '../api/api.operation.ts';
import { pageQuery, pageOf, windowOf, nextPage } from '../api/api.pagination.ts';
import { problem } from '../api/openapi.ts';

const date = z.iso.datetime({ offset: true });
const sha = z.string().regex(/^[0-9a-f]{64}$/);

const reportOut = z.strictObject({
  id: z.uuid(), kind: z.enum(['supplier', 'company', 'portfolio']), title: z.string(), locale: z.enum(['es-MX', 'en']),
  status: z.enum(['queued', 'ready', 'failed']), params: z.record(z.string(), z.unknown()),
  sha256: sha.nullable(), size: z.number().int().nullable(), pages: z.number().int().nullable(), author: z.string(),
  dataset: z.strictObject({ id: z.uuid(), name: z.string().nullable(), version: z.string().nullable(), isDemo: z.boolean() }).nullable(),
  jobId: z.uuid().nullable(), error: z.string().nullable(), createdAt: date, generatedAt: date.nullable(),
  download: z.string().nullable(),
});

const verifyOut = z.strictObject({
  sha256: sha,
  matches: z.array(z.strictObject({ id: z.uuid(), title: z.string(), kind: z.string(), author: z.string(), generatedAt: date.nullable() })),
});

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function reportJson(r: ReportRow, t: (key: string, params?: Record<string, unknown>) => string) {
  return {
    id: r.id, kind: r.kind, title: r.title, locale: r.locale, status: r.status, params: r.params, sha256: r.sha256,
    size: r.size === null ? null : Number(r.size), pages: r.pages, author: r.author_name,
    dataset: r.dataset_id ? { id: r.dataset_id, name: r.dataset_name, version: r.dataset_version, isDemo: r.dataset_is_demo } : null,
    jobId: r.job_id, error: r.error ? t(r.error.key, r.error.params) : null, createdAt: iso(r.created_at), generatedAt: iso(r.generated_at),
    download: r.status === 'ready' ? `/api/v1/reports/${r.id}/download` : null,
  };
}

/** Reports: request (a job renders the PDF), status, download, and verification by SHA-256. */
export function reportApiRoutes(deps: { reports: ReportService }, kit: ApiKit) {
  const { reports } = deps;
  const api = apiRouter(kit);
  const read = ['reports', 'read'] as ['reports', 'read'];

  api.add({
    method: 'get', path: '/api/v1/reports', operationId: 'listReports', tag: 'reports', scope: read, query: z.object({ ...pageQuery }),
    summary: 'Reports of the organisation, newest first.', responses: { 200: { description: 'A page of reports.', schema: pageOf(reportOut) } },
  }, async ({ actor, query, req }) => {
    const window = windowOf(query, {});
    const data = await reports.list(actor, 1, { limit: window.limit + 1, offset: window.offset });
    const page = nextPage(data.rows, window, {});
    return { status: 200, body: { data: page.data.map((r) => reportJson(r, req.t)), nextCursor: page.nextCursor } };
  });

  api.add({
    method: 'post', path: '/api/v1/reports', operationId: 'requestReport', tag: 'reports', scope: ['reports', 'write'],
    body: z.strictObject({
      kind: z.enum(['supplier', 'company', 'portfolio']), locale: z.enum(['es-MX', 'en']),
      supplierId: z.uuid().optional().describe('Required for kind supplier.'),
      periodFrom: z.iso.date().optional(), periodTo: z.iso.date().optional(),
    }),
    summary: 'Request a PDF report; it is rendered by a job. Poll the report (or the job) until `status` is ready.',
    responses: { 202: { description: 'Queued.', schema: reportOut } },
  }, async ({ actor, body, req }) => {
    const { reportId } = await reports.request(actor, parseApiInput(generateSchema, body));
    return { status: 202, body: reportJson(await reports.get(actor, reportId), req.t) };
  });

  api.add({
    method: 'get', path: '/api/v1/reports/:id', operationId: 'getReport', tag: 'reports', scope: read, params: uuidParams,
    summary: 'A report\'s status, parameters, SHA-256 and dataset.', responses: { 200: { description: 'The report.', schema: reportOut } },
  }, async ({ actor, params, req }) => ({ status: 200, body: reportJson(await reports.get(actor, params.id), req.t) }));

  api.add({
    method: 'get', path: '/api/v1/reports/:id/download', operationId: 'downloadReport', tag: 'reports', scope: read, params: uuidParams,
    summary: 'The PDF, checked against its recorded SHA-256 before it is served; every download is audit-logged.',
    responses: { 200: { description: 'The PDF.', contentType: 'application/pdf' }, 409: problem('The stored file no longer matches its hash, or is missing.') },
  }, async ({ actor, params, req, res }) => {
    const { report, bytes } = await reports.download(actor, params.id, req.ip);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Length', String(bytes.length));
    res.setHeader('Content-Disposition', `attachment; filename="${fileName(report)}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Digest', `sha-256=${Buffer.from(report.sha256!, 'hex').toString('base64')}`);
    res.end(bytes);
  });

  api.add({
    method: 'post', path: '/api/v1/reports/verify', operationId: 'verifyReport', tag: 'reports', scope: read,
    body: z.strictObject({ sha256: z.string().regex(/^\s*[0-9a-fA-F]{64}\s*$/).describe('SHA-256 of the PDF, 64 hex digits.') }),
    summary: 'Does a PDF with this SHA-256 come from this organisation? Matches are listed; every check is logged.',
    responses: { 200: { description: 'The matching reports (none: not ours, or altered).', schema: verifyOut } },
  }, async ({ actor, body, req }) => {
    const r = await reports.verify(actor, { sha256: body.sha256.trim().toLowerCase() }, req.ip);
    return { status: 200, body: { sha256: r.sha256, matches: r.matches.map((m) => ({ id: m.id, title: m.title, kind: m.kind, author: m.authorName, generatedAt: iso(m.generatedAt) })) } };
  });

  return api.router;
}
