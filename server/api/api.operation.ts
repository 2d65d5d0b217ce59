import { Router, type Request, type Response, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import { authorize, type Permission } from '../auth/policy.ts';
import { requireActor } from '../http/tenant.ts';
import { Forbidden, NotFound, ValidationFailed } from '../errors.ts';
import { hasScope, type ApiAccess, type ApiArea } from '../api-keys/api-key.scopes.ts';

export interface ApiResponseSpec {
  description: string;
  /** The JSON body; absent for a file download (then `contentType` says what comes). */
  schema?: z.ZodType;
  contentType?: string;
}

/**
 * One documented operation. The same zod schemas validate the request and produce the
 * OpenAPI document, so the two cannot drift; responses are checked by the contract test.
 */
export interface ApiOperation {
  method: 'get' | 'post';
  /** Express path, e.g. `/api/v1/suppliers/:id`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** null: any valid key (e.g. `/me`). */
  scope: [ApiArea, ApiAccess] | null;
  permission?: Permission;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, ApiResponseSpec>;
}

export interface ApiContext<P, Q, B> {
  actor: Actor;
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

/** A JSON answer, or nothing when the handler streamed a file itself. */
export type ApiResult = { status: number; body: unknown } | void;

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

const registry = new Map<string, ApiOperation>();

/** Every operation the app registered, for the OpenAPI document and the contract test. */
export function apiOperations(): ApiOperation[] {
  return [...registry.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** Which message tells the client how to fix a zod issue, with its parameters (no English from zod leaks). */
function issueMessage(i: z.core.$ZodIssue): { key: string; params: Record<string, unknown> } {
  if (i.message.includes('.') && !i.message.includes(' ')) return { key: i.message, params: {} };
  switch (i.code) {
    case 'invalid_type': return { key: i.input === undefined ? 'api.errors.required' : 'api.errors.invalidType', params: { expected: i.expected } };
    case 'too_big': return { key: 'api.errors.tooBig', params: { maximum: String(i.maximum) } };
    case 'too_small': return { key: 'api.errors.tooSmall', params: { minimum: String(i.minimum) } };
    case 'invalid_value': return { key: 'api.errors.oneOf', params: { options: i.values.map(String).join(', ') } };
    case 'unrecognized_keys': return { key: 'api.errors.unknownField', params: {} };
    case 'invalid_format': return { key: 'api.errors.format', params: { format: i.format } };
    default: return { key: 'api.errors.invalidField', params: {} };
  }
}

/** Field-named 422 from a zod failure; `where` prefixes query parameters so clients know where to look. */
export function parseApiInput<S extends z.ZodType>(schema: S, input: unknown, where?: string): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new ValidationFailed(
    r.error.issues.map((i) => {
      // An unknown property is named itself, so the client sees which one to drop.
      const path = i.code === 'unrecognized_keys' ? [...i.path.map(String), i.keys.join(',')] : i.path.map(String);
      const field = [where, ...path].filter(Boolean).join('.');
      const m = issueMessage(i);
      return { field, key: m.key, params: { field, ...m.params } };
    }),
  );
}

/** A key may only reach an area its scopes name; browsers are limited by their role alone. */
export function requireScope(area: ApiArea, access: ApiAccess): RequestHandler {
  return (req, _res, next) => {
    const a = req.actor;
    if (a?.apiKeyId && !hasScope(a.apiScopes ?? [], area, access)) throw new Forbidden('api.errors.scope', { scope: `${area}:${access}` });
    next();
  };
}

/**
 * Registers documented operations on a router: guards (actor, scope, permission, the
 * shared per-key limiter and idempotency), input parsing, and the JSON answer.
 */
export function apiRouter(shared: { limiter: RequestHandler; idempotency: RequestHandler }) {
  const router = Router();
  function add<Op extends ApiOperation>(
    op: Op,
    handler: (ctx: ApiContext<Infer<Op['params']>, Infer<Op['query']>, Infer<Op['body']>>) => Promise<ApiResult>,
  ) {
    registry.set(`${op.method} ${op.path}`, op);
    const guards: RequestHandler[] = [requireActor, shared.limiter];
    if (op.scope) guards.push(requireScope(...op.scope));
    if (op.permission) {
      const p = op.permission;
      guards.push((req, _res, next) => (authorize(req.actor, p), next()));
    }
    if (op.method === 'post') guards.push(shared.idempotency);
    router[op.method](op.path, ...guards, async (req: Request, res: Response) => {
      const params = op.params ? parseParams(op.params, req.params) : undefined;
      const query = op.query ? parseApiInput(op.query, req.query, 'query') : undefined;
      const body = op.body ? parseApiInput(op.body, req.body) : undefined;
      const result = await handler({ actor: req.actor!, params, query, body, req, res } as never);
      if (result) res.status(result.status).json(result.body);
    });
  }
  return { router, add };
}

/** A malformed id is a record that does not exist (same answer as another tenant's). */
function parseParams(schema: z.ZodObject, params: unknown) {
  const r = schema.safeParse(params);
  if (!r.success) throw new NotFound();
  return r.data;
}

export const uuidParams = z.object({ id: z.uuid() });
