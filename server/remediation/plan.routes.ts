import { Router, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import type { RemediationServices } from './remediation.service.ts';
import { STYLES } from './view.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { parseInput } from '../http/validate.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';
import { EVIDENCE_MAX_BYTES, ACCEPT_ATTRIBUTE } from '../assessments/evidence.sniff.ts';
import { actionCreateSchema, actionTransitionSchema, planCreateSchema, rescheduleSchema } from './remediation.schema.ts';
import { OWNER_KINDS } from './remediation.types.ts';
import type { ActionTransition } from './action.workflow.ts';
import { sendExport } from './export.http.ts';

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 10 } }).single('file');

/** One file in memory; a file over the limit is a validation error, not a crash. */
const oneFile: RequestHandler = (req, res, next) => {
  upload(req, res, (err: unknown) => {
    if (err instanceof multer.MulterError) {
      return next(new ValidationFailed([{ field: 'file', key: 'remediation.errors.fileTooLarge', params: { max: EVIDENCE_MAX_BYTES / 1024 / 1024 } }]));
    }
    next(err as Error | undefined);
  });
};

export function planRoutes(deps: { remediation: RemediationServices }): Router {
  const { plans, indicators } = deps.remediation;
  const r = Router();

  r.get('/remediation/plans', requireActor, requirePermission('findings.read'), async (req, res) => {
    const status = req.query.status === 'closed' ? 'closed' : req.query.status === 'all' ? undefined : 'open';
    const rows = await plans.list(actorOf(req), { status });
    res.render('remediation/plans', { styles: STYLES, title: req.t('remediation.plans.title'), rows, status: status ?? 'all' });
  });

  r.post('/remediation/plans', requireActor, requirePermission('findings.write'), async (req, res) => {
    const input = parseInput(planCreateSchema, req.body);
    const id = await plans.create(actorOf(req), input);
    flash(req, 'success', 'remediation.plans.created');
    res.redirect(`/remediation/plans/${id}`);
  });

  async function renderPlan(req: Request, res: Response, id: string, extra: Record<string, unknown> = {}) {
    const data = await plans.detail(actorOf(req), id);
    res.render('remediation/plan', {
      styles: STYLES, title: data.plan.title, ...data, ownerKinds: OWNER_KINDS, accept: ACCEPT_ATTRIBUTE,
      companyUsers: data.assignable.filter((u) => u.owner_kind === 'company'),
      consultancyUsers: data.assignable.filter((u) => u.owner_kind === 'consultancy'),
      ...extra,
    });
  }

  r.get('/remediation/plans/:id', requireActor, requirePermission('findings.read'), (req, res) => renderPlan(req, res, uuidParam(req.params.id)));

  r.post('/remediation/plans/:id/status', requireActor, requirePermission('findings.write'), async (req, res) => {
    const id = uuidParam(req.params.id);
    const status = req.body?.status === 'closed' ? 'closed' : 'open';
    await plans.setPlanStatus(actorOf(req), id, status);
    flash(req, 'success', status === 'closed' ? 'remediation.plans.closed' : 'remediation.plans.reopened');
    res.redirect(`/remediation/plans/${id}`);
  });

  r.post('/remediation/plans/:id/actions', requireActor, requirePermission('findings.write'), async (req, res) => {
    const id = uuidParam(req.params.id);
    try {
      await plans.addAction(actorOf(req), id, parseInput(actionCreateSchema, req.body));
      flash(req, 'success', 'remediation.actions.created');
      res.redirect(`/remediation/plans/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await renderPlan(req, res, id, { issues: e.issues.map((i) => req.t(i.key, i.params)), form: req.body });
    }
  });

  r.post('/remediation/actions/:id/transition', requireActor, requirePermission('findings.write'), async (req, res) => {
    const input = parseInput(actionTransitionSchema, req.body);
    const planId = await plans.transition(actorOf(req), uuidParam(req.params.id), input.transition as ActionTransition, input.note);
    flash(req, 'success', `remediation.actions.done_${input.transition}`);
    res.redirect(`/remediation/plans/${planId}`);
  });

  r.post('/remediation/actions/:id/reschedule', requireActor, requirePermission('findings.write'), async (req, res) => {
    const { dueDate } = parseInput(rescheduleSchema, req.body);
    const planId = await plans.reschedule(actorOf(req), uuidParam(req.params.id), dueDate);
    flash(req, 'success', 'remediation.actions.rescheduled');
    res.redirect(`/remediation/plans/${planId}`);
  });

  r.post('/remediation/actions/:id/evidence', requireActor, requirePermission('findings.write'), oneFile, async (req, res) => {
    if (!req.file) throw new ValidationFailed([{ field: 'file', key: 'remediation.errors.fileMissing' }]);
    const planId = await plans.addEvidence(actorOf(req), uuidParam(req.params.id), { originalName: req.file.originalname, content: req.file.buffer });
    flash(req, 'success', 'remediation.actions.evidenceAdded');
    res.redirect(`/remediation/plans/${planId}`);
  });

  r.get('/remediation/evidence/:id', requireActor, requirePermission('findings.read'), async (req, res) => {
    const file = await plans.openEvidence(actorOf(req), uuidParam(req.params.id));
    res.setHeader('Content-Type', file.mime);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.original_name)}`);
    res.sendFile(file.path);
  });

  r.get('/remediation/actions/export', requireActor, requirePermission('findings.read'), async (req, res) => {
    await sendExport(req, res, (format) => indicators.exportFile(actorOf(req), 'actions', format, req.t));
  });

  return r;
}
