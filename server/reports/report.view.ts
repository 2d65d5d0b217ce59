import type { Queryable } from '../db/types.ts';
import { hasKey, type Locale, type Translate } from '../i18n/index.ts';
import { renderChoroplethSvg, type SvgMapValue, type SvgSitePoint } from '../maps/svg-map.ts';
import { riskLevelPalette, SCORE_LEVEL_COLORS, UNSCORED_COLOR } from '../maps/palette.ts';
import type { MapLevel } from '../maps/map.types.ts';
import { listMunicipalitiesWithRisk, listStatesWithRisk, type RiskDataset } from '../risk-datasets/risk-dataset.service.ts';
import { RISK_LEVELS } from '../scores/score.filters.ts';
import { territoryCentroid } from '../maps/geo-data.ts';

/** Score levels (low → critical) with their colours, as every report shows them. */
export const SCORE_COLORS: Record<string, string> = Object.fromEntries(RISK_LEVELS.map((l) => [l, SCORE_LEVEL_COLORS[l]]));
export { UNSCORED_COLOR };

/** A dataset's own level name in words when one is known (datasets may bring other level sets). */
export function levelName(t: Translate, locale: Locale, level: string | null | undefined): string {
  if (!level) return '—';
  return hasKey(locale, `scoring.levels.${level}`) ? t(`scoring.levels.${level}`) : level;
}

export function datasetLevels(t: Translate, locale: Locale, dataset: RiskDataset): MapLevel[] {
  const colors = riskLevelPalette(dataset.levelScale.length);
  return dataset.levelScale.map((d, i) => ({ key: d.level, label: levelName(t, locale, d.level), color: colors[i] }));
}

export interface DatasetInfo {
  id: string | null;
  name: string | null;
  version: string | null;
  year: number | null;
  source: string | null;
  licence: string | null;
  isDemo: boolean;
}

export function datasetInfo(d: RiskDataset | null): DatasetInfo {
  return d
    ? { id: d.id, name: d.name, version: d.version, year: d.year, source: d.source, licence: d.licence, isDemo: d.isDemo }
    : { id: null, name: null, version: null, year: null, source: null, licence: null, isDemo: false };
}

/**
 * Where a site goes on a report map: its coordinates, else the centre of its municipality
 * or state (most imported sites have a place but no coordinates). Undefined without either.
 */
export function mapPointOf(s: { name: string; latitude: string | number | null; longitude: string | number | null; territoryCode: string | null; stateCode: string | null }): (SvgSitePoint & { approximate: boolean }) | undefined {
  if (s.latitude !== null && s.longitude !== null) return { lon: Number(s.longitude), lat: Number(s.latitude), name: s.name, approximate: false };
  const centre = (s.territoryCode && territoryCentroid(s.territoryCode)) || (s.stateCode && territoryCentroid(s.stateCode)) || undefined;
  return centre ? { lon: centre[0], lat: centre[1], name: s.name, approximate: true } : undefined;
}

/** Share as a whole percentage, or null when there is nothing to divide by. */
export function percent(n: number, of: number): number | null {
  return of > 0 ? Math.round((n / of) * 100) : null;
}

interface MapRequest {
  q: Queryable;
  t: Translate;
  locale: Locale;
  dataset: RiskDataset;
  /** One state: its municipalities; none: the national map of states. */
  stateCode?: string;
  points: SvgSitePoint[];
  width: number;
  height: number;
  idPrefix: string;
  title?: string;
  /** Room added on the right for the legend and attribution (see widenRight). */
  extraRight?: number;
}

/** Small SVG choropleth of the dataset's levels with the sites on top, for a report page. */
export async function riskMapSvg(m: MapRequest): Promise<string> {
  const values: Record<string, SvgMapValue> = {};
  if (m.stateCode) {
    for (const mun of await listMunicipalitiesWithRisk(m.q, m.dataset.id, m.stateCode)) {
      if (mun.risk) values[mun.code] = { level: mun.risk.level, label: mun.name, index: mun.risk.index };
    }
  } else {
    for (const st of await listStatesWithRisk(m.q, m.dataset.id)) {
      if (st.risk) values[st.code] = { level: st.risk.level, label: st.name, index: st.risk.index };
    }
  }
  const svg = renderChoroplethSvg({
    level: m.stateCode ? 'municipality' : 'state',
    stateCode: m.stateCode,
    values,
    levels: datasetLevels(m.t, m.locale, m.dataset),
    t: m.t,
    title: m.title,
    dataset: { name: m.dataset.name, version: m.dataset.version, isDemo: m.dataset.isDemo },
    points: m.points,
    width: m.width,
    height: m.height,
    locale: m.locale,
    idPrefix: m.idPrefix,
  });
  return widenRight(svg, m.width, m.height, m.extraRight ?? 0);
}

/**
 * Widens the SVG's canvas to the right: the legend title and the attribution line are sized
 * for wide screen maps and would be clipped at the small widths of a report page.
 */
export function widenRight(svg: string, width: number, height: number, extra: number): string {
  if (extra <= 0) return svg;
  const head = `viewBox="0 0 ${width} ${height}" width="${width}"`;
  if (!svg.includes(head)) return svg;
  return svg.replace(head, `viewBox="0 0 ${width + extra} ${height}" width="${width + extra}"`);
}

/** Chart.js config for canvas[data-chart]: fixed size, no animation (client/charts.ts print mode). */
export function barChart(labels: string[], data: number[], colors: string[], opts: { horizontal?: boolean; max?: number } = {}) {
  return {
    type: 'bar',
    data: { labels, datasets: [{ data, backgroundColor: colors, borderWidth: 0 }] },
    options: {
      responsive: false,
      indexAxis: opts.horizontal ? 'y' : 'x',
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
      scales: { [opts.horizontal ? 'x' : 'y']: { beginAtZero: true, ...(opts.max !== undefined ? { max: opts.max } : {}), ticks: { precision: 0 } } },
    },
  };
}

export function doughnutChart(labels: string[], data: number[], colors: string[]) {
  return {
    type: 'doughnut',
    data: { labels, datasets: [{ data, backgroundColor: colors, borderWidth: 1 }] },
    options: { responsive: false, plugins: { legend: { position: 'right' }, tooltip: { enabled: false } } },
  };
}

/** One dataset per level, stacked: the portfolio's risk distribution per client. */
export function stackedBarChart(labels: string[], series: { label: string; data: number[]; color: string }[]) {
  return {
    type: 'bar',
    data: { labels, datasets: series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.color, borderWidth: 0 })) },
    options: {
      responsive: false,
      indexAxis: 'y',
      plugins: { legend: { position: 'bottom' }, tooltip: { enabled: false } },
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
    },
  };
}
