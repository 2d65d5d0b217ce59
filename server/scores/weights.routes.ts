import { Router, type Request, type Response } from 'express';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed, type FieldIssue } from '../errors.ts';
import type { ScoreService } from './score.service.ts';
import { WEIGHT_GROUPS, overrideFromForm, weightAt } from './weights.form.ts';

export function weightsRoutes(deps: { scores: ScoreService }): Router {
  const { scores } = deps;
  const r = Router();
  const guard = [requireActor, requirePermission('scores.configure')];

  /** The form: one input per weight, its default and the documented reason beside it. */
  async function render(req: Request, res: Response, posted?: Record<string, unknown>, issues: FieldIssue[] = []) {
    const w = await scores.weights(actorOf(req));
    const byField = new Map<string, string[]>();
    for (const i of issues) {
      const field = i.field ?? '';
      byField.set(field, [...(byField.get(field) ?? []), req.t(i.key, i.params)]);
    }
    const fieldLabel = (f: string) => (f && WEIGHT_GROUPS.some((g) => (g.fields as readonly string[]).includes(f)) ? req.t(`scores.weights.fields.${f}.label`) : f);
    // Group errors (e.g. "components" must sum to 1) are shown on the group.
    const groups = WEIGHT_GROUPS.map((g) => ({
      group: g.group,
      title: req.t(`scores.weights.groups.${g.group}`),
      help: req.t(`scores.weights.groupHelp.${g.group}`),
      errors: byField.get(g.group) ?? [],
      fields: g.fields.map((field) => {
        const dflt = weightAt(w.defaults, field);
        const current = weightAt(w.effective, field);
        const raw = posted?.[field];
        return {
          field,
          id: `w-${field.replace('.', '-')}`,
          label: req.t(`scores.weights.fields.${field}.label`),
          why: req.t(`scores.weights.fields.${field}.why`),
          value: typeof raw === 'string' ? raw : String(current),
          default: dflt,
          changed: current !== dflt,
          errors: byField.get(field) ?? [],
        };
      }),
    }));
    res.render('scores/settings', {
      title: req.t('scores.weights.title'),
      groups,
      custom: w.custom,
      updatedAt: w.updatedAt,
      styles: ['/static/build/scores.css'],
      issues: issues.map((i) => (i.field ? `${fieldLabel(i.field)}: ${req.t(i.key, i.params)}` : req.t(i.key, i.params))),
    });
  }

  r.get('/settings/scoring', ...guard, (req, res) => render(req, res));

  r.post('/settings/scoring', ...guard, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      const override = body.reset === '1' ? {} : overrideFromForm(body);
      const jobId = await scores.saveWeights(actorOf(req), override);
      flash(req, 'success', 'scores.weights.saved');
      res.redirect(`/jobs/${jobId}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await render(req, res, body, e.issues);
    }
  });

  return r;
}
