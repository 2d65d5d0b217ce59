import { hasKey, type Locale } from '../i18n/index.ts';
import { mapLabels, type Translate } from '../maps/map-labels.ts';
import { riskLevelPalette } from '../maps/palette.ts';
import { renderChoroplethSvg } from '../maps/svg-map.ts';
import type { GeoLevel, MapDataset, MapLevel, MapValue, MapValuesPayload } from '../maps/map.types.ts';
import type { MunicipalityRisk, RiskDataset, StateRisk } from '../risk-datasets/risk-dataset.service.ts';

/** Page of a territory; states and municipalities share the URL space (2 vs 5 digits). */
export function territoryHref(code: string): string {
  return `/territories/${code}`;
}

/** Dataset levels are free text: the usual ones have translations, others show as written. */
export function levelLabel(t: Translate, locale: Locale, level: string): string {
  const key = `riskDatasets.levels.${level}`;
  return /^[a-z_]+$/.test(level) && hasKey(locale, key) ? t(key) : level;
}

/** The dataset's levels, lowest first, with the map colours (the same on every map). */
export function mapLevels(dataset: RiskDataset, t: Translate, locale: Locale): MapLevel[] {
  const colors = riskLevelPalette(dataset.levelScale.length);
  return dataset.levelScale.map((l, i) => ({ key: l.level, label: levelLabel(t, locale, l.level), color: colors[i] }));
}

export function mapDataset(dataset: RiskDataset | null, t: Translate): MapDataset {
  if (!dataset) return { name: t('territories.dataset.none'), isDemo: false };
  return { name: dataset.name, version: dataset.version, isDemo: dataset.isDemo };
}

export type TerritoryRiskRow = StateRisk | MunicipalityRisk;

function isMunicipality(row: TerritoryRiskRow): row is MunicipalityRisk {
  return 'fallback' in row;
}

/** Values by INEGI code for client/map.ts and the SVG renderer; territories with no data are left out. */
export function mapValues(rows: TerritoryRiskRow[], t: Translate): Record<string, MapValue> {
  const values: Record<string, MapValue> = {};
  for (const row of rows) {
    if (!row.risk) continue;
    const fallback = isMunicipality(row) && row.fallback === 'state';
    values[row.code] = {
      level: row.risk.level,
      label: fallback ? `${row.name} · ${t('territories.risk.fallbackShort')}` : row.name,
      index: row.risk.index,
      href: territoryHref(row.code),
    };
  }
  return values;
}

/** Body of /territories/risk/*.json: the format client/map.ts reads (see its header). */
export function mapPayload(dataset: RiskDataset | null, rows: TerritoryRiskRow[], t: Translate, locale: Locale): MapValuesPayload {
  return {
    dataset: mapDataset(dataset, t),
    levels: dataset ? mapLevels(dataset, t, locale) : [],
    values: dataset ? mapValues(rows, t) : {},
    labels: mapLabels(t),
  };
}

export interface RiskMapSvgOptions {
  level: GeoLevel;
  stateCode?: string;
  dataset: RiskDataset | null;
  rows: TerritoryRiskRow[];
  t: Translate;
  locale: Locale;
  title?: string;
  width?: number;
  height?: number;
  idPrefix?: string;
}

/**
 * The same map as a standalone SVG (no-JS fallback of the pages, and reports): legend,
 * "Fuente: INEGI" and the dataset attribution, demo label included when it is demo data.
 */
export function riskMapSvg(o: RiskMapSvgOptions): string {
  const payload = mapPayload(o.dataset, o.rows, o.t, o.locale);
  return renderChoroplethSvg({
    level: o.level,
    stateCode: o.stateCode,
    values: payload.values,
    levels: payload.levels,
    dataset: o.dataset ? payload.dataset : undefined,
    t: o.t,
    locale: o.locale,
    title: o.title,
    width: o.width,
    height: o.height,
    idPrefix: o.idPrefix,
  });
}
