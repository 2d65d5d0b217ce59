import { Router, type Request, type Response } from 'express';
import rateLimit from 'express-rate-limit';
import type { AuthService } from '../auth/auth.service.ts';
import type { Logger } from '../logger.ts';
import { actorOf, requireActor } from '../http/tenant.ts';
import { requirePermission } from '../http/tenant.ts';
import { safeNext } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { DomainError, ValidationFailed } from '../errors.ts';
import { SSO_CALLBACK_PATH, SsoRefused, type SsoService } from './sso.service.ts';

const ROLES = ['viewer', 'analyst', 'admin'];
// Time to sign in at the provider before the state, nonce and verifier are forgotten.
const FLOW_TTL_MS = 15 * 60_000;

/** Organisation sign-in settings, and "Sign in with your organisation" (OpenID Connect). */
export function ssoRoutes(deps: { sso: SsoService; auth: AuthService; logger: Logger; baseUrl: string }): Router {
  const { sso, auth, logger } = deps;
  const r = Router();
  const guard = [requireActor, requirePermission('signIn.manage')];

  async function renderSettings(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const settings = await sso.settings(actorOf(req));
    const submitted = (extra.form as { defaultRole?: string } | undefined)?.defaultRole;
    const selectedRole = submitted && ROLES.includes(submitted) ? submitted : settings.sso.defaultRole;
    res.render('sso/settings', { title: req.t('sso.settings.title'), settings, roles: ROLES, selectedRole, ...extra });
  }

  r.get('/settings/sign-in', ...guard, async (req, res) => renderSettings(req, res));

  r.post('/settings/sign-in/two-factor', ...guard, async (req, res) => {
    await sso.setTwoFactorPolicy(actorOf(req), req.body);
    flash(req, 'success', 'sso.settings.saved');
    res.redirect('/settings/sign-in');
  });

  r.post('/settings/sign-in/sso', ...guard, async (req, res) => {
    try {
      await sso.saveSso(actorOf(req), req.body);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      const { clientSecret: _never, ...form } = req.body ?? {};
      await renderSettings(req, res, { issues: e.issues.map((i) => req.t(i.key, i.params)), form });
      return;
    }
    flash(req, 'success', 'sso.settings.saved');
    res.redirect('/settings/sign-in');
  });

  // Each start contacts the provider: a per-address brake.
  const limiter = rateLimit({
    windowMs: 15 * 60_000, limit: 50, standardHeaders: 'draft-7', legacyHeaders: false,
    handler: (req, res) => renderStart(req, res.status(429), { error: req.t('errors.tooManyRequests') }),
  });

  function renderStart(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    res.render('sso/start', { title: req.t('sso.start.title'), next: safeNext(req.query.next ?? req.body?.next, ''), bare: true, ...extra });
  }

  r.get('/login/sso', (req, res) => {
    if (req.user) return res.redirect('/');
    renderStart(req, res);
  });

  function startError(req: Request, res: Response, e: unknown, identifier: string) {
    const known = e instanceof DomainError;
    if (!known) logger.warn({ err: e, reqId: req.id }, 'sso: could not reach the identity provider');
    const message = e instanceof ValidationFailed ? e.issues.map((i) => req.t(i.key)).join(' ') : req.t(known ? e.key : 'sso.errors.providerUnreachable');
    renderStart(req, res.status(known ? e.status : 502), { error: message, identifier });
  }

  /**
   * Which organisation: answered with a link, not a redirect. A form may only lead to our own
   * origin (CSP form-action 'self', which browsers also apply to redirects after a form), so
   * the way to the provider starts from a plain link, whose server redirect the CSP allows.
   */
  r.post('/login/sso', limiter, async (req, res) => {
    const identifier = String(req.body?.identifier ?? '');
    try {
      const org = await sso.findOrganization(req.body);
      const query = new URLSearchParams({ org: org.slug, next: safeNext(req.body?.next, '/') });
      if (org.loginHint) query.set('hint', org.loginHint);
      res.render('sso/continue', { title: req.t('sso.start.title'), org, href: `/login/sso/go?${query}`, bare: true });
    } catch (e) {
      startError(req, res, e, identifier);
    }
  });

  // A link an organisation can also publish: /login/sso/go?org=<code>.
  r.get('/login/sso/go', limiter, async (req, res) => {
    const slug = String(req.query.org ?? '');
    try {
      const { orgId, url, checks } = await sso.start(slug, typeof req.query.hint === 'string' ? req.query.hint : undefined);
      req.session.sso = { orgId, ...checks, next: safeNext(req.query.next, '/'), startedAt: Date.now() };
      res.redirect(url.href);
    } catch (e) {
      startError(req, res, e, slug);
    }
  });

  r.get(SSO_CALLBACK_PATH, async (req, res, next) => {
    const flow = req.session.sso;
    // Single use: a replayed or forged callback finds nothing to complete.
    delete req.session.sso;
    if (!flow || Date.now() - flow.startedAt > FLOW_TTL_MS) return renderStart(req, res.status(400), { error: req.t('sso.errors.expired') });
    let userId: string;
    try {
      ({ userId } = await sso.complete(flow.orgId, new URL(req.originalUrl, deps.baseUrl), flow, req.locale, req.ip ?? null));
    } catch (e) {
      if (!(e instanceof SsoRefused)) logger.warn({ err: e, reqId: req.id }, 'sso: sign-in failed');
      const key = e instanceof SsoRefused ? e.key : 'sso.errors.failed';
      return renderStart(req, res.status(e instanceof SsoRefused ? 403 : 400), { error: req.t(key) });
    }
    const user = await auth.findUser(userId);
    if (!user) return renderStart(req, res.status(400), { error: req.t('sso.errors.failed') });
    req.login(user, (err) => {
      if (err) return next(err);
      req.session.orgId = flow.orgId;
      res.redirect(flow.next);
    });
  });

  return r;
}
