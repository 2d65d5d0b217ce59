import { Router } from 'express';
import type { Database } from '../db/types.ts';
import { dbContext } from '../auth/actor.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { getActiveDataset, listStatesWithRisk } from '../risk-datasets/risk-dataset.service.ts';
import { loadGeoJsonText } from './geo-data.ts';
import { mapLabels, type Translate } from './map-labels.ts';
import { riskLevelPalette } from './palette.ts';
import type { MapValuesPayload } from './map.types.ts';

const KNOWN_LEVELS = new Set(['low', 'medium', 'high']);

/** Dataset levels are free text; the usual three have translations, others show as written. */
function levelLabel(t: Translate, level: string): string {
  return KNOWN_LEVELS.has(level) ? t(`riskDatasets.levels.${level}`) : level;
}

/**
 * JSON for client/map.ts: state boundaries and the state risk values of the active
 * dataset. Reference data, but behind sign-in like every page of the product.
 */
export function mapDataRoutes(deps: { db: Database }): Router {
  const r = Router();
  const guard = [requireActor, requirePermission('territories.read')];

  r.get('/maps/geo/states.json', ...guard, (_req, res) => {
    res.set('Cache-Control', 'private, max-age=86400').type('application/json').send(loadGeoJsonText('state'));
  });

  r.get('/maps/risk/states.json', ...guard, async (req, res) => {
    const payload = await deps.db.tx(dbContext(actorOf(req)), async (q): Promise<MapValuesPayload> => {
      const dataset = await getActiveDataset(q, 'MX');
      if (!dataset) return { dataset: { name: req.t('suppliers.map.noDataset'), isDemo: false }, values: {}, levels: [], labels: mapLabels(req.t) };
      const colors = riskLevelPalette(dataset.levelScale.length);
      const states = await listStatesWithRisk(q, dataset.id);
      return {
        dataset: { name: dataset.name, version: dataset.version, isDemo: dataset.isDemo },
        levels: dataset.levelScale.map((l, i) => ({ key: l.level, label: levelLabel(req.t, l.level), color: colors[i] })),
        values: Object.fromEntries(
          states.filter((s) => s.risk).map((s) => [s.code, { level: s.risk!.level, label: s.name, index: s.risk!.index }]),
        ),
        labels: mapLabels(req.t),
      };
    });
    res.json(payload);
  });

  return r;
}
