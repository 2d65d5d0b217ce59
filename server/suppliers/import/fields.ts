import { z } from 'zod';
import { SITE_ACTIVITIES, activityForLabel, activityLabel, type SiteActivity } from './activities.ts';
import type { ImportField } from './columns.ts';
import { ERR, shown } from './issues.ts';
import { normalizeLabel, splitList } from './normalize.ts';
import { checkRfc, normalizeRfc, type RfcCheck } from './rfc.ts';

/**
 * One converter per column, from a non-empty trimmed cell to its typed value or a
 * `CellIssue` (an i18n key and its parameters). Plain functions, so validating 100,000
 * rows allocates nothing per cell on the valid path (the reviewer's profile of zod
 * parsing every row showed row validation and garbage collection on top).
 */
export class CellIssue {
  constructor(readonly code: string, readonly params: Record<string, string | number> = {}) {}
}

const fail = (code: string, params: Record<string, string | number> = {}) => new CellIssue(code, params);

// Its check digit is right, so a user who copies the pattern gets no second warning.
export const RFC_EXAMPLE = 'ABC010203AB9';
export const MAX_COUNT = 10_000_000;

const text = (max: number) => (v: string) => (v.length > max ? fail(ERR.tooLong, { max, length: v.length }) : v);

const INTEGER = /^\d+$/;
const GROUPED_INTEGER = /^\d{1,3}(,\d{3})+$/;
const INTEGER_WITH_ZERO_DECIMALS = /^\d+\.0+$/;

/** '1,250' (thousands comma as written in Mexico) and '12.0' are accepted as whole numbers. */
function parseCount(v: string): number | 'negative' | null {
  if (INTEGER.test(v)) return Number(v);
  if (GROUPED_INTEGER.test(v)) return Number(v.replace(/,/g, ''));
  if (INTEGER_WITH_ZERO_DECIMALS.test(v)) return Number(v.split('.')[0]);
  if (/^-\s*\d/.test(v)) return 'negative';
  return null;
}

const count = (v: string) => {
  const n = parseCount(v);
  if (n === 'negative') return fail(ERR.negative, { value: shown(v) });
  if (n === null) return fail(ERR.notInteger, { value: shown(v) });
  if (n > MAX_COUNT) return fail(ERR.numberTooLarge, { value: shown(v), max: MAX_COUNT });
  return n;
};

/** Never echoes the cell: text here may be a name, and we keep no data naming minors. */
const adolescentCount = (v: string) => {
  const n = parseCount(v);
  if (n === null || n === 'negative' || n > MAX_COUNT) return fail(ERR.adolescentsNotCount);
  return n;
};

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;
const COMMA_DECIMAL = /^[+-]?\d+,\d+$/;

/** Decimal degrees; a comma decimal mark (Windows set to a European region) is accepted. */
const decimal = (v: string) => {
  if (DECIMAL.test(v)) return Number(v);
  if (COMMA_DECIMAL.test(v)) return Number(v.replace(',', '.'));
  return fail(ERR.notDecimal, { value: shown(v) });
};

const taxId = (v: string): Extract<RfcCheck, { ok: true }> | CellIssue => {
  const check = checkRfc(v);
  if (check.ok) return check;
  if (check.reason === 'date') return fail(ERR.rfcDate, { value: shown(v) });
  return fail(ERR.rfcInvalid, { value: shown(v), example: RFC_EXAMPLE });
};

const SECTOR_CODE = /^\d{2,6}$/;
const sectorCode = (v: string) => (SECTOR_CODE.test(v) ? v : fail(ERR.sectorCode, { value: shown(v) }));

const tier = (v: string) => {
  const n = parseCount(v);
  return typeof n === 'number' && n >= 1 && n <= 20 ? n : fail(ERR.tierInvalid, { value: shown(v) });
};

// zod's own e-mail pattern, tested directly: the same addresses pass as with z.email().
const EMAIL = z.regexes.email;
const email = (v: string) => (v.length <= 254 && EMAIL.test(v) ? v : fail(ERR.emailInvalid, { value: shown(v) }));

/** Kept as '+525512345678': separators dropped so the same number compares equal. */
const PHONE_SEPARATORS = /[\s\-.()/]/g;
const PHONE = /^\+?\d{7,15}$/;
const phone = (v: string) => {
  const compact = v.replace(PHONE_SEPARATORS, '');
  return PHONE.test(compact) ? compact : fail(ERR.phoneInvalid, { value: shown(v) });
};

/**
 * INEGI codes: 2-digit state, 5-digit municipality. Excel drops leading zeros when
 * it reads a code as a number ('01001' → 1001), so 1 and 4 digits are padded back.
 */
const territoryCode = (v: string) => {
  const digits = /^\d+$/.test(v) ? v : '';
  const code = digits.length === 1 || digits.length === 4 ? `0${digits}` : digits;
  const state = Number(code.slice(0, 2));
  if ((code.length === 2 || code.length === 5) && state >= 1 && state <= 32) return code;
  return fail(ERR.territoryCodeInvalid, { value: shown(v) });
};

const ALLOWED_ACTIVITIES = SITE_ACTIVITIES.map((a) => `${activityLabel(a)} (${a})`).join(', ');

const ACTIVITY_SEPARATORS = /[;|,]/;
const activities = (v: string) => {
  const out: SiteActivity[] = [];
  for (const label of splitList(v, ACTIVITY_SEPARATORS)) {
    const activity = activityForLabel(label);
    if (!activity) return fail(ERR.activityUnknown, { value: shown(label), allowed: ALLOWED_ACTIVITIES });
    if (!out.includes(activity)) out.push(activity);
  }
  return out;
};

const list = (maxItems: number, maxItem: number) => (v: string) => {
  const items = dedupe(splitList(v));
  if (items.length > maxItems) return fail(ERR.tooManyItems, { max: maxItems, count: items.length });
  const long = items.find((i) => i.length > maxItem);
  return long ? fail(ERR.tooLong, { max: maxItem, length: long.length }) : items;
};

/** Parent keys: an RFC-looking value is normalised so it matches the parent's own row. */
const parentList = list(20, 100);
const parents = (v: string) => {
  const items = parentList(v);
  return items instanceof CellIssue ? items : dedupe(items.map((i) => (checkRfc(i).ok ? normalizeRfc(i) : i)));
};

function dedupe(items: string[]): string[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = normalizeLabel(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export const FIELD_CONVERTERS = {
  legal_name: text(300),
  trade_name: text(300),
  tax_id: taxId,
  external_id: text(100),
  sector_code: sectorCode,
  commodities: list(50, 100),
  tier,
  parent: parents,
  contact_name: text(200),
  contact_email: email,
  contact_phone: phone,
  site_name: text(200),
  address: text(500),
  state: text(100),
  municipality: text(150),
  territory_code: territoryCode,
  latitude: decimal,
  longitude: decimal,
  workforce_total: count,
  workforce_women: count,
  workforce_adolescents: adolescentCount,
  workforce_seasonal: count,
  workforce_migrant: count,
  workforce_indigenous: count,
  workforce_family: count,
  workforce_subcontracted: count,
  activities,
} satisfies Record<ImportField, (cell: string) => unknown>;

type Converted<K extends ImportField> = Exclude<ReturnType<(typeof FIELD_CONVERTERS)[K]>, CellIssue>;
export type FieldValues = { -readonly [K in ImportField]?: Converted<K> };

