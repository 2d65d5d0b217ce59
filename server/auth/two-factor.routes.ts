import { Router, type Request, type Response } from 'express';
import type { TwoFactorService, CodeCheck } from './two-factor.service.ts';
import { CODE_LOCK_MINUTES } from './two-factor.service.ts';
import { TWO_FACTOR_ACCOUNT_PATH, TWO_FACTOR_LOGIN_PATH } from './two-factor.gate.ts';
import { safeNext } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';

const CODE_STATUS: Record<Exclude<CodeCheck, 'ok'>, number> = { invalid: 401, locked: 429 };
const codeError = (req: Request, r: Exclude<CodeCheck, 'ok'>) =>
  req.t(r === 'locked' ? 'twoFactor.errors.locked' : 'twoFactor.errors.invalidCode', { minutes: CODE_LOCK_MINUTES });

/** The code step of sign-in, and each user's own enrolment, recovery codes and switching off. */
export function twoFactorRoutes(deps: { twoFactor: TwoFactorService }): Router {
  const { twoFactor } = deps;
  const r = Router();

  const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store');

  r.get(TWO_FACTOR_LOGIN_PATH, (req, res) => {
    if (!req.user) return res.redirect('/login');
    res.render('auth/two-factor', { title: req.t('twoFactor.login.title'), next: safeNext(req.query.next, '/'), bare: true });
  });

  r.post(TWO_FACTOR_LOGIN_PATH, async (req, res, next) => {
    const user = req.user;
    if (!user) return res.redirect('/login');
    const result = await twoFactor.verifySignIn(user.id, String(req.body?.code ?? ''), req.ip ?? null);
    const target = safeNext(req.body?.next, '/');
    if (result !== 'ok') {
      res.status(CODE_STATUS[result]).render('auth/two-factor', { title: req.t('twoFactor.login.title'), next: target, error: codeError(req, result), bare: true });
      return;
    }
    // A fresh session id once fully signed in (passport regenerates on login).
    req.login(user, (err) => {
      if (err) return next(err);
      req.session.twoFactorUserId = user.id;
      res.redirect(target);
    });
  });

  r.get(TWO_FACTOR_ACCOUNT_PATH, async (req, res) => {
    if (!req.user) return res.redirect(`/login?next=${encodeURIComponent(TWO_FACTOR_ACCOUNT_PATH)}`);
    noStore(res);
    const status = await twoFactor.status(req.user.id);
    const enrolment = status.enabled ? null : await twoFactor.enrolment(req.user);
    res.render('account/two-factor', { title: req.t('twoFactor.account.title'), status, enrolment, bare: res.locals.twoFactorForced });
  });

  r.post(`${TWO_FACTOR_ACCOUNT_PATH}/confirm`, async (req, res) => {
    const user = req.user;
    if (!user) return res.redirect('/login');
    noStore(res);
    const { result, recoveryCodes } = await twoFactor.confirmEnrolment(user.id, String(req.body?.code ?? ''), req.ip ?? null);
    if (result !== 'ok') {
      const status = await twoFactor.status(user.id);
      res.status(result === 'locked' ? 429 : 422).render('account/two-factor', {
        title: req.t('twoFactor.account.title'), status, enrolment: await twoFactor.enrolment(user), error: codeError(req, result), bare: res.locals.twoFactorForced,
      });
      return;
    }
    // This session just proved the factor; other sessions will be asked for a code.
    req.session.twoFactorUserId = user.id;
    res.render('account/recovery-codes', { title: req.t('twoFactor.recovery.title'), recoveryCodes });
  });

  r.post(`${TWO_FACTOR_ACCOUNT_PATH}/recovery-codes`, async (req, res) => {
    const user = req.user;
    if (!user) return res.redirect('/login');
    noStore(res);
    const { result, recoveryCodes } = await twoFactor.regenerateRecoveryCodes(user.id, String(req.body?.code ?? ''), req.ip ?? null);
    if (result !== 'ok') {
      res.status(CODE_STATUS[result]).render('account/two-factor', {
        title: req.t('twoFactor.account.title'), status: await twoFactor.status(user.id), error: codeError(req, result),
      });
      return;
    }
    res.render('account/recovery-codes', { title: req.t('twoFactor.recovery.title'), recoveryCodes, regenerated: true });
  });

  r.post(`${TWO_FACTOR_ACCOUNT_PATH}/disable`, async (req, res) => {
    const user = req.user;
    if (!user) return res.redirect('/login');
    try {
      const result = await twoFactor.disable(user.id, { password: String(req.body?.password ?? ''), code: String(req.body?.code ?? '') }, req.ip ?? null);
      if (result !== 'ok') {
        res.status(CODE_STATUS[result]).render('account/two-factor', {
          title: req.t('twoFactor.account.title'), status: await twoFactor.status(user.id), error: codeError(req, result),
        });
        return;
      }
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422).render('account/two-factor', {
        title: req.t('twoFactor.account.title'), status: await twoFactor.status(user.id), error: e.issues.map((i) => req.t(i.key)).join(' '),
      });
      return;
    }
    delete req.session.twoFactorUserId;
    flash(req, 'success', 'twoFactor.account.disabled');
    res.redirect(TWO_FACTOR_ACCOUNT_PATH);
  });

  return r;
}
