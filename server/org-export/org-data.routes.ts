import { Router, type Request, type Response } from 'express';
import type { OrgExportService } from './org-export.service.ts';
import type { OrgDeletionService } from './org-deletion.service.ts';
import type { OrgProfileService } from '../org-profile/org-profile.service.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';
import { GRACE_DAYS } from './org-deletion.service.ts';

/** Leaving: export everything, delete with a grace period. Owners only. */
export function orgDataRoutes(deps: { orgExport: OrgExportService; orgDeletion: OrgDeletionService; orgProfile: OrgProfileService }): Router {
  const { orgExport, orgDeletion, orgProfile } = deps;
  const r = Router();
  const exportGuard = [requireActor, requirePermission('org.export')];
  const deleteGuard = [requireActor, requirePermission('org.delete')];

  async function render(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const actor = actorOf(req);
    res.render('org-data/index', {
      title: req.t('orgData.title'), exports: await orgExport.list(actor), org: await orgProfile.details(actor), graceDays: GRACE_DAYS, ...extra,
    });
  }

  r.get('/settings/organization/data', ...exportGuard, (req, res) => render(req, res));

  r.post('/settings/organization/data/export', ...exportGuard, async (req, res) => {
    const jobId = await orgExport.request(actorOf(req), req.ip ?? null);
    flash(req, 'success', 'orgData.export.queued');
    res.redirect(`/jobs/${jobId}`);
  });

  r.get('/settings/organization/data/exports/:id', ...exportGuard, async (req, res) => {
    const file = await orgExport.download(actorOf(req), uuidParam(req.params.id), req.ip ?? null);
    res.attachment(file.name).type('application/zip').send(file.content);
  });

  r.post('/settings/organization/data/delete', ...deleteGuard, async (req, res) => {
    try {
      await orgDeletion.request(actorOf(req), String(req.body?.confirmName ?? ''), req.ip ?? null);
      flash(req, 'info', 'orgData.delete.scheduled', { days: GRACE_DAYS });
      res.redirect('/settings/organization/data');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await render(req, res, { deleteError: req.t(e.issues[0].key, e.issues[0].params) });
    }
  });

  r.post('/settings/organization/data/delete/cancel', ...deleteGuard, async (req, res) => {
    await orgDeletion.cancel(actorOf(req), req.ip ?? null);
    flash(req, 'success', 'orgData.delete.cancelled');
    res.redirect('/settings/organization/data');
  });

  return r;
}
