import { geoConicConformal, geoPath } from 'd3-geo';
import { loadGeoJson, stateBorders, territoryCode, territoryName } from './geo-data.ts';
import { attributionText, type Translate } from './map-labels.ts';
import { NO_DATA_COLOR, isSafeColor } from './palette.ts';
import { wrapText } from './wrap-text.ts';
import type { GeoLevel, MapDataset, MapLevel } from './map.types.ts';

export interface SvgMapValue {
  level: string;
  /** Overrides the INEGI name in the hover title. */
  label?: string;
  index?: number | null;
  href?: string;
}

export interface SvgSitePoint {
  lon: number;
  lat: number;
  name: string;
  level?: string;
}

export interface ChoroplethSvgOptions {
  level: GeoLevel;
  /** Municipal maps only: keep this state's municipalities (2-digit CVE_ENT). */
  stateCode?: string;
  values: Record<string, SvgMapValue>;
  levels: MapLevel[];
  t: Translate;
  title?: string;
  dataset?: MapDataset;
  points?: SvgSitePoint[];
  width?: number;
  height?: number;
  locale?: string;
  /** Prefix for element ids; set it when several maps share one page. */
  idPrefix?: string;
}

const FOOTER = 30;
const TITLE_BAND = 40;
const PAD = 8;
const SITE_COLOR = '#1f3a5f';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function safeHref(href: string | undefined): string | undefined {
  // Same-origin paths only: hrefs come from data, and "javascript:" must never get through.
  return href && /^\/(?!\/)/.test(href) ? href : undefined;
}

let autoId = 0;

/**
 * Choropleth of Mexico as a standalone SVG string (reports, and the no-JS fallback of map
 * pages). Uses INEGI's Lambert conformal conic projection, fitted to the requested size.
 * Only presentation attributes, no style elements, so it passes a strict CSP inline.
 */
