import { geoCentroid } from 'd3-geo';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature, mesh } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry, MultiLineString } from 'geojson';
import type { GeoLevel } from './map.types.ts';

// INEGI boundaries copied into the repo (see data/mx/SOURCES.md). Resolved from this file so
// the server works whatever the current directory is.
const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'mx');

const FILES: Record<GeoLevel, { file: string; object: string }> = {
  state: { file: 'estados.topo.json', object: 'estados' },
  municipality: { file: 'municipios.topo.json', object: 'municipios' },
};

export interface TerritoryProperties {
  CVE_ENT: string;
  NOM_ENT: string;
  POB2020: number;
  CVEGEO?: string;
  CVE_MUN?: string;
  NOMGEO?: string;
}

export type TerritoryFeature = Feature<Geometry, TerritoryProperties>;
export type TerritoryCollection = FeatureCollection<Geometry, TerritoryProperties>;

/** Feature property holding the INEGI code: 2-digit state or 5-digit CVEGEO. */
export function codeProperty(level: GeoLevel): 'CVE_ENT' | 'CVEGEO' {
  return level === 'state' ? 'CVE_ENT' : 'CVEGEO';
}

export function territoryCode(level: GeoLevel, f: TerritoryFeature): string {
  return String(f.properties[codeProperty(level)]);
}

export function territoryName(level: GeoLevel, f: TerritoryFeature): string {
  return String((level === 'state' ? f.properties.NOM_ENT : f.properties.NOMGEO) ?? '');
}

/** Absolute path of the TopoJSON file for a level, for routes that serve it as is. */
export function topologyPath(level: GeoLevel): string {
  return path.join(DATA_DIR, FILES[level].file);
}

/** Name of the object inside that TopoJSON file holding the territories of the level. */
export function topologyObject(level: GeoLevel): string {
  return FILES[level].object;
}

type MxTopology = Topology<Record<string, GeometryCollection<TerritoryProperties>>>;

// Parsing the municipal file (900 KB) costs tens of ms: do it once per process.
const topologies = new Map<GeoLevel, MxTopology>();
const collections = new Map<string, TerritoryCollection>();
const texts = new Map<string, string>();

export function loadTopology(level: GeoLevel): MxTopology {
  let topo = topologies.get(level);
  if (!topo) {
    topo = JSON.parse(readFileSync(topologyPath(level), 'utf8')) as MxTopology;
    topologies.set(level, topo);
  }
  return topo;
}

function assertStateCode(stateCode: string): void {
  if (!/^\d{2}$/.test(stateCode)) throw new RangeError(`Invalid state code "${stateCode}"`);
}

/**
 * Territories of a level as GeoJSON (cached). With `stateCode`, only that state's
 * municipalities (or only that state). Municipalities without an INEGI boundary yet
 * (24059, 25019, 25020) are simply absent.
 */
export function loadGeoJson(level: GeoLevel, stateCode?: string): TerritoryCollection {
  if (stateCode !== undefined) assertStateCode(stateCode);
  const key = `${level}:${stateCode ?? '*'}`;
  let fc = collections.get(key);
  if (fc) return fc;
  if (stateCode === undefined) {
    const topo = loadTopology(level);
    fc = feature(topo, topo.objects[topologyObject(level)]) as TerritoryCollection;
  } else {
    const all = loadGeoJson(level);
    fc = { type: 'FeatureCollection', features: all.features.filter((f) => f.properties.CVE_ENT === stateCode) };
  }
  collections.set(key, fc);
  return fc;
}

/**
 * The same collection serialised for an HTTP response, with coordinates rounded to
 * 4 decimals (~10 m, far below the 1 % simplification) to keep the payload small.
 */
export function loadGeoJsonText(level: GeoLevel, stateCode?: string): string {
  const key = `${level}:${stateCode ?? '*'}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = JSON.stringify(loadGeoJson(level, stateCode), (_k, v: unknown) =>
      typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e4) / 1e4 : v,
    );
    texts.set(key, text);
  }
  return text;
}

/** Borders between states as one line geometry, drawn over the national municipal map. */
export function stateBorders(): MultiLineString {
  const topo = loadTopology('municipality');
  return mesh(topo, topo.objects.estados, (a, b) => a !== b);
}

let centroids: Map<string, [number, number]> | undefined;

/**
 * Centre [lon, lat] of a state or municipality boundary, for sites without coordinates;
 * computed once per process. Municipalities newer than the boundary file have none, so
 * their state's centre is the next best.
 */
export function territoryCentroid(code: string): [number, number] | undefined {
  if (!centroids) {
    centroids = new Map();
    for (const f of loadGeoJson('state').features) centroids.set(f.properties.CVE_ENT, geoCentroid(f) as [number, number]);
    for (const f of loadGeoJson('municipality').features) centroids.set(String(f.properties.CVEGEO), geoCentroid(f) as [number, number]);
  }
  return centroids.get(code) ?? centroids.get(code.slice(0, 2));
}
