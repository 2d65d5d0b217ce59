import { Router, type Request, type Response } from 'express';
import { actorOf, requireActor } from '../http/tenant.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';
import { FINDING_CATEGORIES, FINDING_SEVERITIES } from '../remediation/remediation.types.ts';
import { GRIEVANCE_OUTCOMES, type GrievanceStatus } from './grievance.queries.ts';
import type { GrievanceService } from './grievance.service.ts';
import type { GrievancePosters } from './grievance.poster.ts';

const STATUSES: GrievanceStatus[] = ['received', 'acknowledged', 'closed'];

/** The handlers' pages under /grievances (signed in; reports open only to handlers). */
export function grievanceRoutes(deps: { grievances: GrievanceService; posters: GrievancePosters; baseUrl: string }): Router {
  const { grievances, posters } = deps;
  const r = Router();
  r.use('/grievances', requireActor);

  async function renderList(req: Request, res: Response, extra: { issues?: string[]; posterSite?: string } = {}) {
    const actor = actorOf(req);
    const status = STATUSES.find((s) => s === req.query.status);
    const [reports, stats] = await Promise.all([grievances.list(actor, status), grievances.statistics(actor)]);
    res.status(extra.issues ? 422 : 200).render('grievances/list', {
      title: req.t('grievances.list.title'), reports, stats, status, statuses: STATUSES, scripts: ['/static/build/supplier-lookup.js'],
      publicUrl: await posters.publicUrl(actor), today: new Date().toISOString().slice(0, 10), ...extra,
    });
  }

  r.get('/grievances', (req, res) => renderList(req, res));

  r.get('/grievances/handlers', async (req, res) => {
    const actor = actorOf(req);
    res.render('grievances/handlers', { title: req.t('grievances.handlers.title'), handlers: await grievances.handlers(actor), members: await posters.members(actor) });
  });

  r.post('/grievances/handlers', async (req, res) => {
    await grievances.addHandler(actorOf(req), req.body);
    flash(req, 'success', 'grievances.handlers.added');
    res.redirect(303, '/grievances/handlers');
  });

  r.post('/grievances/handlers/:userId/remove', async (req, res) => {
    await grievances.removeHandler(actorOf(req), uuidParam(req.params.userId));
    flash(req, 'success', 'grievances.handlers.removed');
    res.redirect(303, '/grievances/handlers');
  });

  // The site is typed in a type-ahead field (`site`), resolved here so the form works without
  // JavaScript; `siteId` still names one directly.
  r.get('/grievances/poster', async (req, res) => {
    const typed = typeof req.query.site === 'string' ? req.query.site.trim() : '';
    let siteId = typeof req.query.siteId === 'string' && req.query.siteId ? uuidParam(req.query.siteId) : undefined;
    if (!siteId && typed) {
      try {
        siteId = await posters.resolveSite(actorOf(req), typed);
      } catch (e) {
        if (!(e instanceof ValidationFailed)) throw e;
        return renderList(req, res, { issues: e.issues.map((i) => req.t(i.key, i.params)), posterSite: typed.slice(0, 300) });
      }
    }
    const pdf = await posters.render(actorOf(req), siteId);
    res.type('application/pdf').setHeader('Content-Disposition', 'attachment; filename="cartel-quejas.pdf"');
    res.send(pdf);
  });

  async function renderDetail(req: Parameters<Parameters<typeof r.get>[1]>[0], res: Parameters<Parameters<typeof r.get>[1]>[1], extra: { issues?: string[]; form?: Record<string, unknown> } = {}) {
    const data = await grievances.detail(actorOf(req), uuidParam(req.params.id));
    const { supplierLabel, ...rest } = data;
    res.status(extra.issues?.length ? 422 : 200).render('grievances/detail', {
      title: `${req.t('grievances.detail.title')} ${data.report.receipt}`, ...rest, outcomes: GRIEVANCE_OUTCOMES, scripts: ['/static/build/supplier-lookup.js'],
      findingCategories: FINDING_CATEGORIES, severities: FINDING_SEVERITIES, issues: extra.issues ?? [], form: { supplier: supplierLabel ?? '', ...extra.form },
    });
  }

  r.get('/grievances/:id', async (req, res) => {
    await renderDetail(req, res);
  });

  r.get('/grievances/:id/attachments/:attachmentId', async (req, res) => {
    const file = await grievances.attachment(actorOf(req), uuidParam(req.params.id), uuidParam(req.params.attachmentId));
    res.type(file.mime).setHeader('Content-Disposition', `attachment; filename="adjunto.${file.mime === 'image/png' ? 'png' : 'jpg'}"`);
    res.send(file.content);
  });

  // Bad input re-renders the page with the fields named and what was typed kept.
  const withForm = (action: (id: string) => Promise<unknown>, done: string) => async (req: Parameters<Parameters<typeof r.post>[1]>[0], res: Parameters<Parameters<typeof r.post>[1]>[1]) => {
    const id = uuidParam(req.params.id);
    try {
      await action.call(null, id);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      return renderDetail(req, res, { issues: e.issues.map((i) => req.t(i.key, { ...i.params })), form: req.body });
    }
    flash(req, 'success', done);
    res.redirect(303, `/grievances/${id}`);
  };

  r.post('/grievances/:id/reply', (req, res) => withForm((id) => grievances.reply(actorOf(req), id, req.body), 'grievances.detail.replied')(req, res));
  r.post('/grievances/:id/finding', (req, res) => withForm((id) => grievances.openFinding(actorOf(req), id, req.body, req.locale), 'grievances.detail.findingOpened')(req, res));
  r.post('/grievances/:id/close', (req, res) => withForm((id) => grievances.close(actorOf(req), id, req.body), 'grievances.detail.closed')(req, res));

  return r;
}
