import { Router } from 'express';
import { suspendSchema, type PlatformService } from './platform.service.ts';
import { parseInput } from '../http/validate.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { ValidationFailed } from '../errors.ts';
import { auditActionLabel, auditTargetLabel } from '../audit/audit.labels.ts';
import { hasKey, pickLocale } from '../i18n/index.ts';

export function platformRoutes(deps: { platform: PlatformService }): Router {
  const { platform } = deps;
  const r = Router();
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 100) : null);

  r.get('/platform', async (req, res) => {
    const q = text(req.query.q);
    const organizations = await platform.organizations(req.user, q);
    res.render('platform/index', { title: req.t('platform.title'), organizations, q });
  });

  r.post('/platform/organizations/:id/suspend', async (req, res) => {
    const id = uuidParam(req.params.id);
    try {
      const { reason } = parseInput(suspendSchema, req.body);
      await platform.suspend(req.user, id, reason, req.ip ?? null);
      flash(req, 'success', 'platform.suspended.done');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      flash(req, 'error', 'platform.errors.reason');
    }
    res.redirect('/platform');
  });

  r.post('/platform/organizations/:id/reactivate', async (req, res) => {
    await platform.reactivate(req.user, uuidParam(req.params.id), req.ip ?? null);
    flash(req, 'success', 'platform.reactivated');
    res.redirect('/platform');
  });

  r.get('/platform/audit', async (req, res) => {
    const action = text(req.query.action);
    const locale = pickLocale(req.locale);
    const has = (key: string) => hasKey(locale, key);
    // Actions by name, never as codes (the organisation's audit page does the same).
    const entries = (await platform.auditLog(req.user, action)).map((e) => ({
      ...e, actionLabel: auditActionLabel(req.t, has, e.action), targetLabel: e.target_type ? auditTargetLabel(req.t, has, e.target_type) : '',
    }));
    res.render('platform/audit', { title: req.t('platform.audit.title'), entries, action });
  });

  return r;
}
