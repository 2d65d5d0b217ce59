import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Database, Queryable } from '../db/types.ts';
import { dbContext } from '../auth/actor.ts';
import { ValidationFailed } from '../errors.ts';

interface StoredResponse {
  request_hash: string;
  status: number;
  body: unknown;
}

/** How long a key is remembered: retries come within minutes; a day covers a client's outage. */
const RETENTION = `interval '24 hours'`;

async function findStored(q: Queryable, key: string) {
  const r = await q.query<StoredResponse>(
    `SELECT request_hash, status, body FROM api_idempotency_keys WHERE key = $1 AND created_at > now() - ${RETENTION}`,
    [key],
  );
  return r.rows[0];
}

async function store(q: Queryable, row: { key: string; hash: string; status: number; body: unknown; apiKeyId: string | null }) {
  // Forget this organisation's expired keys (RLS scopes the delete), so a key may be reused after a day.
  await q.query(`DELETE FROM api_idempotency_keys WHERE created_at <= now() - ${RETENTION}`);
  await q.query(
    `INSERT INTO api_idempotency_keys (organization_id, key, request_hash, status, body, api_key_id)
     VALUES (app_org(), $1, $2, $3, $4, $5) ON CONFLICT (organization_id, key) DO NOTHING`,
    [row.key, row.hash, row.status, JSON.stringify(row.body), row.apiKeyId],
  );
}

/** Which request a key was used for: method, path and body, so a different request under the same key is caught. */
function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonical(body)}`).digest('hex');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

/**
 * `Idempotency-Key` on POST: the first successful response is stored per organisation
 * and key, and a retry with the same request gets it again (`Idempotent-Replayed: true`)
 * instead of creating twice; the same key with a different request is a 422.
 * Failed requests are not stored, so a client may retry them after fixing the cause.
 * Keys are remembered for 24 hours.
 */
export function idempotency(db: Database): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('Idempotency-Key');
    if (key === undefined) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new ValidationFailed([{ field: 'Idempotency-Key', key: 'api.errors.idempotencyKey' }]);
    const actor = req.actor!;
    const hash = requestHash(req.method, req.path, req.body);
    const stored = await db.tx(dbContext(actor), (q) => findStored(q, key));
    if (stored) {
      if (stored.request_hash !== hash) throw new ValidationFailed([{ field: 'Idempotency-Key', key: 'api.errors.idempotencyMismatch' }]);
      res.setHeader('Idempotent-Replayed', 'true');
      res.status(stored.status).json(stored.body);
      return;
    }
    const send = res.json.bind(res);
    res.json = ((body: unknown) => {
      if (res.statusCode < 200 || res.statusCode >= 300) return send(body);
      db.tx(dbContext(actor), (q) => store(q, { key, hash, status: res.statusCode, body, apiKeyId: actor.apiKeyId ?? null })).then(
        () => send(body),
        (err) => next(err),
      );
      return res;
    }) as typeof res.json;
    next();
  };
}
