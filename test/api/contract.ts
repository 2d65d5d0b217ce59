import { expect } from 'chai';
import supertest from 'supertest';
import type { Express } from 'express';
import { apiOperations, type ApiOperation } from '../../server/api/api.operation.ts';
import { jsonSchemaOf, openApiPath, responsesOf } from '../../server/api/openapi.ts';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
const docs = new WeakMap<Express, Promise<Doc>>();

/** Which (operation, status) pairs the tests received and validated: the contract test prints the gaps. */
export const received = new Set<string>();

function operationFor(method: string, url: string): ApiOperation | undefined {
  const path = url.split('?')[0];
  // Literal segments win over parameters (`/territories/search` before `/territories/:code`), as Express registers them.
  const params = (p: string) => (p.match(/:/g) ?? []).length;
  return apiOperations()
    .filter((op) => op.method === method && new RegExp(`^${op.path.replace(/:[A-Za-z_]+/g, '[^/]+')}$`).test(path))
    .sort((a, b) => params(a.path) - params(b.path))[0];
}

/**
 * Every response a test receives from a documented operation must be documented with
 * its status, and its body must validate against the document's schema. The document's
 * schema is checked to be z.toJSONSchema of the zod schema the body is validated with,
 * so validating with zod is validating against the document.
 */
export async function expectDocumented(app: Express, method: string, url: string, res: supertest.Response) {
  const op = operationFor(method, url);
  expect(op, `${method.toUpperCase()} ${url} is a documented operation`).to.not.equal(undefined);
  const spec = responsesOf(op!)[res.status];
  expect(spec, `${op!.operationId} documents status ${res.status} (got ${(res.text ?? "").slice(0, 300)})`).to.not.equal(undefined);
  received.add(`${op!.operationId} ${res.status}`);
  if (!spec.schema) return;
  const contentType = spec.contentType ?? 'application/json';
  expect(res.headers['content-type']).to.contain(contentType);
  if (!docs.has(app)) docs.set(app, supertest(app).get('/api/v1/openapi.json').then((r) => r.body as Doc));
  const doc = await docs.get(app)!;
  const documented = doc.paths[openApiPath(op!.path)][op!.method].responses[String(res.status)].content?.[contentType]?.schema;
  expect(documented).to.deep.equal(jsonSchemaOf(spec.schema, 'output'));
  const parsed = spec.schema.safeParse(res.body);
  expect(parsed.success, `${op!.operationId} ${res.status} body matches the document: ${parsed.error?.message}\n${JSON.stringify(res.body).slice(0, 500)}`).to.equal(true);
}

/** A client for one API key whose every response is checked against the document. */
export function apiClient(app: Express, key: string | null) {
  const auth = (r: supertest.Test) => (key ? r.set('Authorization', `Bearer ${key}`) : r);
  return {
    async get(url: string, headers: Record<string, string> = {}) {
      const res = await auth(supertest(app).get(url)).set(headers);
      await expectDocumented(app, 'get', url, res);
      return res;
    },
    async post(url: string, body: unknown, headers: Record<string, string> = {}) {
      const res = await auth(supertest(app).post(url)).set(headers).send(body as object);
      await expectDocumented(app, 'post', url, res);
      return res;
    },
  };
}
