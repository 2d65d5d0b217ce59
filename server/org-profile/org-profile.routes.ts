import { Router, type Request, type Response } from 'express';
import type { OrgProfileService } from './org-profile.service.ts';
import { detailsSchema } from './org-profile.schema.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { parseInput } from '../http/validate.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';
import multer from 'multer';
import { EVIDENCE_MAX_BYTES } from '../assessments/evidence.sniff.ts';
import { dueDiligenceSchema } from './due-diligence.schema.ts';

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 10 } }).single('policyFile');

export function orgProfileRoutes(deps: { orgProfile: OrgProfileService }): Router {
  const { orgProfile } = deps;
  const r = Router();
  const guard = [requireActor, requirePermission('org.manage')];

  // The dashboard shows the first-run checklist; it is computed here so home stays as it is.
  r.get('/', async (req, res, next) => {
    if (req.actor && !req.actor.apiKeyId) {
      // Everyone working in an organisation that is about to be deleted should know it.
      Object.assign(res.locals, await orgProfile.homeNotices(req.actor));
    }
    next();
  });

  async function render(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const org = await orgProfile.details(actorOf(req));
    res.render('org-profile/details', {
      title: req.t('orgProfile.title'), org,
      form: { name: org.name, legalName: org.legal_name, taxId: org.tax_id, address: org.address, contactEmail: org.contact_email },
      dd: {
        responsibleName: org.responsible_name, responsiblePosition: org.responsible_position, policyTitle: org.policy_title,
        policyDate: org.policy_date, policyApprovedBy: org.policy_approved_by,
      },
      ...extra,
    });
  }

  r.get('/settings/organization', ...guard, (req, res) => render(req, res));

  r.post('/settings/organization', ...guard, async (req, res) => {
    try {
      await orgProfile.updateDetails(actorOf(req), parseInput(detailsSchema, req.body));
      flash(req, 'success', 'orgProfile.saved');
      res.redirect('/settings/organization');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await render(req, res, {
        form: req.body,
        errors: Object.fromEntries(e.issues.map((i) => [i.field ?? '', req.t(i.key, i.params)])),
        issues: e.issues.map((i) => req.t(i.key, i.params)),
      });
    }
  });

  // Responsible person and policy statement (LkSG/CSDDD section of the company report).
  r.post('/settings/organization/due-diligence', ...guard, (req, res, next) => {
    upload(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) {
        return next(new ValidationFailed([{ field: 'policyFile', key: 'orgProfile.errors.policyFileTooLarge', params: { max: EVIDENCE_MAX_BYTES / 1024 / 1024 } }]));
      }
      next(err as Error | undefined);
    });
  }, async (req, res) => {
    try {
      await orgProfile.updateDueDiligence(actorOf(req), parseInput(dueDiligenceSchema, req.body ?? {}), req.file);
      flash(req, 'success', 'orgProfile.dueDiligence.saved');
      res.redirect('/settings/organization');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await render(req, res, {
        dd: req.body ?? {},
        ddErrors: Object.fromEntries(e.issues.map((i) => [i.field ?? '', req.t(i.key, i.params)])),
        issues: e.issues.map((i) => req.t(i.key, i.params)),
      });
    }
  });

  return r;
}
