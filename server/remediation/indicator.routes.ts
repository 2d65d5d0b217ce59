import { Router } from 'express';
import type { RemediationServices } from './remediation.service.ts';
import { STYLES } from './view.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { periodSchema } from './remediation.schema.ts';
import { sendExport } from './export.http.ts';
import { CHILD_MEASURES } from './indicators.ts';

export function indicatorRoutes(deps: { remediation: RemediationServices }): Router {
  const { indicators } = deps.remediation;
  const r = Router();

  r.get('/remediation/indicators', requireActor, requirePermission('indicators.read'), async (req, res) => {
    const period = periodSchema.parse(req.query);
    const data = await indicators.overview(actorOf(req), period);
    const rate = data.actions.rate === null ? null : Math.round(data.actions.rate * 1000) / 10;
    res.render('remediation/indicators', { styles: STYLES, title: req.t('remediation.indicators.title'), ...data, period, onTimePercent: rate, childMeasures: CHILD_MEASURES });
  });

  r.get('/remediation/indicators/export', requireActor, requirePermission('indicators.read'), async (req, res) => {
    const period = periodSchema.parse(req.query);
    await sendExport(req, res, (format) => indicators.exportFile(actorOf(req), 'indicators', format, req.t, period));
  });

  return r;
}
