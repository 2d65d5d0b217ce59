import { Router, type Request, type Response } from 'express';
import rateLimit from 'express-rate-limit';
import type passport from 'passport';
import { LOCK_MINUTES, type AuthService } from './auth.service.ts';
import { safeNext } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { LOCALES, pickLocale } from '../i18n/index.ts';
import { ValidationFailed } from '../errors.ts';

/** Requests per 15 minutes. Sign-in limits count failures only, so an office behind one address is not locked out. */
export interface AuthLimits {
  /** Failed sign-ins per IP address. */
  loginPerIp: number;
  /** Failed sign-ins per e-mail address, whatever the IP (also for addresses with no account). */
  loginPerAccount: number;
  /** Password-reset requests and reset-form submissions per IP address. */
  resetPerIp: number;
}

const WINDOW_MS = 15 * 60_000;

export function authRoutes(deps: { auth: AuthService; passport: passport.PassportStatic; limits: AuthLimits }): Router {
  const { auth, passport, limits } = deps;
  const r = Router();

  const tooMany = (view: string, titleKey: string) => (req: Request, res: Response) => {
    res.status(429).render(view, { title: req.t(titleKey), error: req.t('errors.tooManyRequests'), bare: true });
  };
  const common = { windowMs: WINDOW_MS, standardHeaders: 'draft-7', legacyHeaders: false } as const;
  // Sign-in: a 302 is a success and is not counted; 401 (and 429) are.
  const loginByIp = rateLimit({ ...common, limit: limits.loginPerIp, skipSuccessfulRequests: true, handler: tooMany('auth/login', 'auth.login.title') });
  const loginByAccount = rateLimit({
    ...common, limit: limits.loginPerAccount, skipSuccessfulRequests: true, handler: tooMany('auth/login', 'auth.login.title'),
    keyGenerator: (req) => `account:${String(req.body?.email ?? '').trim().toLowerCase().slice(0, 320)}`,
  });
  const resetByIp = rateLimit({ ...common, limit: limits.resetPerIp, handler: tooMany('auth/forgot', 'auth.forgot.title') });

  r.get('/login', (req, res) => {
    if (req.user) return res.redirect('/');
    res.render('auth/login', { title: req.t('auth.login.title'), next: safeNext(req.query.next, ''), bare: true });
  });

  r.post('/login', loginByIp, loginByAccount, (req, res, next) => {
    passport.authenticate('local', (err: unknown, user: Express.User | false) => {
      if (err) return next(err);
      if (!user) {
        // One answer for a wrong password, an unknown address and a locked account (the audit log
        // records which): the message must not tell who has an account.
        res.status(401).render('auth/login', {
          title: req.t('auth.login.title'), error: req.t('auth.errors.invalid', { minutes: LOCK_MINUTES }), email: req.body?.email, next: safeNext(req.body?.next, ''), bare: true,
        });
        return;
      }
      req.login(user, (loginErr) => {
        if (loginErr) return next(loginErr);
        res.redirect(safeNext(req.body?.next, '/'));
      });
    })(req, res, next);
  });

  r.post('/logout', async (req, res, next) => {
    if (req.user) await auth.logout(req.user.id, req.ip ?? null);
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy(() => res.redirect('/login'));
    });
  });

  // Ends every session of this user, this one included.
  r.post('/logout/everywhere', async (req, res, next) => {
    if (!req.user) return res.redirect('/login');
    await auth.signOutEverywhere(req.user.id, req.ip ?? null);
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy(() => res.redirect('/login'));
    });
  });

  r.get('/forgot', (req, res) => res.render('auth/forgot', { title: req.t('auth.forgot.title'), bare: true }));

  r.post('/forgot', resetByIp, async (req, res) => {
    const email = String(req.body?.email ?? '').trim();
    if (email) await auth.requestPasswordReset(email, req.ip ?? null);
    res.render('auth/forgot', { title: req.t('auth.forgot.title'), sent: true, bare: true });
  });

  r.get('/reset/:token', async (req, res) => {
    const valid = await auth.isResetTokenValid(req.params.token);
    res.status(valid ? 200 : 404).render('auth/reset', { title: req.t('auth.reset.title'), token: req.params.token, invalid: !valid, bare: true });
  });

  r.post('/reset/:token', resetByIp, async (req, res) => {
    try {
      const ok = await auth.resetPassword(String(req.params.token), String(req.body?.password ?? ''), String(req.body?.confirm ?? ''), req.ip ?? null);
      if (!ok) {
        res.status(404).render('auth/reset', { title: req.t('auth.reset.title'), invalid: true, bare: true });
        return;
      }
      flash(req, 'success', 'auth.reset.done');
      res.redirect('/login');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422).render('auth/reset', {
        title: req.t('auth.reset.title'), token: req.params.token, bare: true,
        issues: e.issues.map((i) => req.t(i.key, i.params)),
      });
    }
  });

  r.get('/lang/:locale', async (req, res) => {
    const locale = pickLocale(req.params.locale);
    if (!(LOCALES as readonly string[]).includes(locale)) return res.redirect('/');
    res.cookie('lang', locale, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 86400_000 });
    if (req.user) await auth.setLocale(req.user.id, locale);
    res.redirect(safeNext(req.query.next, '/'));
  });

  return r;
}
