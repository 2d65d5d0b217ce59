// Choropleth maps for territory pages. Every input comes from data-* attributes and the
// JSON they point to: the server renders all wording, so this file holds no user text.
//
//   <div data-map data-geo-url="…" data-values-url="…" data-code-prop="CVE_ENT|CVEGEO"
//        [data-points-url="…"] [data-topo-object="municipios"] [data-state-code="07"]
//        [data-label-source="Fuente: INEGI" data-label-demo="…" data-label-legend-title="…" …]>
import * as L from 'leaflet';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { MapLabels, MapLevel, MapValuesPayload, SitePointProperties } from '../server/maps/map.types.ts';

const NO_DATA_COLOR = '#d9d9d9';
const SITE_COLOR = '#1f3a5f';
const LABEL_KEYS: (keyof MapLabels)[] = ['source', 'demo', 'legendTitle', 'noData', 'level', 'index', 'sites', 'error'];

async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

function toFeatures(data: unknown, objectName?: string): FeatureCollection {
  const obj = data as { type?: string };
  if (obj.type === 'Topology') {
    const topo = data as Topology;
    const name = objectName ?? Object.keys(topo.objects)[0];
    const fc = feature(topo, topo.objects[name]);
    return fc.type === 'FeatureCollection' ? fc : { type: 'FeatureCollection', features: [fc] };
  }
  if (obj.type === 'FeatureCollection') return data as FeatureCollection;
  throw new Error('data-geo-url must return GeoJSON or TopoJSON');
}

/** Labels from the payload, overridden by data-label-* attributes of the element. */
function readLabels(el: HTMLElement, payload?: MapValuesPayload): Partial<MapLabels> {
  const labels: Partial<MapLabels> = { ...payload?.labels };
  for (const key of LABEL_KEYS) {
    const attr = el.dataset[`label${key[0].toUpperCase()}${key.slice(1)}`];
    if (attr !== undefined) labels[key] = attr;
  }
  return labels;
}

function sameOriginUrl(href: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, window.location.href);
    return url.origin === window.location.origin ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function legendControl(levels: MapLevel[], labels: Partial<MapLabels>, showNoData: boolean, showSites: boolean, sitesColoured = false): L.Control {
  const control = new L.Control({ position: 'bottomright' });
  control.onAdd = () => {
    const box = el('div', 'map-legend');
    if (labels.legendTitle) box.appendChild(el('div', 'map-legend__title', labels.legendTitle));
    const item = (color: string, label: string, kind: string) => {
      const row = el('div', `map-legend__item map-legend__item--${kind}`);
      const swatch = el('span', 'map-legend__swatch');
      swatch.style.backgroundColor = color; // CSSOM, allowed under a strict CSP
      row.append(swatch, el('span', 'map-legend__label', label));
      box.appendChild(row);
    };
    for (const level of [...levels].reverse()) item(level.color, level.label, 'level');
    if (showNoData && labels.noData) item(NO_DATA_COLOR, labels.noData, 'no-data');
    // Sites coloured by their own risk (legend on the page) are shown here by their outline only.
    if (showSites && labels.sites) item(sitesColoured ? '#ffffff' : SITE_COLOR, labels.sites, 'site');
    return box;
  };
  return control;
}

function tooltipContent(name: string, lines: string[]): HTMLElement {
  const box = el('div', 'map-tooltip');
  box.appendChild(el('strong', 'map-tooltip__name', name));
  for (const line of lines) box.appendChild(el('div', 'map-tooltip__line', line));
  return box;
}

