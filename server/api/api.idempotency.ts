import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Database, Queryable } from '../db/types.ts';
import { dbContext } from '../auth/actor.ts';
import { Conflict, ValidationFailed } from '../errors.ts';

interface StoredResponse {
  request_hash: string;
  status: number;
  body: unknown;
}

/** How long a key is remembered: retries come within minutes; a day covers a client's outage. */
const RETENTION = `interval '24 hours'`;
/** A claim whose request never finished (the process died) stops blocking retries after this. */
const STALE_CLAIM = `interval '2 minutes'`;
/** Status of a claimed key whose first request is still running. */
const IN_PROGRESS = 0;

/** Claims the key for this request; false when it is already taken (then read it). */
async function claim(q: Queryable, row: { key: string; hash: string; apiKeyId: string | null }): Promise<boolean> {
  // Forget this organisation's expired keys and dead claims (RLS scopes the delete).
  await q.query(
    `DELETE FROM api_idempotency_keys
      WHERE created_at <= now() - ${RETENTION} OR (status = ${IN_PROGRESS} AND created_at <= now() - ${STALE_CLAIM})`,
  );
  const r = await q.query(
    `INSERT INTO api_idempotency_keys (organization_id, key, request_hash, status, body, api_key_id)
     VALUES (app_org(), $1, $2, ${IN_PROGRESS}, 'null', $3) ON CONFLICT (organization_id, key) DO NOTHING RETURNING key`,
    [row.key, row.hash, row.apiKeyId],
  );
  return r.rowCount > 0;
}

async function findStored(q: Queryable, key: string) {
  const r = await q.query<StoredResponse>(`SELECT request_hash, status, body FROM api_idempotency_keys WHERE key = $1`, [key]);
  return r.rows[0];
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
 * `Idempotency-Key` on POST: the key is claimed before the request runs, and its first
 * successful response stored per organisation, so a retry with the same request gets it
 * again (`Idempotent-Replayed: true`) instead of creating twice; a retry while the first
 * is still running gets 409; the same key with a different request is a 422. A request
 * that fails releases the key, so the client may retry after fixing the cause. Keys are
 * remembered for 24 hours.
 */
export function idempotency(db: Database): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('Idempotency-Key');
    if (key === undefined) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new ValidationFailed([{ field: 'Idempotency-Key', key: 'api.errors.idempotencyKey' }]);
    const ctx = dbContext(req.actor!);
    const hash = requestHash(req.method, req.path, req.body);
    if (!(await db.tx(ctx, (q) => claim(q, { key, hash, apiKeyId: req.actor!.apiKeyId ?? null })))) {
      const stored = await db.tx(ctx, (q) => findStored(q, key));
      if (!stored || stored.status === IN_PROGRESS) throw new Conflict('api.errors.idempotencyInProgress');
      if (stored.request_hash !== hash) throw new ValidationFailed([{ field: 'Idempotency-Key', key: 'api.errors.idempotencyMismatch' }]);
      res.setHeader('Idempotent-Replayed', 'true');
      res.status(stored.status).json(stored.body);
      return;
    }
    let kept = false;
    const send = res.json.bind(res);
    res.json = ((body: unknown) => {
      if (res.statusCode < 200 || res.statusCode >= 300) return send(body);
      db.tx(ctx, (q) => q.query(`UPDATE api_idempotency_keys SET status = $2, body = $3 WHERE key = $1`, [key, res.statusCode, JSON.stringify(body)])).then(
        () => ((kept = true), send(body)),
        (err) => next(err),
      );
      return res;
    }) as typeof res.json;
    // Errors (and anything but a stored success) release the claim.
    res.on('finish', () => {
      if (kept) return;
      db.tx(ctx, (q) => q.query(`DELETE FROM api_idempotency_keys WHERE key = $1 AND status = ${IN_PROGRESS}`, [key])).catch((err) =>
        req.log?.error({ err }, 'could not release an idempotency key'),
      );
    });
    next();
  };
}
