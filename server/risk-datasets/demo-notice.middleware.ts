import type { RequestHandler } from 'express';
import type { Database } from '../db/types.ts';
import { getActiveDataset } from './risk-dataset.service.ts';

/**
 * Tells every page whether the risk dataset in use (Mexico's active one) is demo data, so
 * each page that shows risk levels carries the demo badge (partial `demo-badge`), lists
 * included: a level read out of context must not pass for an official figure.
 */
export function demoDatasetNotice(db: Database): RequestHandler {
  return async (req, res, next) => {
    if (!req.actor || req.actor.apiKeyId || req.path.startsWith('/api/')) return next();
    const active = await db.tx({ orgId: null, userId: null }, (q) => getActiveDataset(q, 'MX'));
    res.locals.demoDataset = active?.isDemo ? { name: active.name, version: active.version } : null;
    next();
  };
}
