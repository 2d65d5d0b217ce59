import { Router, type Request, type Response } from 'express';
import type { RemediationServices } from './remediation.service.ts';
import type { ScoreService } from '../scores/score.service.ts';
import { rescoreAfterChange } from '../scores/rescore.trigger.ts';
import { STYLES } from './view.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { parseInput } from '../http/validate.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';
import {
  amendmentSchema, assignSchema, caseCreateSchema, caseFieldsSchema, caseListSchema, caseworkSettingsSchema, closeCaseSchema,
  followupSchema, protectionSchema, referralOutcomeSchema, referralSchema,
} from './remediation.schema.ts';
import { CASE_STATUSES, CLOSURE_REASONS, REFERRAL_OUTCOMES, SEXES, SITUATIONS } from './remediation.types.ts';
import { actorToday } from '../dates/local-day.ts';
import { pager } from './pager.ts';

/** Child cases: the register for owners and admins, the case itself for its named case workers only. */
export function caseRoutes(deps: { remediation: RemediationServices; scores?: ScoreService }): Router {
  const { cases, caseLoop } = deps.remediation;
  const r = Router();
  const issuesOf = (req: Request, e: ValidationFailed) => e.issues.map((i) => req.t(i.key, i.params));

  r.get('/cases', requireActor, requirePermission('cases.read'), async (req, res) => {
    const f = caseListSchema.parse(req.query);
    const data = await cases.list(actorOf(req), f);
    res.render('remediation/cases', { styles: STYLES, title: req.t('remediation.cases.title'), ...data, filter: f, statuses: CASE_STATUSES, pager: pager('/cases', f, data.page, data.pages) });
  });

  /**
   * The site is a type-ahead field (suppliers/site-lookup) holding typed text; a form shown
   * again keeps that text, or shows the site an API client sent by id.
   */
  async function renderNew(req: Request, res: Response, extra: { issues?: string[]; form?: Record<string, unknown> } = {}) {
    const actor = actorOf(req);
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const form = extra.form ?? { findingId: str(req.query.findingId), siteId: str(req.query.siteId), identifiedOn: actorToday(actor), caseWorkerId: actor.userId };
    const { siteLabel, ...choices } = await cases.formChoices(actor, { siteId: str(form.siteId), findingId: str(form.findingId) });
    res.render('remediation/case-new', {
      styles: STYLES, scripts: ['/static/build/supplier-lookup.js'], title: req.t('remediation.cases.new'), ...choices, sexes: SEXES, situations: SITUATIONS,
      issues: extra.issues, form: { ...form, site: str(form.site) ?? siteLabel ?? '' },
    });
  }

  r.get('/cases/new', requireActor, requirePermission('cases.manage'), (req, res) => renderNew(req, res));

  /**
   * Resolves the typed site so the form works without JavaScript; API clients may send siteId
   * instead. An unresolved site is reported with the other fields' errors, once.
   */
  async function parseCreate(req: Request) {
    const body = { ...(req.body ?? {}) } as Record<string, unknown>;
    let siteIssues: ValidationFailed['issues'] = [];
    if (!body.siteId && typeof body.site === 'string') {
      try {
        body.siteId = await cases.resolveSite(actorOf(req), body.site);
      } catch (e) {
        if (!(e instanceof ValidationFailed)) throw e;
        siteIssues = e.issues;
      }
    }
    let input;
    try {
      input = parseInput(caseCreateSchema, body);
    } catch (e) {
      // The unresolved site leaves siteId empty: the schema's error on it would repeat the lookup's.
      if (e instanceof ValidationFailed && siteIssues.length) throw new ValidationFailed([...siteIssues, ...e.issues.filter((i) => i.field !== 'siteId')]);
      throw e;
    }
    if (siteIssues.length) throw new ValidationFailed(siteIssues);
    return input;
  }

  r.post('/cases', requireActor, requirePermission('cases.manage'), async (req, res) => {
    try {
      const input = await parseCreate(req);
      const id = await cases.create(actorOf(req), {
        ...input, findingId: input.findingId ?? null, notes: input.notes ?? null, identifiedOn: input.identifiedOn ?? actorToday(actorOf(req)),
      });
      await rescoreAfterChange(deps.scores, req, { caseId: id });
      flash(req, 'success', 'remediation.cases.created');
      // The creator may have named someone else: only that case worker opens the case.
      res.redirect(`/cases/${id}/workers`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await renderNew(req, res, { issues: issuesOf(req, e), form: req.body });
    }
  });

  async function renderSettings(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const settings = await cases.settings(actorOf(req));
    res.render('remediation/case-settings', { styles: STYLES, title: req.t('casework.settings.title'), settings, ...extra });
  }

  r.get('/cases/settings', requireActor, requirePermission('cases.manage'), (req, res) => renderSettings(req, res));

  r.post('/cases/settings', requireActor, requirePermission('cases.manage'), async (req, res) => {
    try {
      await cases.saveSettings(actorOf(req), parseInput(caseworkSettingsSchema, req.body));
      flash(req, 'success', 'casework.settings.saved');
      res.redirect('/cases/settings');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await renderSettings(req, res, { issues: issuesOf(req, e), settings: { retention_months: req.body?.retentionMonths, privacy_notice_url: req.body?.privacyNoticeUrl } });
    }
  });

  async function renderWorkers(req: Request, res: Response, id: string, extra: Record<string, unknown> = {}) {
    const data = await cases.register(actorOf(req), id);
    res.render('remediation/case-workers', { styles: STYLES, title: req.t('casework.workers.title'), ...data, ...extra });
  }

  r.get('/cases/:id/workers', requireActor, requirePermission('cases.manage'), (req, res) => renderWorkers(req, res, uuidParam(req.params.id)));

  r.post('/cases/:id/workers', requireActor, requirePermission('cases.manage'), async (req, res) => {
    const id = uuidParam(req.params.id);
    try {
      await cases.assign(actorOf(req), id, parseInput(assignSchema, req.body).caseWorkerId);
      flash(req, 'success', 'casework.workers.assigned');
      res.redirect(`/cases/${id}/workers`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await renderWorkers(req, res, id, { issues: issuesOf(req, e) });
    }
  });

  r.post('/cases/:id/workers/:userId/remove', requireActor, requirePermission('cases.manage'), async (req, res) => {
    const id = uuidParam(req.params.id);
    try {
      await cases.unassign(actorOf(req), id, uuidParam(req.params.userId));
      flash(req, 'success', 'casework.workers.removed');
      res.redirect(`/cases/${id}/workers`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await renderWorkers(req, res, id, { issues: issuesOf(req, e) });
    }
  });

  async function renderCase(req: Request, res: Response, id: string, extra: Record<string, unknown> = {}) {
    const data = await cases.detail(actorOf(req), id);
    res.render('remediation/case', {
      styles: STYLES, title: req.t('remediation.cases.caseTitle', { age: data.childCase.age }), ...data, today: actorToday(actorOf(req)), canWork: true,
      sexes: SEXES, situations: SITUATIONS, outcomes: REFERRAL_OUTCOMES, closureReasons: CLOSURE_REASONS, ...extra,
    });
  }

  r.get('/cases/:id', requireActor, requirePermission('cases.read'), (req, res) => renderCase(req, res, uuidParam(req.params.id)));

  /** Runs a case change; a validation problem re-renders the case page with the messages. */
  async function change(req: Request, res: Response, id: string, run: () => Promise<unknown>, done: string) {
    try {
      await run();
      await rescoreAfterChange(deps.scores, req, { caseId: id });
      flash(req, 'success', done);
      res.redirect(`/cases/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await renderCase(req, res, id, { issues: issuesOf(req, e) });
    }
  }

  const caseChange = (path: string, done: string, run: (req: Request, id: string) => Promise<unknown>) =>
    r.post(path, requireActor, requirePermission('cases.read'), async (req, res) => {
      const id = uuidParam(req.params.id);
      await change(req, res, id, () => run(req, id), done);
    });

  caseChange('/cases/:id', 'remediation.cases.updated', (req, id) => {
    const input = parseInput(caseFieldsSchema, req.body);
    return cases.update(actorOf(req), id, { ...input, notes: input.notes ?? null });
  });
  caseChange('/cases/:id/protection', 'casework.protection.saved', (req, id) => caseLoop.protect(actorOf(req), id, parseInput(protectionSchema, req.body)));
  caseChange('/cases/:id/referrals', 'remediation.cases.referred', (req, id) => caseLoop.refer(actorOf(req), id, parseInput(referralSchema, req.body)));
  caseChange('/cases/:id/followups', 'remediation.cases.followupAdded', (req, id) => caseLoop.addFollowup(actorOf(req), id, parseInput(followupSchema, req.body)));
  caseChange('/cases/:id/close', 'remediation.cases.closed', (req, id) => {
    const input = parseInput(closeCaseSchema, req.body);
    return caseLoop.close(actorOf(req), id, input.reason, input.closureNote);
  });

  r.post('/cases/referrals/:id/outcome', requireActor, requirePermission('cases.read'), async (req, res) => {
    const { outcome } = parseInput(referralOutcomeSchema, req.body);
    const caseId = await caseLoop.setReferralOutcome(actorOf(req), uuidParam(req.params.id), outcome);
    flash(req, 'success', 'remediation.cases.referralUpdated');
    res.redirect(`/cases/${caseId}`);
  });

  r.post('/cases/followups/:id/amend', requireActor, requirePermission('cases.read'), async (req, res) => {
    const input = parseInput(amendmentSchema, req.body);
    const caseId = await caseLoop.amendFollowup(actorOf(req), uuidParam(req.params.id), input);
    flash(req, 'success', 'casework.amend.saved');
    res.redirect(`/cases/${caseId}`);
  });

  return r;
}
