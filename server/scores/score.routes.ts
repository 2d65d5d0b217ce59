import { Router, type Request } from 'express';
import { can } from '../auth/policy.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { intQuery, uuidParam } from '../http/params.ts';
import { DEFAULT_WEIGHTS } from '../scoring/weights.ts';
import { parseLevelFilter, RISK_LEVELS } from './score.filters.ts';
import type { ScoreService } from './score.service.ts';
import { explain, flagLabels, levelLabel, reasonLabel, weightRows } from './score.view.ts';

const PAGE = 50;
const styles = ['/static/build/scores.css'];

function pageOf(req: Request): { limit: number; offset: number } {
  const limit = intQuery(req.query.limit, { min: 1, max: 500, fallback: PAGE });
  const offset = intQuery(req.query.offset, { min: 0, max: 100_000_000, fallback: 0 });
  return { limit, offset };
}

const pageHref = (levels: string[], offset: number) =>
  `/scores?${new URLSearchParams({ ...(levels.length ? { level: levels.join(',') } : {}), offset: String(offset) })}`;

export function scoreRoutes(deps: { scores: ScoreService }): Router {
  const { scores } = deps;
  const r = Router();
  const read = [requireActor, requirePermission('scores.read')];

  async function supplierView(req: Request) {
    const data = await scores.supplierScore(actorOf(req), uuidParam(req.params.id));
    const c = data.current;
    return {
      supplier: data.supplier,
      datasets: data.datasets,
      current: c && {
        ...c,
        levelLabel: levelLabel(req.t, c.level),
        weightedLevelLabel: levelLabel(req.t, c.weightedLevel),
        flags: flagLabels(req.t, c.flags),
        lines: explain(req.t, c.explained.lines),
        reproduced: c.explained.reproduced,
        worstSite: data.sites.find((s) => s.siteId === c.worstSiteId) ?? null,
      },
      sites: data.sites.map((s) => ({ ...s, levelLabel: levelLabel(req.t, s.level), flags: flagLabels(req.t, s.flags) })),
      history: data.history.map((h) => ({ ...h, levelLabel: levelLabel(req.t, h.level) })),
    };
  }

  r.get('/suppliers/:id/score', ...read, async (req, res) => {
    const view = await supplierView(req);
    res.render('scores/supplier', {
      title: req.t('scores.supplier.title', { name: view.supplier.legalName }),
      ...view,
      canRescore: can(req.actor, 'scores.rescore'),
      styles,
    });
  });

  r.get('/scores/sites/:siteId', ...read, async (req, res) => {
    const scoreId = req.query.score ? uuidParam(req.query.score) : null;
    const data = await scores.siteScore(actorOf(req), uuidParam(req.params.siteId), scoreId);
    const s = data.score;
    res.render('scores/site', {
      title: req.t('scores.site.title', { name: data.site.name }),
      site: data.site,
      score: s && {
        ...s,
        levelLabel: levelLabel(req.t, s.level),
        inherentLevelLabel: levelLabel(req.t, s.inherentLevel),
        flags: flagLabels(req.t, s.flags),
        fallback: s.flags.includes('territoryStateFallback'),
        lines: explain(req.t, s.explained.lines),
        reproduced: s.explained.reproduced,
        weightGroups: weightRows(req.t, s.weights, DEFAULT_WEIGHTS),
        reason: reasonLabel(req.t, s.runReason),
      },
      history: data.history.map((h) => ({ ...h, levelLabel: levelLabel(req.t, h.level), reason: reasonLabel(req.t, h.reason), viewing: h.id === s?.id })),
      canRescore: can(req.actor, 'scores.rescore'),
      styles,
    });
  });

  r.get('/scores', ...read, async (req, res) => {
    const levels = parseLevelFilter(req.query.level);
    const page = pageOf(req);
    const data = await scores.list(actorOf(req), { levels, ...page });
    res.render('scores/list', {
      title: req.t('scores.list.title'),
      items: data.items.map((i) => ({ ...i, levelLabel: levelLabel(req.t, i.score?.level) })),
      total: data.total,
      datasets: data.datasets,
      levelOptions: [...RISK_LEVELS, 'unscored'].map((l) => ({
        key: l, label: l === 'unscored' ? req.t('scores.unscored') : levelLabel(req.t, l), selected: levels.includes(l as never),
      })),
      nextHref: page.offset + page.limit < data.total ? pageHref(levels, page.offset + page.limit) : null,
      prevHref: page.offset > 0 ? pageHref(levels, Math.max(0, page.offset - page.limit)) : null,
      canRescore: can(req.actor, 'scores.rescore'),
      styles,
    });
  });

  r.post('/scores/rescore', requireActor, requirePermission('scores.rescore'), async (req, res) => {
    const supplierId = typeof req.body?.supplierId === 'string' && req.body.supplierId ? uuidParam(req.body.supplierId) : null;
    if (supplierId) await scores.supplierScore(actorOf(req), supplierId); // 404 for another tenant's id
    const jobId = await scores.requestRescore(actorOf(req), supplierId ? [supplierId] : null, supplierId ? 'supplier' : 'manual');
    res.redirect(`/jobs/${jobId}`);
  });

  return r;
}
