import { Router, type Request, type Response } from 'express';
import rateLimit from 'express-rate-limit';
import type { SignupService } from './signup.service.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';

/** Name of the hidden field people never fill in and form-filling robots do. */
export const HONEYPOT_FIELD = 'website';

export function signupRoutes(deps: { signup: SignupService; signupLimit: number }): Router {
  const { signup } = deps;
  const r = Router();

  // Per address: each sign-up sends an e-mail and hashes a password.
  const limiter = rateLimit({
    windowMs: 60 * 60_000,
    limit: deps.signupLimit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => {
      res.status(429).render('signup/new', { title: req.t('signup.title'), error: req.t('errors.tooManyRequests'), form: {}, bare: true });
    },
  });

  function renderForm(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    res.render('signup/new', { title: req.t('signup.title'), honeypot: HONEYPOT_FIELD, form: { kind: 'company' }, bare: true, ...extra });
  }

  r.get('/signup', (req, res) => {
    if (req.user) return res.redirect('/');
    renderForm(req, res);
  });

  r.post('/signup', limiter, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    // A robot gets the same answer as a person, and nothing is stored or sent.
    if (String(body[HONEYPOT_FIELD] ?? '') !== '') {
      req.log?.info({ ip: req.ip }, 'sign-up honeypot filled');
      return res.render('signup/sent', { title: req.t('signup.sent.title'), bare: true });
    }
    try {
      await signup.request(body, req.locale, req.ip ?? null);
      res.render('signup/sent', { title: req.t('signup.sent.title'), bare: true });
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const errors = Object.fromEntries(e.issues.map((i) => [i.field ?? '', req.t(i.key, i.params)]));
      res.status(422);
      renderForm(req, res, {
        errors,
        issues: e.issues.map((i) => req.t(i.key, i.params)),
        form: { kind: body.kind, orgName: body.orgName, name: body.name, email: body.email },
      });
    }
  });

  // Opening the link shows a button: mail scanners that fetch links must not use it up.
  r.get('/signup/confirm/:token', async (req, res) => {
    const pending = await signup.open(req.params.token);
    res.render('signup/confirm', { title: req.t('signup.confirm.title'), pending, token: req.params.token, bare: true });
  });

  r.post('/signup/confirm/:token', async (req, res) => {
    await signup.confirm(req.params.token, req.ip ?? null);
    flash(req, 'success', 'signup.confirm.done');
    res.redirect('/login');
  });

  return r;
}
