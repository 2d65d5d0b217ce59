import { Router } from 'express';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { questionnaireView, textIn } from '../assessments/assessment.view.ts';
import type { SharedSubmissionService } from './shared-submission.service.ts';

/** The receiving organisation: read a shared submission, accept it or ask for an update. */
export function sharedSubmissionRoutes(deps: { sharedSubmissions: SharedSubmissionService }): Router {
  const { sharedSubmissions } = deps;
  const r = Router();

  r.get('/assessments/:id/shares/:shareId', requireActor, requirePermission('assessments.read'), async (req, res) => {
    const id = uuidParam(req.params.id);
    const d = await sharedSubmissions.preview(actorOf(req), id, uuidParam(req.params.shareId), req.ip);
    // Names and types only: the source's upload times and download links stay with the source.
    const evidence = new Map<string, { id: string; name: string; size: number; mime: string; uploadedAt: Date }[]>();
    for (const f of d.evidence) {
      evidence.set(f.question_id, [...(evidence.get(f.question_id) ?? []), { id: f.id, name: f.original_name, size: f.size, mime: f.mime, uploadedAt: new Date(0) }]);
    }
    const sections = questionnaireView({ template: d.template, answers: d.answers, locale: req.locale, t: req.t, evidence, comments: new Map() });
    res.render('sharing/preview', {
      title: `${d.assessment.supplier_name} · ${req.t('sharing.preview.title')}`, styles: ['/static/build/assessments.css'],
      assessment: d.assessment, meta: d.meta, shareId: req.params.shareId, templateTitle: textIn(d.template.title, req.locale), sections,
    });
  });

  r.post('/assessments/:id/shares/:shareId/accept', requireActor, requirePermission('assessments.write'), async (req, res) => {
    const id = uuidParam(req.params.id);
    await sharedSubmissions.accept(actorOf(req), id, uuidParam(req.params.shareId));
    flash(req, 'success', 'sharing.flash.accepted');
    res.redirect(303, `/assessments/${id}`);
  });

  r.post('/assessments/:id/shares/:shareId/ask-update', requireActor, requirePermission('assessments.write'), async (req, res) => {
    const id = uuidParam(req.params.id);
    await sharedSubmissions.askUpdate(actorOf(req), id, uuidParam(req.params.shareId));
    flash(req, 'success', 'sharing.flash.updateRequested');
    res.redirect(303, `/assessments/${id}`);
  });

  return r;
}
