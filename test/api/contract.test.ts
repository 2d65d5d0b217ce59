import { expect } from 'chai';
import supertest from 'supertest';
import type { Express } from 'express';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { apiOperations } from '../../server/api/api.operation.ts';
import { jsonSchemaOf, openApiPath, responsesOf } from '../../server/api/openapi.ts';
import { META_PATHS } from '../../server/api/api.routes.ts';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every (method, path) the Express app answers, found by walking its routers. */
function registeredRoutes(app: Express): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of [layer.route.path].flat()) {
          for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push({ method, path });
        }
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

describe('API v1 contract: OpenAPI document', () => {
  let t: TestApp;
  let doc: { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }>; parameters: { name: string }[] }>> };

  before(async () => {
    t = await buildTestApp();
    doc = (await supertest(t.app).get('/api/v1/openapi.json')).body;
  });

  it('is OpenAPI 3.1 and documents every /api/v1 route the app registers', () => {
    expect(doc.openapi).to.equal('3.1.0');
    const routes = registeredRoutes(t.app).filter((r) => r.path.startsWith('/api/'));
    expect(routes.length).to.be.greaterThan(10);
    const undocumented = routes.filter((r) => !(META_PATHS as readonly string[]).includes(r.path) && !doc.paths[openApiPath(r.path)]?.[r.method]);
    expect(undocumented, 'routes missing from openapi.json').to.deep.equal([]);
    // And nothing documented that the app does not answer.
    const registered = new Set(routes.map((r) => `${r.method} ${openApiPath(r.path)}`));
    for (const [path, methods] of Object.entries(doc.paths)) for (const m of Object.keys(methods)) expect(registered.has(`${m} ${path}`), `${m} ${path}`).to.equal(true);
  });

  it('holds, for every response, exactly the JSON Schema of the zod schema that validates it', () => {
    for (const op of apiOperations()) {
      const documented = doc.paths[openApiPath(op.path)][op.method];
      for (const [status, spec] of Object.entries(responsesOf(op))) {
        const content = documented.responses[status]?.content;
        if (spec.schema) expect(content?.[spec.contentType ?? 'application/json']?.schema, `${op.operationId} ${status}`).to.deep.equal(jsonSchemaOf(spec.schema, 'output'));
      }
      if (op.query) for (const name of Object.keys(op.query.shape)) expect(documented.parameters.map((p) => p.name), op.operationId).to.include(name);
    }
  });

  it('serves a documentation page from the app itself: every operation, no scripts, strict CSP', async () => {
    const res = await supertest(t.app).get('/api/v1/docs?lang=en');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('REST API v1');
    for (const op of apiOperations()) expect(res.text, op.operationId).to.contain(`id="${op.operationId}"`);
    expect(res.text).to.contain('<code>GET /api/v1/suppliers/{id}</code>');
    expect(res.text).not.to.match(/<script(?![^>]*src="\/static\/)/);
    expect(res.text).not.to.match(/https?:\/\/(cdn|unpkg|jsdelivr)/);
    expect(res.headers['content-security-policy']).to.match(/script-src 'self'/);
  });
});
