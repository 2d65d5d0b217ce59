import { Router } from 'express';
import type { Database } from '../db/types.ts';
import { requireActor, requirePermission } from '../http/tenant.ts';
import { searchTerritories, type TerritoryQuery } from '../territories/territory.service.ts';

/**
 * GET /territories/search?q=&state= — ranked states and municipalities for the territory
 * picker (client/territory-picker.ts). Lives here until the territories feature has a
 * router of its own; it only wraps territory.service's search.
 */
export function territorySearchRoutes(deps: { db: Database }): Router {
  const r = Router();
  r.get('/territories/search', requireActor, requirePermission('territories.read'), async (req, res) => {
    const text = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 120) : '';
    const state = typeof req.query.state === 'string' && /^\d{2}$/.test(req.query.state) ? req.query.state : null;
    if (text.length < 2) {
      res.json({ status: 'none', candidates: [] });
      return;
    }
    const query: TerritoryQuery = state ? { state, municipality: text } : text;
    // A lower floor than the import's: someone typing "Tapach" should already see Tapachula.
    const result = await searchTerritories(deps.db, query, { limit: 10, minScore: 0.3 });
    res.json({
      status: result.status,
      candidates: result.candidates.map((c) => ({
        code: c.code,
        level: c.level,
        name: c.name,
        stateCode: c.stateCode,
        stateName: c.stateName,
        label: c.level === 'state' ? c.name : `${c.name}, ${c.stateName}`,
        score: c.score,
        exact: c.exact,
      })),
    });
  });
  return r;
}
