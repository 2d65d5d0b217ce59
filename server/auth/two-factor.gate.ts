import type { RequestHandler } from 'express';
import type { TwoFactorService } from './two-factor.service.ts';
import { Forbidden, Unauthorized } from '../errors.ts';
import { contextOf } from './request-context.ts';

export const TWO_FACTOR_LOGIN_PATH = '/login/two-factor';
export const TWO_FACTOR_ACCOUNT_PATH = '/account/two-factor';

// Reachable whatever the second-factor state: leaving, and the language switch.
const OPEN = [/^\/logout$/, /^\/lang\//];

/**
 * A password (or SSO) sign-in is only the first step: while a user with a second factor
 * has not passed it in this session, every page sends them to the code step; a user who
 * must have one (platform administrator, organisation policy) and has none is sent to
 * enrol before anything else. Checked on each request, so a policy turned on applies at once.
 */
export function twoFactorGate(twoFactor: TwoFactorService): RequestHandler {
  return async (req, res, next) => {
    if (!req.user || OPEN.some((re) => re.test(req.path))) return next();
    const state = contextOf(req, req.user.id)?.twoFactor ?? (await twoFactor.gateState(req.user.id));
    const api = req.path.startsWith('/api/');
    if (state.enabled && req.session.twoFactorUserId !== req.user.id) {
      if (req.path === TWO_FACTOR_LOGIN_PATH) return next();
      if (api) throw new Unauthorized();
      return res.redirect(`${TWO_FACTOR_LOGIN_PATH}?next=${encodeURIComponent(req.originalUrl)}`);
    }
    if (!state.enabled && state.required) {
      // The enrolment page itself says why (twoFactorForced).
      res.locals.twoFactorForced = true;
      if (req.path.startsWith(TWO_FACTOR_ACCOUNT_PATH)) return next();
      if (api) throw new Forbidden('twoFactor.enrol.required');
      return res.redirect(TWO_FACTOR_ACCOUNT_PATH);
    }
    next();
  };
}
