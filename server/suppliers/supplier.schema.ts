import { z } from 'zod';
import { ValidationFailed } from '../errors.ts';
import { checkRfc } from './import/rfc.ts';
import { sectorFor } from '../scoring/sector-risk.ts';
import { resolveCommodities } from '../commodities/commodity.resolve.ts';

/**
 * Form and query schemas. Messages are i18n keys under suppliers.errors, each of which
 * names its field and says how to fix it; custom issues carry their parameters.
 */
const E = 'suppliers.errors.';

/** Like parseInput, but keeps the parameters of custom issues (totals, limits). */
export function parseForm<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new ValidationFailed(
    r.error.issues.map((i) => ({
      field: i.path.join('.'),
      key: i.message.startsWith(E) ? i.message : `${E}invalid`,
      params: { field: i.path.join('.'), ...((i as { params?: Record<string, unknown> }).params ?? {}) },
    })),
  );
}

const str = z.preprocess((v) => (v === undefined || v === null ? '' : Array.isArray(v) ? String(v[0] ?? '') : v), z.string());

/** Optional text: blank becomes null; too long gets the field's own message. */
export const optionalText = (max: number, key: string) =>
  str.transform((v, ctx) => {
    const s = v.trim();
    if (s.length > max) ctx.addIssue({ code: 'custom', message: `${E}${key}`, params: { max } });
    return s === '' ? null : s;
  });

const requiredText = (min: number, max: number, key: string) =>
  str.transform((v, ctx) => {
    const s = v.replace(/\s+/g, ' ').trim();
    if (s.length < min || s.length > max) ctx.addIssue({ code: 'custom', message: `${E}${key}`, params: { min, max } });
    return s;
  });

/** "tomate; chile, café" → ['tomate', 'chile', 'café'], duplicates (any case) dropped. */
const list = (maxItems: number, maxItem: number, key: string) =>
  str.transform((v, ctx) => {
    const seen = new Set<string>();
    const items: string[] = [];
    for (const raw of v.split(/[,;|\n]/)) {
      const item = raw.trim();
      if (!item || seen.has(item.toLocaleLowerCase('es-MX'))) continue;
      seen.add(item.toLocaleLowerCase('es-MX'));
      items.push(item);
    }
    if (items.length > maxItems || items.some((i) => i.length > maxItem)) {
      ctx.addIssue({ code: 'custom', message: `${E}${key}`, params: { max: maxItems, maxLength: maxItem } });
    }
    return items;
  });

const taxId = str.transform((v, ctx) => {
  if (v.trim() === '') return null;
  const check = checkRfc(v);
  if (!check.ok) {
    ctx.addIssue({ code: 'custom', message: `${E}${check.reason === 'date' ? 'rfcDate' : 'rfcFormat'}`, params: { value: v.trim().slice(0, 20) } });
    return null;
  }
  if (check.generic) ctx.addIssue({ code: 'custom', message: `${E}rfcGeneric`, params: { value: check.rfc } });
  return check.rfc;
});

const sectorCode = str.transform((v, ctx) => {
  const s = v.trim();
  if (s === '') return null;
  if (!/^\d{2,6}$/.test(s) || !sectorFor(s)) ctx.addIssue({ code: 'custom', message: `${E}sectorCode`, params: { value: s.slice(0, 20) } });
  return s;
});

const email = str.transform((v, ctx) => {
  const s = v.trim();
  if (s === '') return null;
  if (s.length > 254 || !z.email().safeParse(s).success) ctx.addIssue({ code: 'custom', message: `${E}email` });
  return s;
});

/** Kept as '+525512345678': separators dropped so the same number compares equal. */
const phone = str.transform((v, ctx) => {
  const s = v.replace(/[\s\-.()/]/g, '');
  if (s === '') return null;
  if (!/^\+?\d{7,15}$/.test(s)) ctx.addIssue({ code: 'custom', message: `${E}phone` });
  return s;
});

const tier = str.transform((v, ctx) => {
  const s = v.trim();
  if (s === '') return 1;
  const n = /^\d{1,2}$/.test(s) ? Number(s) : NaN;
  if (!(n >= 1 && n <= 20)) ctx.addIssue({ code: 'custom', message: `${E}tier` });
  return n;
});

export const SUPPLIER_STATUSES = ['active', 'inactive'] as const;

export const supplierSchema = z.object({
  legalName: requiredText(2, 300, 'legalName'),
  tradeName: optionalText(300, 'tradeName'),
  taxId,
  externalId: optionalText(100, 'externalId'),
  sectorCode,
  // Free text to vocabulary ids; unknown text is kept as written (and flagged on the supplier page).
  commodities: list(50, 100, 'commodities').transform((items) => resolveCommodities(items).stored),
  tags: list(30, 50, 'tags'),
  contactName: optionalText(200, 'contactName'),
  contactEmail: email,
  contactPhone: phone,
  notes: optionalText(5000, 'notes'),
  /** Applies only while the supplier has no customers in the graph; otherwise derived. */
  tier,
  status: str.transform((v) => (v === 'inactive' ? 'inactive' : 'active') as (typeof SUPPLIER_STATUSES)[number]),
});

export type SupplierInput = z.output<typeof supplierSchema>;

export const linkSchema = z.object({
  parentId: str.pipe(z.string().regex(/^[0-9a-f-]{36}$/i, { message: `${E}parentRequired` })),
});

export const SORTS = ['name', 'tier', 'updated', 'risk'] as const;
export type SupplierSort = (typeof SORTS)[number];

const oneOf = <T extends string>(values: readonly T[]) =>
  str.transform((v) => ((values as readonly string[]).includes(v) ? (v as T) : undefined));

/** List filters from the query string; anything malformed is ignored rather than refused. */
export const listQuerySchema = z.object({
  q: str.transform((v) => v.trim().slice(0, 100) || undefined),
  state: str.transform((v) => (/^\d{2}$/.test(v) ? v : undefined)),
  municipality: str.transform((v) => (/^\d{5}$/.test(v) ? v : undefined)),
  sector: str.transform((v) => (/^\d{2}(-\d{2})?$/.test(v) ? v : undefined)),
  tier: str.transform((v) => (/^\d{1,2}$/.test(v) ? Number(v) : undefined)),
  status: oneOf(['active', 'inactive', 'archived', 'all'] as const),
  risk: oneOf(['low', 'medium', 'high', 'critical', 'unscored'] as const),
  sort: oneOf(SORTS),
  page: str.transform((v) => (/^\d{1,6}$/.test(v) && Number(v) >= 1 ? Number(v) : 1)),
});

export type ListQuery = z.output<typeof listQuerySchema>;
