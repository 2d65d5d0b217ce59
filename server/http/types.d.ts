import type { Actor, OrgAccess, SessionUser } from '../auth/actor.ts';
import type { Locale, Translate } from '../i18n/index.ts';
import type { RequestContext } from '../auth/request-context.ts';

declare global {
  namespace Express {
    // passport's req.user
    interface User extends SessionUser {}
    interface Request {
      id: string;
      locale: Locale;
      t: Translate;
      actor?: Actor;
      orgAccess?: OrgAccess[];
      /** Read with the session (see auth/request-context.ts). */
      requestContext?: RequestContext;
    }
  }
}

declare module 'express-session' {
  interface SessionData {
    orgId?: string;
    flash?: { kind: 'success' | 'error' | 'info'; key: string; params?: Record<string, unknown> }[];
    csrfToken?: string;
    /** The user whose second factor passed in this session (see auth/two-factor.gate.ts). */
    twoFactorUserId?: string;
    /** An OpenID Connect sign-in under way: what the callback must find again. */
    sso?: { orgId: string; state: string; nonce: string; codeVerifier: string; next: string; startedAt: number };
  }
}

export {};