export function renderChoroplethSvg(opts: ChoroplethSvgOptions): string {
  const { level, t } = opts;
  if (opts.stateCode !== undefined && level !== 'municipality') {
    throw new RangeError('stateCode filters municipal maps only');
  }
  const width = opts.width ?? 960;
  const height = opts.height ?? 640;
  const id = escapeXml(opts.idPrefix ?? `map${++autoId}`);
  const fmt = new Intl.NumberFormat(opts.locale ?? 'es-MX', { maximumFractionDigits: 3 });

  const levelByKey = new Map(opts.levels.map((l) => [l.key, l]));
  const colorOf = (key: string | undefined): string => {
    const c = key === undefined ? undefined : levelByKey.get(key)?.color;
    return c && isSafeColor(c) ? c : NO_DATA_COLOR;
  };

  const legendWidth = Math.round(Math.min(220, Math.max(150, width * 0.24)));
  const top = opts.title ? TITLE_BAND : PAD;
  // The source line wraps to the map's width (a narrow report map would cut it), and the
  // footer grows to hold it.
  const attributionLines = wrapText(attributionText(t, opts.dataset), Math.max(30, Math.floor((width - 2 * PAD) / 6.2)));
  const footer = FOOTER + (attributionLines.length - 1) * 13;
  const mapBox: [[number, number], [number, number]] = [
    [PAD, top + PAD],
    [width - legendWidth - PAD, height - footer - PAD],
  ];

  const fc = loadGeoJson(level, opts.stateCode);
  const projection = geoConicConformal().parallels([17.5, 29.5]).rotate([102, 0]).fitExtent(mapBox, fc);
  const path = geoPath(projection).digits(1);

  let noData = 0;
  const shapes: string[] = [];
  for (const f of fc.features) {
    const code = territoryCode(level, f);
    const value = opts.values[code];
    const known = value && levelByKey.has(value.level) ? value : undefined;
    if (!known) noData++;
    const tip = [value?.label ?? territoryName(level, f)];
    if (known) tip.push(`${t('maps.tooltip.level')}: ${levelByKey.get(known.level)!.label}`);
    else tip.push(t('maps.legend.noData'));
    if (known && typeof known.index === 'number') tip.push(`${t('maps.tooltip.index')}: ${fmt.format(known.index)}`);
    const d = path(f);
    if (!d) continue;
    const shape =
      `<path d="${d}" data-code="${escapeXml(code)}" data-level="${escapeXml(known?.level ?? '')}" ` +
      `fill="${escapeXml(colorOf(known?.level))}"><title>${escapeXml(tip.join(' — '))}</title></path>`;
    const href = safeHref(value?.href);
    shapes.push(href ? `<a href="${escapeXml(href)}">${shape}</a>` : shape);
  }

  const borders =
    level === 'municipality' && opts.stateCode === undefined
      ? `<path class="state-borders" d="${path(stateBorders())}" fill="none" stroke="#555" stroke-width="0.8"/>`
      : '';

  const sites = (opts.points ?? [])
    .map((p) => ({ p, xy: projection([p.lon, p.lat]) }))
    .filter(({ xy }) => xy && xy[0] >= mapBox[0][0] && xy[0] <= mapBox[1][0] && xy[1] >= mapBox[0][1] && xy[1] <= mapBox[1][1])
    .map(
      ({ p, xy }) =>
        `<circle class="site" cx="${xy![0].toFixed(1)}" cy="${xy![1].toFixed(1)}" r="4" fill="${escapeXml(p.level ? colorOf(p.level) : SITE_COLOR)}" ` +
        `stroke="${SITE_COLOR}" stroke-width="1.5"><title>${escapeXml(p.name)}</title></circle>`,
    );

  const legend = renderLegend(opts, t, width - legendWidth, top + PAD, noData > 0, sites.length > 0, colorOf);
  const attribution = attributionLines.join(' ');
  const description = t(`maps.description.${level}`);

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="choropleth" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
      `role="img" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">`,
    `<title id="${id}-title">${escapeXml(opts.title ?? description)}</title>`,
    `<desc id="${id}-desc">${escapeXml(`${description} ${attribution}`)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    opts.title ? `<text x="${PAD}" y="26" font-size="18" font-weight="600" fill="#222">${escapeXml(opts.title)}</text>` : '',
    `<g class="territories" stroke="#ffffff" stroke-width="${level === 'state' ? 0.8 : 0.25}" stroke-linejoin="round">${shapes.join('')}</g>`,
    borders,
    sites.length ? `<g class="sites">${sites.join('')}</g>` : '',
    legend,
    `<text class="attribution" x="${PAD}" y="${height - 10 - (attributionLines.length - 1) * 13}" font-size="11" fill="#444">` +
      attributionLines.map((l, i) => `<tspan x="${PAD}" dy="${i ? 13 : 0}">${escapeXml(l)}</tspan>`).join('') + '</text>',
    '</svg>',
  ].join('');
}

function renderLegend(
  opts: ChoroplethSvgOptions,
  t: Translate,
  x: number,
  y: number,
  showNoData: boolean,
  showSites: boolean,
  colorOf: (key: string) => string,
): string {
  const row = 22;
  const items: string[] = [`<text x="${x}" y="${y + 12}" font-size="13" font-weight="600" fill="#222">${escapeXml(t('maps.legend.title'))}</text>`];
  let cy = y + 24;
  const swatch = (fill: string, label: string, kind = 'level') => {
    items.push(
      `<g class="legend-item" data-kind="${kind}"><rect x="${x}" y="${cy}" width="16" height="14" fill="${escapeXml(fill)}" stroke="#999" stroke-width="0.5"/>` +
        `<text x="${x + 22}" y="${cy + 11}" font-size="12" fill="#222">${escapeXml(label)}</text></g>`,
    );
    cy += row;
  };
  // Highest risk on top, as readers scan a legend downwards from the most important.
  for (const l of [...opts.levels].reverse()) swatch(colorOf(l.key), l.label);
  if (showNoData) swatch(NO_DATA_COLOR, t('maps.legend.noData'), 'no-data');
  if (showSites) {
    items.push(
      `<g class="legend-item" data-kind="sites"><circle cx="${x + 8}" cy="${cy + 7}" r="4" fill="${SITE_COLOR}"/>` +
        `<text x="${x + 22}" y="${cy + 11}" font-size="12" fill="#222">${escapeXml(t('maps.legend.sites'))}</text></g>`,
    );
    cy += row;
  }
  if (opts.dataset?.isDemo) {
    items.push(
      `<text class="demo-label" x="${x}" y="${cy + 16}" font-size="12" font-weight="700" fill="#b10026">${escapeXml(t('maps.demo'))}</text>`,
    );
  }
  return `<g class="legend">${items.join('')}</g>`;
}
