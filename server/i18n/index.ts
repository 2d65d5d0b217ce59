import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';

export const LOCALES = ['es-MX', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'es-MX';

const LOCALES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');

type Tree = Record<string, unknown>;

function merge(into: Tree, from: Tree): Tree {
  for (const [k, v] of Object.entries(from)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && into[k] && typeof into[k] === 'object') {
      merge(into[k] as Tree, v as Tree);
    } else {
      into[k] = v;
    }
  }
  return into;
}

/** Each feature owns `locales/<locale>/<feature>.json`; a locale is all its files merged. */
export function loadResources(locale: Locale): Tree {
  const dir = path.join(LOCALES_DIR, locale);
  const out: Tree = {};
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    merge(out, JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Tree);
  }
  return out;
}

let ready: Promise<unknown> | undefined;
const instance = i18next.createInstance();

/**
 * Resources are read synchronously and init runs without deferral, so the instance is
 * usable as soon as this returns; translators call it themselves, so no start-up order
 * (seeding before the app is built, a script, a job) can meet an empty catalogue.
 */
export function initI18n(): Promise<unknown> {
  ready ??= instance.init({
    lng: DEFAULT_LOCALE,
    fallbackLng: false,
    supportedLngs: [...LOCALES],
    resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: loadResources(l) }])),
    interpolation: { escapeValue: false }, // Handlebars escapes on output.
    returnNull: false,
    initImmediate: false,
    initAsync: false,
  } as any);
  return ready;
}

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/**
 * A translator bound to one locale. Outside production a missing key throws, so a
 * page that uses a key absent from a locale fails its test instead of showing the key.
 */
const translators = new Map<Locale, Translate>();

export function translator(locale: Locale): Translate {
  let known = translators.get(locale);
  if (!known) translators.set(locale, (known = makeTranslator(locale)));
  return known;
}

function makeTranslator(locale: Locale): Translate {
  void initI18n();
  const t: TFunction = instance.getFixedT(locale);
  const strict = process.env.NODE_ENV !== 'production';
  // A text without parameters never changes once loaded: pages ask for hundreds of them
  // per view, each an existence check and a lookup through i18next.
  const plain = new Map<string, string>();
  return (key, params) => {
    if (params === undefined || Object.keys(params).length === 0) {
      const hit = plain.get(key);
      if (hit !== undefined) return hit;
    }
    // With a count, i18next looks for the plural forms (key_one, key_other...).
    if (!instance.exists(key, { lng: locale, ...(params && 'count' in params ? { count: params.count } : {}) } as any)) {
      if (strict) throw new Error(`Missing i18n key "${key}" for ${locale}`);
      return key;
    }
    const text = t(key, params as any) as string;
    if (params === undefined || Object.keys(params).length === 0) plain.set(key, text);
    return text;
  };
}

export function pickLocale(...candidates: (string | undefined | null)[]): Locale {
  for (const c of candidates) {
    if (!c) continue;
    const exact = LOCALES.find((l) => l.toLowerCase() === c.toLowerCase());
    if (exact) return exact;
    if (c.toLowerCase().startsWith('en')) return 'en';
    if (c.toLowerCase().startsWith('es')) return 'es-MX';
  }
  return DEFAULT_LOCALE;
}

/** For labels keyed by data (e.g. red-flag codes of an imported template) that may have no translation. */
export function hasKey(locale: Locale, key: string): boolean {
  void initI18n();
  return instance.exists(key, { lng: locale });
}
