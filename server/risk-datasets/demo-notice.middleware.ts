import type { RequestHandler } from 'express';
import type { Database } from '../db/types.ts';
import { getActiveDataset } from './risk-dataset.service.ts';

/**
 * Tells every page whether the risk dataset in use (Mexico's active one) is demo data, so
 * each page that shows risk levels carries the demo badge (partial `demo-badge`), lists
 * included: a level read out of context must not pass for an official figure.
 */
export function demoDatasetNotice(db: Database, cacheMs = 10_000): RequestHandler {
  // Which dataset is in use changes when a platform administrator activates another, rarely;
  // asking on every page was a transaction per view. A badge at most 10 s late is fine.
  let cached: { at: number; value: Promise<Awaited<ReturnType<typeof getActiveDataset>>> } | undefined;
  return async (req, res, next) => {
    if (!req.actor || req.actor.apiKeyId || req.path.startsWith('/api/')) return next();
    if (!cached || Date.now() - cached.at > cacheMs) {
      const value = db.tx({ orgId: null, userId: null }, (q) => getActiveDataset(q, 'MX'));
      cached = { at: Date.now(), value };
      value.catch(() => (cached = undefined));
    }
    const active = await cached.value;
    res.locals.demoDataset = active?.isDemo ? { name: active.name, version: active.version } : null;
    next();
  };
}
