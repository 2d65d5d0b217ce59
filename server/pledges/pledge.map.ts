import { renderChoroplethSvg, type SvgMapValue } from '../maps/svg-map.ts';
import type { Translate } from '../maps/map-labels.ts';
import { SCORE_COLORS } from '../reports/report.view.ts';
import { RISK_LEVELS } from '../scores/score.filters.ts';
import type { MunicipalityHeat } from './pledge.service.ts';

/** States drawn as maps; the table beside them lists every municipality. */
export const HEAT_MAP_STATES = 3;

/**
 * Heat-map of the clients' sites by municipality: each municipality in the colour of its
 * worst current site level, one municipal map per state (the states with most sites first),
 * server-side SVG so it works without JavaScript and in the PDF report.
 */
export function portfolioHeatMaps(rows: readonly MunicipalityHeat[], t: Translate, locale: string, size = { width: 560, height: 380 }): { stateCode: string; svg: string }[] {
  const byState = new Map<string, MunicipalityHeat[]>();
  for (const r of rows) byState.set(r.stateCode, [...(byState.get(r.stateCode) ?? []), r]);
  const states = [...byState.entries()]
    .sort((a, b) => b[1].reduce((n, r) => n + r.sites, 0) - a[1].reduce((n, r) => n + r.sites, 0) || a[0].localeCompare(b[0]))
    .slice(0, HEAT_MAP_STATES);
  const levels = RISK_LEVELS.map((key) => ({ key, label: t(`scoring.levels.${key}`), color: SCORE_COLORS[key] }));
  return states.map(([stateCode, list]) => {
    const values: Record<string, SvgMapValue> = {};
    for (const m of list) {
      values[m.code] = { level: m.worst ?? 'unscored', label: t('pledges.heat.tip', { name: m.name, count: m.sites }) };
    }
    return {
      stateCode,
      svg: renderChoroplethSvg({
        level: 'municipality', stateCode, values, levels, t, locale, width: size.width, height: size.height,
        title: t('pledges.heat.mapTitle', { state: stateCode }), idPrefix: `heat${stateCode}`,
      }),
    };
  });
}
