import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signing as the large payment APIs do: `Vigia-Signature: t=<unix seconds>,v1=<hex>`, where
 * v1 = HMAC-SHA256(secret, "<t>.<raw body>"). The timestamp inside the signed text lets a
 * receiver refuse replays older than its window (5 minutes by default).
 */
export const SIGNATURE_HEADER = 'Vigia-Signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signatureFor(secret: string, body: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, body: string, now = Date.now()): string {
  const t = Math.floor(now / 1000);
  return `t=${t},v1=${signatureFor(secret, body, t)}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'malformed' | 'mismatch' | 'expired' };

/** What a receiver does (and the tests do): recompute, compare in constant time, check the age. */
export function verifySignature(secret: string, body: string, header: string | undefined, opts: { now?: number; toleranceSeconds?: number } = {}): VerifyResult {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(signatureFor(secret, body, t), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'))) return { ok: false, reason: 'mismatch' };
  const age = Math.abs(Math.floor((opts.now ?? Date.now()) / 1000) - t);
  if (age > (opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: 'expired' };
  return { ok: true };
}