async function renderMap(container: HTMLElement): Promise<void> {
  const { geoUrl, valuesUrl, pointsUrl, codeProp = 'CVEGEO', topoObject, stateCode } = container.dataset;
  if (!geoUrl || !valuesUrl) throw new Error('data-geo-url and data-values-url are required');
  const [geoData, payload, points] = await Promise.all([
    fetchJson<unknown>(geoUrl),
    fetchJson<MapValuesPayload>(valuesUrl),
    pointsUrl ? fetchJson<FeatureCollection<Point, SitePointProperties>>(pointsUrl) : Promise.resolve(undefined),
  ]);
  const labels = readLabels(container, payload);
  let geo = toFeatures(geoData, topoObject);
  if (stateCode) geo = { ...geo, features: geo.features.filter((f) => f.properties?.CVE_ENT === stateCode) };

  const levelByKey = new Map(payload.levels.map((l) => [l.key, l]));
  const valueOf = (f: Feature | undefined) => {
    const v = payload.values[String(f?.properties?.[codeProp] ?? '')];
    return v && levelByKey.has(v.level) ? v : undefined;
  };
  const numberFormat = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 3 });

  const map = L.map(container, {
    preferCanvas: false,
    renderer: L.svg({ padding: 0.5 }),
    zoomSnap: 0.25,
    attributionControl: true,
    scrollWheelZoom: false,
  });
  // Only our own attribution: no tiles are loaded, so there is no third-party notice to keep.
  map.attributionControl.setPrefix(false);

  const baseStyle = (f?: Feature): L.PathOptions => ({
    fillColor: levelByKey.get(valueOf(f)?.level ?? '')?.color ?? NO_DATA_COLOR,
    fillOpacity: 0.9,
    color: '#ffffff',
    weight: codeProp === 'CVE_ENT' ? 1 : 0.4,
    className: 'map-territory',
  });

  let noData = false;
  const layer = L.geoJSON(geo as FeatureCollection<Geometry>, {
    style: baseStyle,
    onEachFeature: (f, shape) => {
      const code = String(f.properties?.[codeProp] ?? '');
      const value = valueOf(f);
      if (!value) noData = true;
      const name = payload.values[code]?.label ?? String(f.properties?.NOMGEO ?? f.properties?.NOM_ENT ?? code);
      const lines: string[] = [];
      if (value) {
        lines.push(`${labels.level ? `${labels.level}: ` : ''}${levelByKey.get(value.level)!.label}`);
        if (typeof value.index === 'number') lines.push(`${labels.index ? `${labels.index}: ` : ''}${numberFormat.format(value.index)}`);
      } else if (labels.noData) {
        lines.push(labels.noData);
      }
      shape.bindTooltip(tooltipContent(name, lines), { sticky: true, direction: 'top' });
      const path = shape as L.Path;
      path.on('add', () => path.getElement()?.setAttribute('data-code', code));
      path.on('mouseover', () => path.setStyle({ weight: 2.5, color: '#222222' }).bringToFront());
      path.on('mouseout', () => layer.resetStyle(path));
      const href = sameOriginUrl(payload.values[code]?.href);
      if (href) path.on('click', () => window.location.assign(href));
    },
  }).addTo(map);

  if (points && points.features.length > 0) {
    L.geoJSON(points, {
      pointToLayer: (f: Feature<Point, SitePointProperties>, latlng) =>
        L.circleMarker(latlng, {
          radius: 5,
          color: SITE_COLOR,
          weight: 1.5,
          // The site's own residual risk when the server gives it, else its territory's level.
          fillColor: f.properties.color ?? levelByKey.get(f.properties.level ?? '')?.color ?? SITE_COLOR,
          fillOpacity: 1,
          className: `map-site map-site--${f.properties.riskLevel ?? 'territory'}`,
        }),
      onEachFeature: (f: Feature<Point, SitePointProperties>, marker) => {
        marker.bindTooltip(tooltipContent(f.properties.name, []), { direction: 'top' });
        const href = sameOriginUrl(f.properties.href);
        if (href) marker.on('click', () => window.location.assign(href));
      },
    }).addTo(map);
  }

  const bounds = layer.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [8, 8] });
  else map.setView([23.6, -102.5], 5);

  const name = payload.dataset.version ? `${payload.dataset.name} ${payload.dataset.version}` : payload.dataset.name;
  const parts = [labels.source ?? 'INEGI', name];
  if (payload.dataset.isDemo && labels.demo) parts.push(labels.demo);
  // Leaflet inserts attributions as HTML.
  map.attributionControl.addAttribution(parts.map(escapeHtml).join(' · '));
  if (payload.dataset.isDemo) container.classList.add('map--demo');

  const sitesColoured = Boolean(points?.features.some((f) => f.properties.color));
  legendControl(payload.levels, labels, noData, Boolean(points?.features.length), sitesColoured).addTo(map);
}

async function init(): Promise<void> {
  const containers = Array.from(document.querySelectorAll<HTMLElement>('[data-map]'));
  await Promise.all(
    containers.map(async (container) => {
      try {
        await renderMap(container);
        container.dataset.mapState = 'ready';
      } catch (err) {
        container.dataset.mapState = 'error';
        const message = readLabels(container).error;
        if (message) container.appendChild(el('p', 'map-error', message));
        console.error(err);
      }
    }),
  );
  document.dispatchEvent(new CustomEvent('maps:ready'));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void init());
else void init();
