import { Router, type Request, type Response } from 'express';
import type { RemediationServices } from './remediation.service.ts';
import { STYLES } from './view.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { parseInput } from '../http/validate.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';
import {
  caseCreateSchema, caseFieldsSchema, caseListSchema, closeCaseSchema, followupSchema, referralOutcomeSchema, referralSchema,
} from './remediation.schema.ts';
import { CASE_STATUSES, CLOSURE_REASONS, REFERRAL_OUTCOMES, SEXES, SITUATIONS } from './remediation.types.ts';
import { actorToday } from '../dates/local-day.ts';
import { pager } from './pager.ts';

/** Child cases: every route needs cases.read or cases.manage (owners and admins only). */
export function caseRoutes(deps: { remediation: RemediationServices }): Router {
  const { cases } = deps.remediation;
  const r = Router();
  const issuesOf = (req: Request, e: ValidationFailed) => e.issues.map((i) => req.t(i.key, i.params));

  r.get('/cases', requireActor, requirePermission('cases.read'), async (req, res) => {
    const f = caseListSchema.parse(req.query);
    const data = await cases.list(actorOf(req), f);
    res.render('remediation/cases', { styles: STYLES, title: req.t('remediation.cases.title'), ...data, filter: f, statuses: CASE_STATUSES, pager: pager('/cases', f, data.page, data.pages) });
  });

  async function renderNew(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const choices = await cases.formChoices(actorOf(req));
    res.render('remediation/case-new', {
      styles: STYLES, title: req.t('remediation.cases.new'), ...choices, sexes: SEXES, situations: SITUATIONS,
      form: { findingId: req.query.findingId, identifiedOn: actorToday(actorOf(req)) }, ...extra,
    });
  }

  r.get('/cases/new', requireActor, requirePermission('cases.manage'), (req, res) => renderNew(req, res));

  r.post('/cases', requireActor, requirePermission('cases.manage'), async (req, res) => {
    try {
      const input = parseInput(caseCreateSchema, req.body);
      const id = await cases.create(actorOf(req), {
        ...input, findingId: input.findingId ?? null, notes: input.notes ?? null, identifiedOn: input.identifiedOn ?? actorToday(actorOf(req)),
      });
      flash(req, 'success', 'remediation.cases.created');
      res.redirect(`/cases/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await renderNew(req, res, { issues: issuesOf(req, e), form: req.body });
    }
  });

  async function renderCase(req: Request, res: Response, id: string, extra: Record<string, unknown> = {}) {
    const data = await cases.detail(actorOf(req), id);
    res.render('remediation/case', {
      styles: STYLES, title: req.t('remediation.cases.caseTitle', { age: data.childCase.age }), ...data, today: actorToday(actorOf(req)),
      sexes: SEXES, situations: SITUATIONS, outcomes: REFERRAL_OUTCOMES, closureReasons: CLOSURE_REASONS, ...extra,
    });
  }

  r.get('/cases/:id', requireActor, requirePermission('cases.read'), (req, res) => renderCase(req, res, uuidParam(req.params.id)));

  /** Runs a case change; a validation problem re-renders the case page with the messages. */
  async function change(req: Request, res: Response, id: string, run: () => Promise<unknown>, done: string) {
    try {
      await run();
      flash(req, 'success', done);
      res.redirect(`/cases/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await renderCase(req, res, id, { issues: issuesOf(req, e) });
    }
  }

  r.post('/cases/:id', requireActor, requirePermission('cases.manage'), async (req, res) => {
    const id = uuidParam(req.params.id);
    await change(req, res, id, async () => {
      const input = parseInput(caseFieldsSchema, req.body);
      await cases.update(actorOf(req), id, { ...input, notes: input.notes ?? null });
    }, 'remediation.cases.updated');
  });

  r.post('/cases/:id/referrals', requireActor, requirePermission('cases.manage'), async (req, res) => {
    const id = uuidParam(req.params.id);
    await change(req, res, id, () => cases.refer(actorOf(req), id, parseInput(referralSchema, req.body)), 'remediation.cases.referred');
  });

  r.post('/cases/referrals/:id/outcome', requireActor, requirePermission('cases.manage'), async (req, res) => {
    const { outcome } = parseInput(referralOutcomeSchema, req.body);
    const caseId = await cases.setReferralOutcome(actorOf(req), uuidParam(req.params.id), outcome);
    flash(req, 'success', 'remediation.cases.referralUpdated');
    res.redirect(`/cases/${caseId}`);
  });

  r.post('/cases/:id/followups', requireActor, requirePermission('cases.manage'), async (req, res) => {
    const id = uuidParam(req.params.id);
    await change(req, res, id, () => cases.addFollowup(actorOf(req), id, parseInput(followupSchema, req.body)), 'remediation.cases.followupAdded');
  });

  r.post('/cases/:id/close', requireActor, requirePermission('cases.manage'), async (req, res) => {
    const id = uuidParam(req.params.id);
    await change(req, res, id, () => cases.close(actorOf(req), id, parseInput(closeCaseSchema, req.body).reason), 'remediation.cases.closed');
  });

  return r;
}
