import { z } from 'zod';
import { SITE_ACTIVITIES, type SiteActivity } from './import/activities.ts';
import { MEXICO_BOUNDS } from './import/rows.ts';
import { optionalText } from './supplier.schema.ts';

const E = 'suppliers.errors.';

/** Workforce parts, each bounded by the total (groups overlap, so not their sum). */
export const WORKFORCE_PARTS = ['women', 'adolescents', 'seasonal', 'migrant', 'indigenous', 'family', 'subcontracted'] as const;
export type WorkforcePart = (typeof WORKFORCE_PARTS)[number];
export type Workforce = Record<'total' | WorkforcePart, number | null>;

const MAX_COUNT = 10_000_000;
const str = z.preprocess((v) => (v === undefined || v === null ? '' : Array.isArray(v) ? String(v[0] ?? '') : v), z.string());

/** Counts only, never names: the adolescents field must not become a place to list minors. */
const count = (field: string) =>
  str.transform((v, ctx) => {
    const s = v.trim().replace(/,(?=\d{3}\b)/g, '');
    if (s === '') return null;
    const n = /^\d{1,8}$/.test(s) ? Number(s) : NaN;
    if (!(n >= 0 && n <= MAX_COUNT)) ctx.addIssue({ code: 'custom', message: `${E}workforce.${field}`, params: { max: MAX_COUNT } });
    return Number.isNaN(n) ? null : n;
  });

/** Decimal degrees; a comma decimal mark is accepted. */
const coordinate = (field: 'latitude' | 'longitude') =>
  str.transform((v, ctx) => {
    const s = v.trim().replace(/^([+-]?\d+),(\d+)$/, '$1.$2');
    if (s === '') return null;
    if (!/^[+-]?\d{1,3}(\.\d{1,8})?$/.test(s)) {
      ctx.addIssue({ code: 'custom', message: `${E}${field}` });
      return null;
    }
    return Number(s);
  });

const activities = z
  .preprocess((v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()))
  .transform((list, ctx) => {
    const out: SiteActivity[] = [];
    for (const a of list) {
      if (!(SITE_ACTIVITIES as readonly string[]).includes(a)) ctx.addIssue({ code: 'custom', message: `${E}activity` });
      else if (!out.includes(a as SiteActivity)) out.push(a as SiteActivity);
    }
    return out;
  });

export const siteSchema = z
  .object({
    name: str.transform((v, ctx) => {
      const s = v.replace(/\s+/g, ' ').trim();
      if (s.length < 2 || s.length > 200) ctx.addIssue({ code: 'custom', message: `${E}siteName` });
      return s;
    }),
    externalId: optionalText(100, 'externalId'),
    address: optionalText(500, 'address'),
    // The picker's hidden field: a 5-digit CVEGEO, or the 2-digit state code when only the state is known.
    territoryCode: str.transform((v, ctx) => {
      const s = v.trim();
      if (s !== '' && !/^(\d{2}|\d{5})$/.test(s)) ctx.addIssue({ code: 'custom', message: `${E}territoryCode`, params: { value: s.slice(0, 20) } });
      return s === '' ? null : s;
    }),
    // What the user typed in the picker: resolved on the server when no code was picked (no script, or typed and sent).
    territoryLabel: optionalText(300, 'territoryLabel'),
    latitude: coordinate('latitude'),
    longitude: coordinate('longitude'),
    workforceTotal: count('total'),
    workforceWomen: count('women'),
    workforceAdolescents: count('adolescents'),
    workforceSeasonal: count('seasonal'),
    workforceMigrant: count('migrant'),
    workforceIndigenous: count('indigenous'),
    workforceFamily: count('family'),
    workforceSubcontracted: count('subcontracted'),
    activities,
  })
  .superRefine((v, ctx) => {
    if (v.territoryCode === null && v.territoryLabel === null) {
      ctx.addIssue({ code: 'custom', path: ['territoryCode'], message: `${E}territoryRequired` });
    }
    if ((v.latitude === null) !== (v.longitude === null)) {
      ctx.addIssue({ code: 'custom', path: [v.latitude === null ? 'latitude' : 'longitude'], message: `${E}coordinatesIncomplete` });
    } else if (v.latitude !== null && v.longitude !== null) {
      const b = MEXICO_BOUNDS;
      const inside = (lat: number, lon: number) => lat >= b.minLat && lat <= b.maxLat && lon >= b.minLon && lon <= b.maxLon;
      if (!inside(v.latitude, v.longitude)) {
        // Swapped columns and a lost minus sign are the usual mistakes: say which.
        const key = inside(v.longitude, v.latitude) ? 'coordinatesSwapped' : v.longitude > 0 && inside(v.latitude, -v.longitude) ? 'longitudeSign' : 'coordinatesOutsideMexico';
        ctx.addIssue({ code: 'custom', path: ['latitude'], message: `${E}${key}`, params: { latitude: v.latitude, longitude: v.longitude } });
      }
    }
    const total = v.workforceTotal;
    for (const part of WORKFORCE_PARTS) {
      const field = `workforce${part[0].toUpperCase()}${part.slice(1)}` as keyof typeof v;
      const n = v[field] as number | null;
      if (n === null) continue;
      if (total === null) {
        ctx.addIssue({ code: 'custom', path: ['workforceTotal'], message: `${E}workforce.totalRequired` });
        return;
      }
      if (n > total) ctx.addIssue({ code: 'custom', path: [field], message: `${E}workforce.exceedsTotal`, params: { part: part, value: n, total } });
    }
  });

export type SiteInput = z.output<typeof siteSchema>;

export function workforceOf(s: SiteInput): Workforce {
  return {
    total: s.workforceTotal,
    women: s.workforceWomen,
    adolescents: s.workforceAdolescents,
    seasonal: s.workforceSeasonal,
    migrant: s.workforceMigrant,
    indigenous: s.workforceIndigenous,
    family: s.workforceFamily,
    subcontracted: s.workforceSubcontracted,
  };
}
