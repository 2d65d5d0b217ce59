import { COMMODITY_VOCABULARY, DOL_LIST_SOURCE, type CommodityEntry, type DolListing } from './commodity.vocabulary.ts';

export { COMMODITY_VOCABULARY, DOL_LIST_SOURCE, type CommodityEntry, type DolListing };

/**
 * Matching key: lower case, no accents, punctuation as spaces, and each word of four or
 * more letters without one final "s" and then one final "e", so that singular and plural
 * meet (tomate/tomates/tomato/tomatoes, melón/melones, chile/chiles, café/cafés).
 */
export function commodityKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => {
      let s = w;
      if (s.length > 3 && s.endsWith('s')) s = s.slice(0, -1);
      if (s.length > 3 && s.endsWith('e')) s = s.slice(0, -1);
      return s;
    })
    .join(' ');
}

function buildIndex(entries: readonly CommodityEntry[]) {
  const byKey = new Map<string, CommodityEntry>();
  const byId = new Map<string, CommodityEntry>();
  for (const e of entries) {
    if (byId.has(e.id)) throw new Error(`commodity vocabulary: id ${e.id} appears twice`);
    byId.set(e.id, e);
    for (const spelling of [e.id, e.es, e.en, ...e.synonyms]) {
      const key = commodityKey(spelling);
      const other = byKey.get(key);
      // One spelling for two goods would make the match depend on list order: refuse it at start-up.
      if (other && other !== e) throw new Error(`commodity vocabulary: "${spelling}" matches both ${other.id} and ${e.id}`);
      byKey.set(key, e);
    }
  }
  return { byKey, byId };
}

const INDEX = buildIndex(COMMODITY_VOCABULARY);

export const COMMODITY_IDS: ReadonlySet<string> = new Set(INDEX.byId.keys());

// Scoring resolves every stored value of every site; free text repeats, so its answer is kept.
const MEMO_MAX = 10_000;
const memo = new Map<string, CommodityEntry | null>();

/** The vocabulary entry for an id, a name or a synonym in any spelling; undefined when unknown. */
export function resolveCommodity(text: string): CommodityEntry | undefined {
  const byId = INDEX.byId.get(text);
  if (byId) return byId;
  let found = memo.get(text);
  if (found === undefined) {
    found = INDEX.byKey.get(commodityKey(text)) ?? null;
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(text, found);
  }
  return found ?? undefined;
}

export function commodityById(id: string): CommodityEntry | undefined {
  return INDEX.byId.get(id);
}

export interface ResolvedCommodities {
  /** What is stored: the id of each recognised entry, the trimmed text of each unknown one, in order, without repeats. */
  stored: string[];
  /** Entries not in the vocabulary, as written: kept in `stored` and shown flagged. */
  unknown: string[];
}

/** Free text entries (from the form or an import cell) to what the supplier stores. */
export function resolveCommodities(entries: readonly string[]): ResolvedCommodities {
  const stored: string[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const raw of entries) {
    const text = raw.trim();
    if (!text) continue;
    const entry = resolveCommodity(text);
    const value = entry ? entry.id : text;
    const dedupe = entry ? `id:${entry.id}` : `text:${commodityKey(text)}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    stored.push(value);
    if (!entry) unknown.push(text);
  }
  return { stored, unknown };
}

export interface CommodityView {
  /** Stored value: an id or unknown text. */
  value: string;
  entry: CommodityEntry | null;
  /** Localised name, or the text as written when unknown. */
  name: string;
  dol: DolListing | null;
  unknown: boolean;
}

/** Stored values to what pages show; `locale` picks the es-MX or en name. */
export function describeCommodities(stored: readonly string[], locale: string): CommodityView[] {
  return stored.map((value) => {
    const entry = resolveCommodity(value) ?? null;
    const name = entry ? (locale.startsWith('en') ? entry.en : entry.es) : value;
    return { value, entry, name, dol: entry?.dol ?? null, unknown: !entry };
  });
}
