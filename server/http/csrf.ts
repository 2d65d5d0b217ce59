import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { csrfSync } from 'csrf-sync';

const COOKIE = 'vigia.csrf';
const ANON_TOKEN = Symbol('anonymous-csrf-token');
type WithAnonToken = Request & { [ANON_TOKEN]?: string };

/**
 * CSRF tokens without a session row for anonymous visitors: a signed-in user's token is
 * derived from their session id (an HMAC with the app's secret, so it changes whenever the
 * session is regenerated at sign-in); a visitor's (sign-in, reset, invitation and portal
 * forms) lives in a signed cookie that the form must repeat (double submit). A session is
 * then created only when someone signs in or a message must survive a redirect.
 * Derived rather than stored: two pages rendered at once for a fresh session each stored a
 * token of their own, and the form of the one saved first was then refused as forged.
 */
export function csrfProtection(opts: { secret: string; secureCookies: boolean }) {
  const sign = (token: string) => createHmac('sha256', opts.secret).update(`csrf:${token}`).digest('base64url');
  const sessionToken = (sid: string) => createHmac('sha256', opts.secret).update(`csrf-session:${sid}`).digest('base64url');

  function anonymousToken(req: WithAnonToken): string | undefined {
    if (req[ANON_TOKEN]) return req[ANON_TOKEN];
    const raw = new RegExp(`(?:^|;\\s*)${COOKIE.replace('.', '\\.')}=([^;]+)`).exec(req.headers.cookie ?? '')?.[1];
    const [token, mac] = (raw ?? '').split('.');
    if (!token || !mac) return undefined;
    const expected = Buffer.from(sign(token));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given) ? token : undefined;
  }

  return csrfSync({
    // Multipart uploads carry the token in a header or the query string.
    getTokenFromRequest: (req) => (req.body?._csrf as string) ?? (req.headers['x-csrf-token'] as string) ?? (req.query?._csrf as string),
    getTokenFromState: (req) => {
      if (req.user && req.sessionID) return sessionToken(req.sessionID);
      if (typeof req.session?.csrfToken === 'string') return req.session.csrfToken;
      // A visitor's cookie token never authorises a signed-in user's request.
      return req.user ? undefined : anonymousToken(req);
    },
    storeTokenInState: (req, token) => {
      if (req.user && req.sessionID) return; // derived from the session id: nothing to store
      if (req.user || typeof req.session?.csrfToken === 'string' || !token) {
        if (req.session) req.session.csrfToken = token;
        return;
      }
      (req as WithAnonToken)[ANON_TOKEN] = token;
      req.res?.cookie(COOKIE, `${token}.${sign(token)}`, { httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, path: '/' });
    },
    size: 32,
  });
}
