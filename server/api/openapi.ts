import { z } from 'zod';
import type { ApiOperation } from './api.operation.ts';
import { ALL_SCOPES } from '../api-keys/api-key.scopes.ts';

/** RFC 9457 problem body, as the error middleware writes it. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  requestId: z.string(),
  errors: z.array(z.strictObject({ field: z.string().optional(), row: z.number().int().optional(), message: z.string() })).optional(),
});

/** Responses every operation may give besides its own. */
const COMMON_PROBLEMS: Record<number, string> = {
  400: 'The request cannot be read (malformed JSON, a NUL byte in a field).',
  401: 'No key, an unknown or revoked key, or an expired key.',
  403: 'The key lacks the scope, or its role the permission.',
  429: 'Too many requests for this key in the current window; see the RateLimit headers.',
};

/** JSON Schema of a zod schema as the document holds it (the same function the contract test calls). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
}

export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

/** Responses of an operation, own and common; the contract test validates received bodies against them. */
export function responsesOf(op: ApiOperation): Record<number, { description: string; schema?: z.ZodType; contentType?: string }> {
  const out: Record<number, { description: string; schema?: z.ZodType; contentType?: string }> = { ...op.responses };
  for (const [status, description] of Object.entries(COMMON_PROBLEMS)) out[Number(status)] ??= { description, schema: problemSchema, contentType: 'application/problem+json' };
  if (op.params) out[404] ??= { description: 'No such record in this organisation.', schema: problemSchema, contentType: 'application/problem+json' };
  if (op.method === 'post') out[409] ??= { description: 'Conflict with the record\'s state, or the first request with this Idempotency-Key is still running.', schema: problemSchema, contentType: 'application/problem+json' };
  if (op.query || op.body || op.method === 'post') out[422] ??= { description: 'Invalid input; `errors` names each field.', schema: problemSchema, contentType: 'application/problem+json' };
  return out;
}

function parametersOf(op: ApiOperation) {
  const out: Record<string, unknown>[] = [];
  for (const [where, schema] of [['path', op.params], ['query', op.query]] as const) {
    if (!schema) continue;
    const js = jsonSchemaOf(schema, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, s] of Object.entries(js.properties ?? {})) {
      const { description, ...rest } = s;
      out.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: rest, ...(description ? { description } : {}) });
    }
  }
  if (op.method === 'post') {
    out.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 }, description: 'Retry safely: the same key and body replay the first response.' });
  }
  return out;
}

/** OpenAPI 3.1 built from the registered operations and their zod schemas: no hand-kept copy. */
export function buildOpenApi(ops: ApiOperation[], info: { baseUrl: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    const responses = Object.fromEntries(
      Object.entries(responsesOf(op)).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(Number(status) < 300 ? { headers: { RateLimit: { $ref: '#/components/headers/RateLimit' }, 'RateLimit-Policy': { $ref: '#/components/headers/RateLimit-Policy' } } } : {}),
          ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: jsonSchemaOf(r.schema, 'output') } } } : r.contentType ? { content: { [r.contentType]: { schema: { type: 'string', format: 'binary' } } } } : {}),
        },
      ]),
    );
    (paths[openApiPath(op.path)] ??= {})[op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      security: [{ bearer: op.scope ? [`${op.scope[0]}:${op.scope[1]}`] : [] }],
      'x-scope': op.scope ? `${op.scope[0]}:${op.scope[1]}` : null,
      parameters: parametersOf(op),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(op.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigía REST API',
      version: '1.0.0',
      description: 'Child-labour due diligence data of one organisation. Authenticate with `Authorization: Bearer vk_…` (Settings → API keys).',
    },
    servers: [{ url: info.baseUrl }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: `API key. Scopes: ${ALL_SCOPES.join(', ')}; write implies read.` } },
      headers: {
        RateLimit: { description: 'Remaining quota (IETF draft 8), e.g. `"per-key";r=599;t=60`.', schema: { type: 'string' } },
        'RateLimit-Policy': { description: 'The quota policy (IETF draft 8), e.g. `"per-key";q=600;w=60`.', schema: { type: 'string' } },
      },
    },
    paths,
  };
}

/** A documented error response of one operation (409 and the like). */
export const problem = (description: string) => ({ description, schema: problemSchema, contentType: 'application/problem+json' });
