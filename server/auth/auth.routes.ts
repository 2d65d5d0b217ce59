import { Router } from 'express';
import rateLimit from 'express-rate-limit';
import type passport from 'passport';
import type { AuthService } from './auth.service.ts';
import { safeNext } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { LOCALES, pickLocale } from '../i18n/index.ts';
import { ValidationFailed } from '../errors.ts';

export function authRoutes(deps: { auth: AuthService; passport: passport.PassportStatic; loginLimit: number }): Router {
  const { auth, passport } = deps;
  const r = Router();

  // Per-IP brake in front of the per-account lockout in AuthService.
  const limiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: deps.loginLimit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => {
      res.status(429).render('auth/login', { title: req.t('auth.login.title'), error: req.t('errors.tooManyRequests'), bare: true });
    },
  });

  r.get('/login', (req, res) => {
    if (req.user) return res.redirect('/');
    res.render('auth/login', { title: req.t('auth.login.title'), next: safeNext(req.query.next, ''), bare: true });
  });

  r.post('/login', limiter, (req, res, next) => {
    passport.authenticate('local', (err: unknown, user: Express.User | false, info?: { message?: string }) => {
      if (err) return next(err);
      if (!user) {
        const key = info?.message === 'locked' ? 'auth.errors.locked' : 'auth.errors.invalid';
        res.status(401).render('auth/login', {
          title: req.t('auth.login.title'), error: req.t(key, { minutes: 15 }), email: req.body?.email, next: safeNext(req.body?.next, ''), bare: true,
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

  r.get('/forgot', (req, res) => res.render('auth/forgot', { title: req.t('auth.forgot.title'), bare: true }));

  r.post('/forgot', limiter, async (req, res) => {
    const email = String(req.body?.email ?? '').trim();
    if (email) await auth.requestPasswordReset(email, req.ip ?? null);
    res.render('auth/forgot', { title: req.t('auth.forgot.title'), sent: true, bare: true });
  });

  r.get('/reset/:token', async (req, res) => {
    const valid = await auth.isResetTokenValid(req.params.token);
    res.status(valid ? 200 : 404).render('auth/reset', { title: req.t('auth.reset.title'), token: req.params.token, invalid: !valid, bare: true });
  });

  r.post('/reset/:token', async (req, res) => {
    try {
      const ok = await auth.resetPassword(req.params.token, String(req.body?.password ?? ''), String(req.body?.confirm ?? ''), req.ip ?? null);
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
