import { Router } from 'express';
import { z } from 'zod';
import { apiOperations, apiRouter } from './api.operation.ts';
import type { ApiKit } from './api.kit.ts';
import { buildOpenApi, jsonSchemaOf, openApiPath, responsesOf } from './openapi.ts';

/** Served without a key: the document describes the API, it holds no tenant data. */
export const META_PATHS = ['/api/v1/openapi.json', '/api/v1/docs'] as const;

const meOut = z.strictObject({
  organization: z.strictObject({ id: z.uuid(), name: z.string(), kind: z.enum(['company', 'consultancy']) }),
  role: z.string(),
  via: z.enum(['api_key', 'membership', 'engagement']),
  user: z.strictObject({ id: z.uuid(), name: z.string() }).nullable(),
  scopes: z.array(z.string()).nullable(),
});

/** The OpenAPI document, its documentation page, and `GET /api/v1/me`. */
export function apiMetaRoutes(kit: ApiKit, opts: { baseUrl: string }): Router {
  const r = Router();
  r.get('/api/v1/openapi.json', (_req, res) => {
    res.json(buildOpenApi(apiOperations(), opts));
  });

  // Server-rendered (no scripts, no CDN): operations, parameters and schemas.
  r.get('/api/v1/docs', (req, res) => {
    const operations = apiOperations().map((op) => {
      const doc = buildOpenApi([op], opts).paths[openApiPath(op.path)][op.method] as { parameters: unknown[] };
      return {
        method: op.method.toUpperCase(), path: openApiPath(op.path), operationId: op.operationId, summary: op.summary, tag: op.tag,
        scope: op.scope ? `${op.scope[0]}:${op.scope[1]}` : '', parameters: doc.parameters,
        body: op.body ? JSON.stringify(jsonSchemaOf(op.body, 'input'), null, 2) : null,
        responses: Object.entries(responsesOf(op)).map(([status, s]) => ({
          status, description: s.description, schema: s.schema && Number(status) < 300 ? JSON.stringify(jsonSchemaOf(s.schema, 'output'), null, 2) : null,
        })),
      };
    });
    res.render('api/docs', { title: req.t('api.docs.title'), operations });
  });

  const api = apiRouter(kit);
  api.add({
    method: 'get', path: '/api/v1/me', operationId: 'getMe', tag: 'meta', scope: null,
    summary: 'Who is calling: organisation, role, and the key\'s scopes.',
    responses: { 200: { description: 'The caller.', schema: meOut } },
  }, async ({ actor: a }) => ({
    status: 200,
    body: {
      organization: { id: a.orgId, name: a.orgName, kind: a.orgKind }, role: a.role, via: a.apiKeyId ? 'api_key' : a.via,
      user: a.userId ? { id: a.userId, name: a.userName } : null, scopes: a.apiScopes ? [...a.apiScopes] : null,
    },
  }));
  r.use(api.router);
  return r;
}
