import { Router } from 'express';
import type { Database } from '../db/types.ts';

export function healthRoutes(deps: { db: Database }): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    const started = Date.now();
    try {
      await deps.db.tx({ orgId: null, userId: null }, (q) => q.query('SELECT 1'));
      res.json({ status: 'ok', database: { status: 'up', kind: deps.db.kind, latencyMs: Date.now() - started } });
    } catch (err) {
      res.status(503).json({ status: 'degraded', database: { status: 'down', kind: deps.db.kind, error: (err as Error).message } });
    }
  });
  return r;
}
