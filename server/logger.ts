import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

const CENSOR = '[redacted]';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'vigia' },
    redact: {
      paths: [
        'req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]', 'password', '*.password',
      ],
      censor: CENSOR,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

// Links that carry a bearer secret in the path; the database keeps only their hashes, so the log must not keep them either.
const TOKEN_PATH = /^(\/(?:portal|invitations|reset|confirm|verify)\/)[^/?#]+/i;
// Any other path segment that looks like a random token (≥ 32 URL-safe characters), UUIDs excepted.
const LONG_SEGMENT = /\/(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:[/?#]|$))[A-Za-z0-9_-]{32,}(?=[/?#]|$)/gi;
const SECRET_PARAMS = new Set(['_csrf', 'token', 'key', 'code', 'state', 'password']);

/** The URL as it may be written to a log: secrets in the path or query replaced by [redacted]. */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url)?.[0] ?? '';
  if (origin) return origin + (redactUrl(url.slice(origin.length) || '/') ?? '');
  const q = url.indexOf('?');
  const pathPart = (q < 0 ? url : url.slice(0, q)).replace(TOKEN_PATH, `$1${CENSOR}`).replace(LONG_SEGMENT, `/${CENSOR}`);
  if (q < 0) return pathPart;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=')[0];
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the raw name
      }
      return SECRET_PARAMS.has(decoded.toLowerCase()) ? `${name}=${CENSOR}` : pair;
    })
    .join('&');
  return `${pathPart}?${query}`;
}

/** pino-http serializers (wrapped around the standard ones) that keep tokens out of the access log. */
export const httpLogSerializers = {
  req(req: { url?: string; headers?: Record<string, unknown>; query?: Record<string, unknown>; params?: unknown }) {
    const headers = req.headers ? { ...req.headers } : undefined;
    // A page reached through a token link sends that link as the Referer of its next request.
    if (headers && typeof headers.referer === 'string') headers.referer = redactUrl(headers.referer);
    const query = req.query
      ? Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, SECRET_PARAMS.has(k.toLowerCase()) ? CENSOR : v]))
      : undefined;
    // Route parameters repeat the path (tokens included), which `url` already shows redacted.
    const { params: _params, ...rest } = req;
    return { ...rest, url: redactUrl(req.url), headers, query };
  },
};
