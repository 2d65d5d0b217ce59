import type { Feature, FeatureCollection, Point } from 'geojson';
import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { territoryCentroid } from '../maps/geo-data.ts';
import type { SitePointProperties } from '../maps/map.types.ts';
import { getActiveDataset } from '../risk-datasets/risk-dataset.service.ts';
import { selectMapSites, selectTerritoryLevels, type MapFilters } from './site.queries.ts';
import { scoreLevelColor } from '../maps/palette.ts';

/** Leaflet draws SVG markers: beyond a few thousand the page stops being usable. */
export const MAP_MAX_POINTS = 5000;

import type { Translate } from '../i18n/index.ts';


export interface SitePoints {
  points: FeatureCollection<Point, SitePointProperties>;
  total: number;
  approximate: number;
}

/**
 * The tenant's active sites as GeoJSON points coloured by their residual score level (the
 * one risk scale); `level` keeps the territory's level for the choropleth under them.
 * A site without coordinates is placed at the centre of its municipality (or state) and
 * says so in its label, so an approximate position is never taken for a surveyed one.
 */
export async function sitePoints(db: Database, actor: Actor, t: Translate, filters: MapFilters = {}): Promise<SitePoints> {
  authorize(actor, 'suppliers.read');
  return db.tx(dbContext(actor), async (q) => {
    const { rows, total } = await selectMapSites(q, MAP_MAX_POINTS, filters);
    const dataset = await getActiveDataset(q, 'MX');
    const codes = [...new Set(rows.map((r) => r.territory_code).filter((c): c is string => Boolean(c)))];
    const levels = dataset ? await selectTerritoryLevels(q, dataset.id, codes) : new Map<string, string>();
    let approximate = 0;
    const features: Feature<Point, SitePointProperties>[] = [];
    for (const r of rows) {
      let lonLat: [number, number] | undefined;
      const exact = r.latitude !== null && r.longitude !== null;
      if (exact) lonLat = [Number(r.longitude), Number(r.latitude)];
      else if (r.territory_code) lonLat = territoryCentroid(r.territory_code);
      if (!lonLat) continue;
      if (!exact) approximate++;
      const risk = r.score_level
        ? `${t(`scoring.levels.${r.score_level}`)} (${Math.round(Number(r.residual))})`
        : t('scores.unscored');
      const label = `${r.name} · ${r.supplier_name} · ${risk}`;
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: lonLat },
        properties: {
          name: exact ? label : `${label} (${t('suppliers.map.approximate')})`,
          href: `/suppliers/${r.supplier_id}`,
          riskLevel: r.score_level ?? 'unscored',
          color: scoreLevelColor(r.score_level),
          ...(r.territory_code && levels.has(r.territory_code) ? { level: levels.get(r.territory_code) } : {}),
        },
      });
    }
    return { points: { type: 'FeatureCollection', features }, total, approximate };
  });
}
