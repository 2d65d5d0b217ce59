import { Router, type Request, type Response } from 'express';
import type { AssessmentService } from './assessment.service.ts';
import { PORTAL_ACTOR_LABEL } from './assessment.service.ts';
import { REMINDER_ACTOR_LABEL } from './reminders.ts';
import { commentsFromForm, createAssessmentSchema, listQuerySchema, reissueSchema, reviewDecisionSchema, reviewEvidenceSchema } from './assessment.schema.ts';
import { ASSESSMENT_STATUSES, type AssessmentStatus, type EventRow } from './assessment.queries.ts';
import { questionnaireView, labelFor, textIn } from './assessment.view.ts';
import { formatDay } from './assessment.mail.ts';
import { addDays } from './assessment.dates.ts';
import { actorToday } from '../dates/local-day.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { parseInput } from '../http/validate.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';
import type { Locale, Translate } from '../i18n/index.ts';
import type { ScoreService } from '../scores/score.service.ts';
import { rescoreAfterChange } from '../scores/rescore.trigger.ts';
import type { SharedSubmissionService } from '../sharing/shared-submission.service.ts';
import { SUPPLIER_ACCOUNT_LABEL } from '../supplier-accounts/supplier-account.service.ts';

function dueLabel(due: string | null, req: Request) {
  return due ? formatDay(due, req.locale) : '—';
}

function eventView(e: EventRow, t: Translate, locale: Locale) {
  const who = e.actor_user_id === null && e.actor_label === PORTAL_ACTOR_LABEL ? t('assessments.history.portal')
    : e.actor_user_id === null && e.actor_label === REMINDER_ACTOR_LABEL ? t('assessments.history.reminders')
      : e.actor_user_id === null && e.actor_label === SUPPLIER_ACCOUNT_LABEL ? t('sharing.history.supplier')
        : e.actor_label;
  const d = e.details as Record<string, unknown>;
  const detail = e.kind === 'saved' ? t('assessments.history.savedDetail', { count: (d.changed as string[] | undefined)?.length ?? 0, files: d.uploaded ?? 0 })
    : e.kind === 'commented' ? t('assessments.history.commentedDetail', { count: (d.questions as string[] | undefined)?.length ?? 0 })
      : e.kind === 'reminder' ? t(`assessments.history.reminder_${d.reminder === 'overdue' ? 'overdue' : 'before_due'}`, { seq: d.seq, to: d.to })
        : (e.kind === 'sent' || e.kind === 'link_reissued') && d.contactEmail && d.dueDate
          ? t('assessments.history.sentDetail', { to: d.contactEmail, due: formatDay(String(d.dueDate), locale) })
          : e.kind === 'reviewed' && typeof d.controlsScore === 'number'
            ? t('assessments.history.reviewedDetail', { percent: Math.round(d.controlsScore * 100), flags: (d.redFlags as unknown[] | undefined)?.length ?? 0 })
            : '';
  return {
    at: e.created_at, who, what: t(`assessments.events.${e.kind}`), detail,
    from: e.from_status && e.from_status !== e.to_status ? t(`assessments.status.${e.from_status}`) : null,
    to: e.to_status && e.from_status !== e.to_status ? t(`assessments.status.${e.to_status}`) : null,
  };
}

