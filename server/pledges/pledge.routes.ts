import { Router, type Request, type Response } from 'express';
import type { PledgeService } from './pledge.service.ts';
import { actorOf, requireActor } from '../http/tenant.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { can } from '../auth/policy.ts';
import { ValidationFailed } from '../errors.ts';
import { RISK_LEVELS } from '../scores/score.filters.ts';
import { parseFeatureForm } from '../training/form.ts';
import { PLEDGE_MEASURES } from './pledge.progress.ts';
import { targetSchema } from './pledge.schema.ts';
import { portfolioHeatMaps } from './pledge.map.ts';

const LEVEL_COLUMNS = [...RISK_LEVELS, 'unscored'];

/** The consultancy's programme page: pledge targets against progress, risk across clients, heat-map. */
export function pledgeRoutes(deps: { pledges: PledgeService }): Router {
  const { pledges } = deps;
  const r = Router();

  async function render(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const actor = actorOf(req);
    const data = await pledges.portfolio(actor);
    res.render('pledges/index', {
      title: req.t('pledges.title'),
      canManage: can(actor, 'pledges.manage'),
      measures: PLEDGE_MEASURES.map((m) => ({ id: m, label: req.t(`pledges.measures.${m}`) })),
      targets: data.targets.map((row) => ({
        ...row, label: req.t(`pledges.measures.${row.measure}`), pct: Math.round(row.ratio * 100),
        elapsedPct: Math.round(row.elapsed * 100), statusLabel: req.t(`pledges.status.${row.status}`),
      })),
      levelHeaders: LEVEL_COLUMNS.map((l) => (l === 'unscored' ? req.t('pledges.unscored') : req.t(`scoring.levels.${l}`))),
      clients: data.clients.map((c) => ({ name: c.name, levels: LEVEL_COLUMNS.map((l) => c.levels[l] ?? 0) })),
      municipalities: data.municipalities.map((m) => ({ ...m, worstLabel: m.worst ? req.t(`scoring.levels.${m.worst}`) : req.t('pledges.unscored') })),
      maps: portfolioHeatMaps(data.municipalities, req.t, req.locale ?? 'es-MX'),
      ...extra,
    });
  }

  r.get('/portfolio/pledges', requireActor, (req, res) => render(req, res));

  r.post('/portfolio/pledges', requireActor, async (req, res) => {
    try {
      await pledges.addTarget(actorOf(req), parseFeatureForm(targetSchema, req.body, 'pledges.errors.invalid'));
      flash(req, 'success', 'pledges.added');
      res.redirect('/portfolio/pledges');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await render(req, res, { issues: e.issues.map((i) => req.t(i.key, i.params)), form: req.body });
    }
  });

  r.post('/portfolio/pledges/:id', requireActor, async (req, res) => {
    const id = uuidParam(req.params.id);
    try {
      await pledges.updateTarget(actorOf(req), id, parseFeatureForm(targetSchema, req.body, 'pledges.errors.invalid'));
      flash(req, 'success', 'pledges.updated');
      res.redirect('/portfolio/pledges');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(422);
      await render(req, res, { issues: e.issues.map((i) => req.t(i.key, i.params)) });
    }
  });

  r.post('/portfolio/pledges/:id/delete', requireActor, async (req, res) => {
    await pledges.removeTarget(actorOf(req), uuidParam(req.params.id));
    flash(req, 'success', 'pledges.removed');
    res.redirect('/portfolio/pledges');
  });

  return r;
}
