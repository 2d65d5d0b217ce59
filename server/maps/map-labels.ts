import type { MapDataset, MapLabels } from './map.types.ts';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Texts of the browser map, translated on the server (client code holds no wording). */
export function mapLabels(t: Translate): MapLabels {
  return {
    source: t('maps.source'),
    demo: t('maps.demo'),
    legendTitle: t('maps.legend.title'),
    noData: t('maps.legend.noData'),
    level: t('maps.tooltip.level'),
    index: t('maps.tooltip.index'),
    sites: t('maps.legend.sites'),
    error: t('maps.error'),
  };
}

/** "Fuente: INEGI · Datos de riesgo: <name> <version>[ · demo …]" — every map carries it. */
export function attributionText(t: Translate, dataset?: MapDataset): string {
  const source = t('maps.source');
  if (!dataset) return source;
  const name = dataset.version ? `${dataset.name} ${dataset.version}` : dataset.name;
  const parts = [source, t('maps.dataset', { name })];
  if (dataset.isDemo) parts.push(t('maps.demo'));
  return parts.join(' · ');
}