export function assessmentRoutes(deps: { assessments: AssessmentService; scores?: ScoreService; sharedSubmissions?: SharedSubmissionService }): Router {
  const { assessments } = deps;
  const r = Router();

  r.get('/assessments', requireActor, requirePermission('assessments.read'), async (req, res) => {
    const f = listQuerySchema.parse(req.query);
    const data = await assessments.list(actorOf(req), { status: f.status as AssessmentStatus | undefined, overdue: f.overdue === '1', supplierId: f.supplierId, page: f.page });
    res.render('assessments/index', {
      title: req.t('assessments.title'), ...data, filter: f, filtered: Boolean(f.status || f.overdue === '1' || f.supplierId), statuses: ASSESSMENT_STATUSES, styles: ['/static/build/assessments.css'],
      rows: data.rows.map((row) => ({
        ...row, dueLabel: dueLabel(row.due_date, req), templateTitle: req.locale === 'en' ? row.template_title_en : row.template_title_es,
        scorePercent: row.controls_score === null ? null : Math.round(Number(row.controls_score) * 100),
      })),
      prevPage: data.page > 1 ? data.page - 1 : null, nextPage: data.page < data.pages ? data.page + 1 : null,
    });
  });

  async function renderNew(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const supplierId = typeof req.query.supplierId === 'string' && /^[0-9a-f-]{36}$/i.test(req.query.supplierId) ? req.query.supplierId
      : typeof req.body?.supplierId === 'string' && /^[0-9a-f-]{36}$/i.test(req.body.supplierId) ? req.body.supplierId : undefined;
    const data = await assessments.newForm(actorOf(req), supplierId);
    res.render('assessments/new', {
      title: req.t('assessments.new.title'), scripts: ['/static/build/supplier-lookup.js'], ...data,
      templates: data.templates.map((tpl) => ({ ...tpl, label: `${req.locale === 'en' ? tpl.title_en : tpl.title_es} (v${tpl.version})` })),
      form: {
        dueDate: addDays(actorToday(actorOf(req)), 30), contactEmail: data.supplier?.contact_email ?? '', language: 'es-MX', templateId: data.defaultTemplateId,
        ...(req.body ?? {}),
      },
      today: actorToday(actorOf(req)),
      ...extra,
    });
  }

  r.get('/assessments/new', requireActor, requirePermission('assessments.write'), async (req, res) => {
    // The supplier chooser is a GET form: a typed name or RFC (no JavaScript) is resolved here.
    if (typeof req.query.supplier === 'string' && req.query.supplierId === undefined) {
      try {
        const id = await assessments.resolveSupplier(actorOf(req), req.query.supplier);
        return res.redirect(`/assessments/new?supplierId=${id}`);
      } catch (e) {
        if (!(e instanceof ValidationFailed)) throw e;
        res.status(422);
        return renderNew(req, res, { issues: e.issues.map((i) => req.t(i.key, i.params)), typedSupplier: req.query.supplier.slice(0, 300) });
      }
    }
    await renderNew(req, res);
  });

  r.post('/assessments', requireActor, requirePermission('assessments.write'), async (req, res) => {
    try {
      const input = parseInput(createAssessmentSchema, req.body);
      const id = await assessments.create(actorOf(req), input);
      flash(req, 'success', input.action === 'draft' ? 'assessments.flash.draftSaved' : 'assessments.flash.sent', { email: input.contactEmail });
      res.redirect(`/assessments/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await renderNew(req, res, { issues: e.issues.map((i) => req.t(i.key, i.params)) });
    }
  });

  r.get('/assessments/:id', requireActor, requirePermission('assessments.read'), async (req, res) => {
    const d = await assessments.detail(actorOf(req), uuidParam(req.params.id));
    const evidence = new Map<string, { id: string; name: string; size: number; mime: string; uploadedAt: Date }[]>();
    for (const f of d.evidence) {
      evidence.set(f.question_id, [...(evidence.get(f.question_id) ?? []), { id: f.id, name: f.original_name, size: f.size, mime: f.mime, uploadedAt: f.uploaded_at }]);
    }
    const a = d.assessment;
    const reviewable = a.status === 'submitted';
    const showEvaluation = ['submitted', 'returned', 'reviewed', 'in_progress'].includes(a.status);
    const sections = questionnaireView({ template: d.template, answers: d.answers, locale: req.locale, t: req.t, evidence, comments: d.comments, evaluation: d.evaluation });
    res.render('assessments/show', {
      title: `${a.supplier_name} · ${textIn(d.template.title, req.locale)}`, styles: ['/static/build/assessments.css'],
      assessment: a, templateTitle: textIn(d.template.title, req.locale), dueLabel: dueLabel(a.due_date, req),
      sections, reviewable, showEvaluation,
      evaluation: {
        percent: Math.round(d.evaluation.controlsScore * 100),
        answered: d.evaluation.answeredCount, visible: d.evaluation.visibleCount, unknown: d.evaluation.unknownAnswers.length,
        controls: d.evaluation.controls.map((c) => ({ ...c, label: labelFor(req.t, req.locale, `questionnaires.controls.${c.control}`, c.control) })),
        redFlags: d.evaluation.redFlags.map((f) => ({ ...f, label: labelFor(req.t, req.locale, `questionnaires.redFlags.${f.code}`, f.code) })),
      },
      events: d.events.map((e) => eventView(e, req.t, req.locale)),
      sharedOffers: (await deps.sharedSubmissions?.offers(actorOf(req), a.id)) ?? [],
      today: actorToday(actorOf(req)),
    });
  });

  r.post('/assessments/:id/send', requireActor, requirePermission('assessments.write'), async (req, res) => {
    const id = uuidParam(req.params.id);
    const input = parseInput(reissueSchema, req.body);
    await assessments.sendLink(actorOf(req), id, input);
    flash(req, 'success', 'assessments.flash.linkSent');
    res.redirect(`/assessments/${id}`);
  });

  r.post('/assessments/:id/revoke', requireActor, requirePermission('assessments.write'), async (req, res) => {
    const id = uuidParam(req.params.id);
    await assessments.revokeLink(actorOf(req), id);
    flash(req, 'success', 'assessments.flash.linkRevoked');
    res.redirect(`/assessments/${id}`);
  });

  r.post('/assessments/:id/review', requireActor, requirePermission('assessments.write'), async (req, res) => {
    const id = uuidParam(req.params.id);
    const decision = parseInput(reviewDecisionSchema, req.body?.decision);
    const evidence = decision === 'review' ? parseInput(reviewEvidenceSchema, req.body) : undefined;
    await assessments.review(actorOf(req), id, decision, commentsFromForm(req.body ?? {}), evidence);
    await rescoreAfterChange(deps.scores, req, { assessmentId: id });
    flash(req, 'success', `assessments.flash.${decision}`);
    res.redirect(`/assessments/${id}`);
  });

  return r;
}
