import { Router, type Request, type Response, type NextFunction } from 'express';
import { parseInput } from '../http/validate.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed, NotFound } from '../errors.ts';
import { formatDay } from '../assessments/assessment.mail.ts';
import type { ShareService } from '../sharing/share.service.ts';
import { LinkClosed, type SupplierAccountService } from './supplier-account.service.ts';
import type { SupplierAccountRow } from './supplier-account.queries.ts';
import { claimSchema, verifySchema } from './supplier-account.schema.ts';
import { shareSchema } from '../sharing/share.schema.ts';

declare module 'express-session' {
  interface SessionData {
    /** A verified supplier account (RFC + e-mail) signed in on the supplier portal. */
    supplierAccountId?: string;
  }
}

/**
 * The supplier portal with an account: claim by RFC and e-mail, confirm by a single-use
 * link, then one inbox of every request received, and consent to share.
 */
export function supplierAccountRoutes(deps: { supplierAccounts: SupplierAccountService; shares: ShareService }): Router {
  const { supplierAccounts, shares } = deps;
  const r = Router();
  const page = { bare: true, styles: ['/static/build/assessments.css'] };

  async function requireAccount(req: Request, res: Response, next: NextFunction) {
    const id = req.session?.supplierAccountId;
    if (!id) return res.redirect(303, '/supplier/claim');
    try {
      res.locals.supplierAccount = await supplierAccounts.account(id);
    } catch (e) {
      if (!(e instanceof NotFound)) throw e;
      delete req.session.supplierAccountId;
      return res.redirect(303, '/supplier/claim');
    }
    next();
  }
  const accountOf = (res: Response) => res.locals.supplierAccount as SupplierAccountRow;

  function renderClaim(req: Request, res: Response, form: Record<string, unknown> = {}, issues: { field?: string; message: string }[] = []) {
    res.render('supplier/claim', {
      ...page, title: req.t('sharing.claim.title'), form, issues,
      rfcError: issues.find((i) => i.field === 'rfc')?.message, emailError: issues.find((i) => i.field === 'email')?.message,
    });
  }

  r.get('/supplier', (req, res) => res.redirect(303, req.session?.supplierAccountId ? '/supplier/inbox' : '/supplier/claim'));
  r.get('/supplier/claim', (req, res) => renderClaim(req, res));

  r.post('/supplier/claim', async (req, res) => {
    try {
      const input = parseInput(claimSchema, req.body);
      await supplierAccounts.claim(input, req.locale);
      res.render('supplier/claim-sent', { ...page, title: req.t('sharing.claim.title'), email: input.email });
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      renderClaim(req, res, req.body ?? {}, e.issues.map((i) => ({ field: i.field, message: req.t(i.key, i.params) })));
    }
  });

  // The link only shows a button: mail scanners that open links must not use it up.
  // A used, expired or unknown link gets its own page (410) with the way to a new one.
  function linkClosed(req: Request, res: Response, e: unknown) {
    if (!(e instanceof LinkClosed)) throw e;
    res.status(410).render('supplier/link-closed', { ...page, title: req.t('sharing.verify.title') });
  }

  r.get('/supplier/verify/:token', async (req, res) => {
    const { token } = parseInput(verifySchema, { token: req.params.token });
    try {
      await supplierAccounts.checkToken(token);
    } catch (e) {
      return linkClosed(req, res, e);
    }
    res.render('supplier/verify', { ...page, title: req.t('sharing.verify.title'), token });
  });

  r.post('/supplier/verify', async (req, res) => {
    const { token } = parseInput(verifySchema, req.body);
    let accountId: string;
    try {
      accountId = await supplierAccounts.verify(token);
    } catch (e) {
      return linkClosed(req, res, e);
    }
    // A new session id on sign-in, so a planted session cannot ride on it.
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.supplierAccountId = accountId;
    flash(req, 'success', 'sharing.flash.verified');
    res.redirect(303, '/supplier/inbox');
  });

  r.get('/supplier/inbox', requireAccount, async (req, res) => {
    const account = accountOf(res);
    const data = await shares.overview(account);
    const title = (x: { title_es: string; title_en: string }) => (req.locale === 'en' ? x.title_en : x.title_es);
    const items = data.items.map((i) => ({
      ...i, title: title(i), dueLabel: i.due_date ? formatDay(i.due_date, req.locale) : '—',
      shareableFrom: i.shareableFrom.map((s) => ({ id: s.id, orgName: s.org_name, reviewedAt: s.reviewed_at })),
    }));
    const sharesView = data.shares.map((s) => ({
      ...s, targetOrg: s.target?.org_name ?? '—', sourceOrg: s.source?.org_name ?? '—', title: s.target ? title(s.target) : '—',
      revocable: s.status === 'offered',
    }));
    res.render('supplier/inbox', { ...page, title: req.t('sharing.inbox.title'), account, items, shares: sharesView });
  });

  r.post('/supplier/shares', requireAccount, async (req, res) => {
    await shares.offer(accountOf(res), parseInput(shareSchema, req.body), req.ip);
    flash(req, 'success', 'sharing.flash.shared');
    res.redirect(303, '/supplier/inbox');
  });

  r.post('/supplier/shares/:id/revoke', requireAccount, async (req, res) => {
    await shares.revoke(accountOf(res), uuidParam(req.params.id), req.ip);
    flash(req, 'success', 'sharing.flash.revoked');
    res.redirect(303, '/supplier/inbox');
  });

  r.post('/supplier/sign-out', (req, res) => {
    delete req.session.supplierAccountId;
    res.redirect(303, '/supplier/claim');
  });

  return r;
}
