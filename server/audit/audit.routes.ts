import { Router } from 'express';
import type { Database } from '../db/types.ts';
import { dbContext } from '../auth/actor.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { findChainBreak, listAuditEntries } from './audit.queries.ts';

export function auditRoutes(deps: { db: Database }): Router {
  const r = Router();

  r.get('/settings/audit', requireActor, requirePermission('audit.read'), async (req, res) => {
    const actor = actorOf(req);
    const action = typeof req.query.action === 'string' && /^[a-z_.]{1,60}$/.test(req.query.action) ? req.query.action : undefined;
    const { entries, chain } = await deps.db.tx(dbContext(actor), async (q) => ({
      entries: await listAuditEntries(q, 200, action),
      chain: await findChainBreak(q),
    }));
    res.render('audit/index', { title: req.t('audit.title'), entries, chain, action });
  });

  return r;
}
