import type { Locale } from '../i18n/index.ts';
import type { Translate } from '../maps/map-labels.ts';
import { loadGeoJson, territoryCode } from '../maps/geo-data.ts';
import type { MunicipalityRisk, RiskDataset, RiskValue, StateRisk, TerritoryRisk } from '../risk-datasets/risk-dataset.service.ts';
import type { TerritorySites } from './territory-sites.queries.ts';
import { levelLabel, mapLevels, territoryHref } from './territory.map.ts';

// What the territory templates show, already translated: Handlebars only places it.

export function datasetView(dataset: RiskDataset | null, t: Translate, locale: Locale) {
  if (!dataset) return null;
  return {
    name: dataset.name,
    version: dataset.version,
    year: dataset.year,
    source: dataset.source,
    licence: dataset.licence,
    isDemo: dataset.isDemo,
    levels: mapLevels(dataset, t, locale),
  };
}

function levelView(value: RiskValue | null, t: Translate, locale: Locale) {
  if (!value) return null;
  return { key: value.level, label: levelLabel(t, locale, value.level), index: value.index };
}

/** Factor weights in the file's column order, as the source published them. */
function weightsView(weights: Record<string, number> | null) {
  return Object.entries(weights ?? {}).map(([factor, weight]) => ({ factor, weight }));
}

export function riskView(risk: TerritoryRisk | null, t: Translate, locale: Locale) {
  if (!risk) return null;
  return {
    ...levelView(risk, t, locale)!,
    score: risk.score,
    fallback: risk.fallback === 'state',
    weights: weightsView(risk.factorWeights),
  };
}

export function stateRows(states: StateRisk[], t: Translate, locale: Locale) {
  return states.map((s) => ({
    code: s.code,
    name: s.name,
    href: territoryHref(s.code),
    population: s.population,
    risk: levelView(s.risk, t, locale),
  }));
}

/** Municipalities INEGI has drawn (three created in 2024 have no boundary yet). */
function drawnMunicipalities(stateCode: string): Set<string> {
  return new Set(loadGeoJson('municipality', stateCode).features.map((f) => territoryCode('municipality', f)));
}

export function municipalityRows(municipalities: MunicipalityRisk[], stateCode: string, t: Translate, locale: Locale) {
  const drawn = drawnMunicipalities(stateCode);
  return municipalities.map((m) => ({
    code: m.code,
    name: m.name,
    href: territoryHref(m.code),
    population: m.population,
    createdAfterCensus: m.createdAfterCensus,
    onMap: drawn.has(m.code),
    fallback: m.fallback === 'state',
    risk: levelView(m.risk, t, locale),
  }));
}

export function sitesView(sites: TerritorySites | null) {
  if (!sites) return null;
  return {
    rows: sites.rows.map((s) => ({ ...s, href: `/suppliers/${s.supplierId}` })),
    total: sites.total,
    cut: sites.total > sites.rows.length,
  };
}
