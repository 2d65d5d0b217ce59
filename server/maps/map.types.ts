// Shapes shared by the server (SVG maps, JSON endpoints) and client/map.ts.
// Type-only: the client bundle imports nothing at run time from here.

export type GeoLevel = 'state' | 'municipality';

/** One risk level of a dataset, ordered from lowest to highest risk. */
export interface MapLevel {
  key: string;
  label: string;
  color: string;
}

export interface MapValue {
  level: string;
  /** Territory name as the user should read it. */
  label: string;
  index?: number | null;
  /** Page to open when the territory is clicked (same-origin path). */
  href?: string;
}

export interface MapDataset {
  name: string;
  version?: string;
  isDemo: boolean;
}

/** Already-translated texts the browser map shows; the server fills them from i18n. */
export interface MapLabels {
  source: string;
  demo: string;
  legendTitle: string;
  noData: string;
  level: string;
  index: string;
  sites: string;
  error: string;
}

/** Body of the URL given in `data-values-url`. */
export interface MapValuesPayload {
  dataset: MapDataset;
  values: Record<string, MapValue>;
  levels: MapLevel[];
  labels?: Partial<MapLabels>;
}

/** Properties of a site point in the GeoJSON given in `data-points-url`. */
export interface SitePointProperties {
  name: string;
  href?: string;
  level?: string;
  /** The site's residual score level ('unscored' while not scored) and its colour. */
  riskLevel?: string;
  color?: string;
}
