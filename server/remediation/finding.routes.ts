import { Router, type Request, type Response } from 'express';
import type { RemediationServices } from './remediation.service.ts';
import type { ScoreService } from '../scores/score.service.ts';
import { rescoreAfterChange } from '../scores/rescore.trigger.ts';
import { STYLES } from './view.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { parseInput } from '../http/validate.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { can } from '../auth/policy.ts';
import { ValidationFailed } from '../errors.ts';
import { changeDecisionSchema, findingCreateSchema, findingListSchema, findingStatusSchema, findingUpdateSchema } from './remediation.schema.ts';
import { FINDING_CATEGORIES, FINDING_SEVERITIES, FINDING_STATUSES } from './remediation.types.ts';
import { sendExport } from './export.http.ts';
import { pager } from './pager.ts';
import { pickLocale } from '../i18n/index.ts';
import { questionText, redFlagLabel } from '../questionnaires/labels.ts';

const PAGE = 50;

export function findingRoutes(deps: { remediation: RemediationServices; scores?: ScoreService }): Router {
  const { findings, plans, indicators, findingReview } = deps.remediation;
  const r = Router();

  r.get('/findings', requireActor, requirePermission('findings.read'), async (req, res) => {
    const f = findingListSchema.parse(req.query);
    const { rows, total } = await findings.list(actorOf(req), { ...f, limit: PAGE, offset: (f.page - 1) * PAGE });
    res.render('remediation/findings', {
      styles: STYLES, title: req.t('remediation.findings.title'), rows, total, filter: f,
      filtered: Boolean(f.status || f.category || f.severity || f.supplierId), pager: pager('/findings', f, f.page, Math.ceil(total / PAGE)),
      statuses: FINDING_STATUSES, categories: FINDING_CATEGORIES, severities: FINDING_SEVERITIES,
    });
  });

  r.get('/findings/export', requireActor, requirePermission('findings.read'), async (req, res) => {
    await sendExport(req, res, (format) => indicators.exportFile(actorOf(req), 'findings', format, req.t));
  });

  async function renderNew(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const preselected = typeof req.query.supplierId === 'string' ? req.query.supplierId : undefined;
    const { supplierLabel } = await findings.formChoices(actorOf(req), preselected);
    res.render('remediation/finding-new', {
      styles: STYLES, scripts: ['/static/build/supplier-lookup.js'], title: req.t('remediation.findings.new'), categories: FINDING_CATEGORIES, severities: FINDING_SEVERITIES,
      sources: ['reviewer', 'audit', 'field_report', 'grievance'], form: { supplier: supplierLabel ?? '' }, ...extra,
    });
  }

  r.get('/findings/new', requireActor, requirePermission('findings.write'), (req, res) => renderNew(req, res));

  /**
   * Supplier and site are type-ahead fields holding typed text, resolved here so the form works
   * without JavaScript; API clients may send supplierId and siteId instead. Errors of the typed
   * place are reported together with the other fields' errors.
   */
  async function parseCreate(req: Request) {
    const body = { ...(req.body ?? {}) } as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    let placeIssues: ValidationFailed['issues'] = [];
    if (!body.supplierId && (typeof body.supplier === 'string' || typeof body.site === 'string')) {
      try {
        Object.assign(body, await findings.resolvePlace(actorOf(req), text(body.supplier), text(body.site)));
      } catch (e) {
        if (!(e instanceof ValidationFailed)) throw e;
        placeIssues = e.issues;
      }
    }
    let input;
    try {
      input = parseInput(findingCreateSchema, body);
    } catch (e) {
      // An unresolved place leaves supplierId empty: its schema error would repeat the lookup's.
      if (e instanceof ValidationFailed && placeIssues.length) throw new ValidationFailed([...placeIssues, ...e.issues.filter((i) => i.field !== 'supplierId')]);
      throw e;
    }
    if (placeIssues.length) throw new ValidationFailed(placeIssues);
    return input;
  }

  r.post('/findings', requireActor, requirePermission('findings.write'), async (req, res) => {
    try {
      const input = await parseCreate(req);
      const id = await findings.create(actorOf(req), input);
      await rescoreAfterChange(deps.scores, req, { findingId: id });
      flash(req, 'success', 'remediation.findings.created');
      res.redirect(`/findings/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await renderNew(req, res, { issues: e.issues.map((i) => req.t(i.key, i.params)), form: req.body });
    }
  });

  async function renderDetail(req: Request, res: Response, id: string, extra: Record<string, unknown> = {}) {
    const actor = actorOf(req);
    const finding = await findings.get(actor, id);
    const findingPlans = await plans.list(actor, { findingId: id });
    const changeRequests = await findingReview.list(actor, id);
    const locale = pickLocale(req.locale);
    const question = finding.question_id ? questionText(finding.template, finding.question_id, locale) : null;
    const flag = finding.red_flag_code ? redFlagLabel(req.t, locale, finding.template, finding.red_flag_code, finding.question_id) : null;
    // Red-flag findings are described from the codes at view time, in the reader's language.
    const description = finding.source === 'red_flag' && flag && question ? req.t('remediation.findings.fromRedFlag', { code: flag, question }) : finding.description;
    res.render('remediation/finding', {
      styles: STYLES, title: finding.title, finding, source: { question, flag, description }, plans: findingPlans, categories: FINDING_CATEGORIES, severities: FINDING_SEVERITIES,
      canOpenCase: can(actor, 'cases.manage'), changeRequests, pendingRequest: changeRequests.find((r) => !r.decision),
      canDecide: can(actor, 'findings.approveCritical'), me: actor.userId, ...extra,
    });
  }

  r.get('/findings/:id', requireActor, requirePermission('findings.read'), (req, res) => renderDetail(req, res, uuidParam(req.params.id)));

  r.post('/findings/:id', requireActor, requirePermission('findings.write'), async (req, res) => {
    const id = uuidParam(req.params.id);
    try {
      const { proposed } = await findings.reclassify(actorOf(req), id, parseInput(findingUpdateSchema, req.body));
      if (!proposed) await rescoreAfterChange(deps.scores, req, { findingId: id });
      flash(req, 'success', proposed ? 'casework.fourEyes.proposed' : 'remediation.findings.updated');
      res.redirect(`/findings/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await renderDetail(req, res, id, { issues: e.issues.map((i) => req.t(i.key, i.params)) });
    }
  });

  r.post('/findings/:id/status', requireActor, requirePermission('findings.write'), async (req, res) => {
    const id = uuidParam(req.params.id);
    try {
      const { status, reason } = parseInput(findingStatusSchema, req.body);
      const { proposed } = await findings.setStatus(actorOf(req), id, status, reason);
      if (!proposed) await rescoreAfterChange(deps.scores, req, { findingId: id });
      flash(req, 'success', proposed ? 'casework.fourEyes.proposed' : status === 'closed' ? 'remediation.findings.closed' : 'remediation.findings.reopened');
      res.redirect(`/findings/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await renderDetail(req, res, id, { issues: e.issues.map((i) => req.t(i.key, i.params)) });
    }
  });

  r.post('/findings/changes/:id', requireActor, requirePermission('findings.approveCritical'), async (req, res) => {
    const { decision } = parseInput(changeDecisionSchema, req.body);
    const findingId = await findingReview.decide(actorOf(req), uuidParam(req.params.id), decision);
    // An approved close or downgrade changes what the score reads.
    if (decision === 'approved') await rescoreAfterChange(deps.scores, req, { findingId });
    flash(req, 'success', decision === 'approved' ? 'casework.fourEyes.approved' : 'casework.fourEyes.rejected');
    res.redirect(`/findings/${findingId}`);
  });

  return r;
}
