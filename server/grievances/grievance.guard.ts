import type { RequestHandler } from 'express';

/** The public channel's paths: no session, no CSRF token, no IP in logs or audit. */
export const PUBLIC_PREFIX = '/g/';
export const isPublicGrievancePath = (path: string): boolean => path.startsWith(PUBLIC_PREFIX);

/** The form's trap field: hidden from people (CSS and aria-hidden), filled by bots. */
export const HONEYPOT_FIELD = 'website';

/**
 * Submissions per address per window, counted in this process's memory only: the
 * address is the key of a counter that expires, never written anywhere. Behind several
 * web processes each keeps its own count, which is a looser limit, not a leak.
 */
export function createSubmissionLimiter(opts: { limit: number; windowMs: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const hits = new Map<string, number[]>();

  function allow(key: string): boolean {
    const t = now();
    const recent = (hits.get(key) ?? []).filter((at) => t - at < opts.windowMs);
    if (recent.length >= opts.limit) {
      hits.set(key, recent);
      return false;
    }
    recent.push(t);
    hits.set(key, recent);
    if (hits.size > 10_000) prune(t);
    return true;
  }

  function prune(t: number) {
    for (const [k, list] of hits) if (list.every((at) => t - at >= opts.windowMs)) hits.delete(k);
  }

  return { allow, size: () => hits.size };
}

export type SubmissionLimiter = ReturnType<typeof createSubmissionLimiter>;

export function limitSubmissions(limiter: SubmissionLimiter, onLimited: RequestHandler): RequestHandler {
  return (req, res, next) => (limiter.allow(req.ip ?? 'unknown') ? next() : onLimited(req, res, next));
}

/**
 * pino-http's request serializer, minus who sent it on the public channel: no address,
 * no port, no headers (user agent, forwarded-for), and no query string.
 */
export function withoutReporterTrace<T extends { url?: string }>(req: T): T | { id?: unknown; method?: unknown; url: string } {
  const url = req.url ?? '';
  if (!isPublicGrievancePath(url)) return req;
  const r = req as T & { id?: unknown; method?: unknown };
  return { id: r.id, method: r.method, url: url.split('?')[0] };
}
