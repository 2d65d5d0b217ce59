import { SECTOR_CODES, sectorFor } from '../scoring/sector-risk.ts';
import { mexicoTerritories } from '../territories/territory.data.ts';
import { SITE_ACTIVITIES } from './import/activities.ts';
import type { ListQuery } from './supplier.schema.ts';
import type { SupplierRow } from './supplier.queries.ts';
import type { SiteRow } from './site.queries.ts';
import { WORKFORCE_PARTS } from './site.schema.ts';
import { commodityFormText } from '../commodities/commodity.view.ts';
import { SCORE_LEVELS } from '../maps/palette.ts';
import type { GraphData } from './link.queries.ts';

/** View models: what the templates show, already worded in the request's language. */
type Translate = (key: string, params?: Record<string, unknown>) => string;

export function sectorLabel(t: Translate, code: string | null): string | null {
  const sector = sectorFor(code);
  return sector ? t(sector.labelKey) : null;
}

export function sectorOptions(t: Translate, selected?: string) {
  return SECTOR_CODES.map((code) => ({ value: code, label: `${code} · ${t(`scoring.sectors.${code}`)}`, selected: code === selected }));
}

export function stateOptions(selected?: string) {
  return mexicoTerritories()
    .filter((x) => x.level === 'state')
    .map((s) => ({ value: s.code, label: s.name, selected: s.code === selected }));
}

export function activityOptions(t: Translate, checked: readonly string[]) {
  return SITE_ACTIVITIES.map((a) => ({ value: a, label: t(`imports.activities.${a}`), checked: checked.includes(a) }));
}

export function activityList(t: Translate, activities: readonly string[] | null): string {
  return (activities ?? []).map((a) => ((SITE_ACTIVITIES as readonly string[]).includes(a) ? t(`imports.activities.${a}`) : a)).join(', ');
}

/** "?q=…&state=07&page=3": the current filters with some replaced, for links that keep them. */
export function queryString(query: Partial<ListQuery>, overrides: Record<string, string | number | undefined> = {}): string {
  const merged: Record<string, unknown> = { ...query, ...overrides };
  const params = new URLSearchParams();
  for (const key of ['q', 'state', 'municipality', 'sector', 'tier', 'status', 'risk', 'sort', 'page']) {
    const v = merged[key];
    if (v === undefined || v === null || v === '' || (key === 'page' && v === 1)) continue;
    params.set(key, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function supplierForm(row: SupplierRow, locale = 'es-MX') {
  return {
    legalName: row.legal_name,
    tradeName: row.trade_name ?? '',
    taxId: row.tax_id ?? '',
    externalId: row.external_id ?? '',
    sectorCode: row.sector_code ?? '',
    commodities: commodityFormText(locale, row.commodities),
    tags: row.tags.join('; '),
    contactName: row.contact_name ?? '',
    contactEmail: row.contact_email ?? '',
    contactPhone: row.contact_phone ?? '',
    notes: row.notes ?? '',
    tier: String(row.tier),
    status: row.status,
  };
}

export function siteForm(row: SiteRow) {
  const label = row.territory_name && row.territory_code?.length === 5 ? `${row.territory_name}, ${row.state_name}` : (row.state_name ?? '');
  const n = (v: number | null) => (v === null ? '' : String(v));
  return {
    name: row.name,
    externalId: row.external_id ?? '',
    address: row.address ?? '',
    territoryCode: row.territory_code ?? '',
    territoryLabel: label,
    latitude: row.latitude === null ? '' : String(Number(row.latitude)),
    longitude: row.longitude === null ? '' : String(Number(row.longitude)),
    workforceTotal: n(row.workforce_total),
    workforceWomen: n(row.workforce_women),
    workforceAdolescents: n(row.workforce_adolescents),
    workforceSeasonal: n(row.workforce_seasonal),
    workforceMigrant: n(row.workforce_migrant),
    workforceIndigenous: n(row.workforce_indigenous),
    workforceFamily: n(row.workforce_family),
    workforceSubcontracted: n(row.workforce_subcontracted),
    activities: row.activities,
  };
}

/** Workforce inputs in form order: total first, then the parts. */
export function workforceFields(t: Translate, form: Record<string, unknown>) {
  return ['total', ...WORKFORCE_PARTS].map((part) => {
    const name = `workforce${part[0].toUpperCase()}${part.slice(1)}`;
    return { name, id: `site-${name}`, label: t(`suppliers.site.workforce.${part}`), value: form[name] ?? '' };
  });
}

export function siteView(t: Translate, row: SiteRow) {
  const place = row.territory_code?.length === 5 ? `${row.territory_name}, ${row.state_name}` : (row.state_name ?? '—');
  return {
    ...row,
    place,
    activityText: activityList(t, row.activities),
    hasCoordinates: row.latitude !== null && row.longitude !== null,
    latitude: row.latitude === null ? null : Number(row.latitude),
    longitude: row.longitude === null ? null : Number(row.longitude),
    workforce: ['total', ...WORKFORCE_PARTS].map((part) => ({
      label: t(`suppliers.site.workforce.${part}`),
      value: row[`workforce_${part}` as keyof SiteRow] as number | null,
    })),
  };
}

/** The score levels with their colours, as the graph and the site map draw them. */
export function levelLegend(t: Translate) {
  return [...SCORE_LEVELS.map((l) => ({ key: l, label: t(`scoring.levels.${l}`) })), { key: 'unscored', label: t('scores.unscored') }];
}

/** The graph as a list (for small screens, screen readers and networks too big to draw). */
export function graphList(t: Translate, data: GraphData) {
  const names = new Map(data.nodes.map((n) => [n.id, n.legal_name]));
  return data.nodes.map((n) => ({
    id: n.id,
    name: n.legal_name,
    tier: n.tier,
    level: n.level ?? 'unscored',
    levelLabel: n.level ? t(`scoring.levels.${n.level}`) : t('scores.unscored'),
    customers: data.links.filter((l) => l.childId === n.id).map((l) => names.get(l.parentId)).filter(Boolean).join(', '),
  }));
}
