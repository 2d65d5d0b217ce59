import { Router } from 'express';
import type { Database } from '../db/types.ts';
import { dbContext } from '../auth/actor.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { findChainBreak, listAuditEntries } from './audit.queries.ts';
import { AUDIT_TARGETS, auditActionLabel, auditTargetLabel } from './audit.labels.ts';
import { hasKey, pickLocale } from '../i18n/index.ts';

export function auditRoutes(deps: { db: Database }): Router {
  const r = Router();

  r.get('/settings/audit', requireActor, requirePermission('audit.read'), async (req, res) => {
    const actor = actorOf(req);
    const action = typeof req.query.action === 'string' && /^[a-z_.]{1,60}$/.test(req.query.action) ? req.query.action : undefined;
    const { entries, chain } = await deps.db.tx(dbContext(actor), async (q) => ({
      entries: await listAuditEntries(q, 200, action),
      chain: await findChainBreak(q),
    }));
    const locale = pickLocale(req.locale);
    const has = (key: string) => hasKey(locale, key);
    const labelled = entries.map((e) => ({
      ...e, actionLabel: auditActionLabel(req.t, has, e.action), targetLabel: e.target_type ? auditTargetLabel(req.t, has, e.target_type) : '',
    }));
    // The filter offers the kinds of object by name; its values are the action prefixes.
    const targets = AUDIT_TARGETS.map((code) => ({ value: `${code}.`, label: auditTargetLabel(req.t, has, code) })).sort((a, b) => a.label.localeCompare(b.label, locale));
    res.render('audit/index', { title: req.t('audit.title'), entries: labelled, chain, action, targets });
  });

  return r;
}
