import { normalizeLabel } from './normalize.ts';

/**
 * What is done at a site. The list follows the activities where child labour is
 * most reported in Mexico (agricultural harvest and packing, brick kilns,
 * home-based piece work) plus broad catch-alls.
 */
export const SITE_ACTIVITIES = [
  'harvest',
  'planting',
  'packing',
  'processing',
  'manufacturing',
  'home_based_work',
  'brick_making',
  'construction',
  'mining',
  'livestock',
  'fishing',
  'transport',
  'warehousing',
  'retail',
  'services',
  'other',
] as const;

export type SiteActivity = (typeof SITE_ACTIVITIES)[number];

/** Spanish and English labels accepted in the 'Actividades' column. */
const LABELS: Record<SiteActivity, string[]> = {
  harvest: ['cosecha', 'recolección', 'corte', 'pizca', 'harvesting'],
  planting: ['siembra', 'plantación', 'cultivo', 'sowing'],
  packing: ['empaque', 'empacado', 'envasado', 'packaging', 'packhouse'],
  processing: ['procesamiento', 'transformación', 'food processing'],
  manufacturing: ['manufactura', 'fabricación', 'maquila', 'maquiladora'],
  home_based_work: ['trabajo a domicilio', 'trabajo en casa', 'maquila a domicilio', 'home-based work', 'homework'],
  brick_making: ['ladrillera', 'fabricación de ladrillo', 'ladrillo', 'brick kiln', 'bricks'],
  construction: ['construcción'],
  mining: ['minería', 'extracción', 'quarrying'],
  livestock: ['ganadería', 'crianza de animales'],
  fishing: ['pesca', 'acuacultura', 'aquaculture'],
  transport: ['transporte', 'logística', 'logistics'],
  warehousing: ['almacén', 'almacenamiento', 'bodega', 'storage'],
  retail: ['comercio', 'venta', 'tienda', 'sales'],
  services: ['servicios'],
  other: ['otra', 'otro', 'otras'],
};

const ACTIVITY_BY_LABEL = new Map<string, SiteActivity>();
for (const activity of SITE_ACTIVITIES) {
  ACTIVITY_BY_LABEL.set(normalizeLabel(activity), activity);
  for (const label of LABELS[activity]) ACTIVITY_BY_LABEL.set(normalizeLabel(label), activity);
}

export function activityForLabel(label: string): SiteActivity | null {
  return ACTIVITY_BY_LABEL.get(normalizeLabel(label)) ?? null;
}

/** The Spanish label the template lists and error messages suggest. */
export function activityLabel(activity: SiteActivity): string {
  return LABELS[activity][0];
}
