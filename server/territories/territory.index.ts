import { distance } from 'fastest-levenshtein';
import type { Territory } from './territory.data.ts';
import { MUNICIPALITY_ALIASES, OPTIONAL_PREFIXES, STATE_ALIASES } from './territory.aliases.ts';
import { contentTokens } from './territory.normalize.ts';

/** How a candidate matched, strongest first. */
export type MatchedBy = 'code' | 'name' | 'officialName' | 'abbreviation' | 'alias' | 'headTown' | 'prefix' | 'fuzzy';

// Equal keys rank by what they equal: a municipality's own name beats its head town,
// which beats a name with its honorific opening ("Villa de", "Heroica Ciudad de") dropped.
export const KEY_WEIGHT = { name: 1, officialName: 1, abbreviation: 1, alias: 1, headTown: 0.97, prefix: 0.96 } as const;

export interface SearchKey {
  tokens: string[];
  matchedBy: Exclude<MatchedBy, 'code' | 'fuzzy'>;
  weight: number;
}

export interface IndexEntry {
  territory: Territory;
  keys: SearchKey[];
}

export interface KeyHit {
  entry: IndexEntry;
  matchedBy: SearchKey['matchedBy'];
  weight: number;
}

export interface TerritoryIndex {
  entries: IndexEntry[];
  byCode: Map<string, IndexEntry>;
  /** Whole-key equality: search key → entries carrying it. */
  exact: Map<string, KeyHit[]>;
  /** Content token → indices into `entries`. */
  postings: Map<string, number[]>;
  /** Vocabulary by word length, and by first four letters, so a look-up scans only plausible words. */
  byLength: Map<number, string[]>;
  byStart: Map<string, string[]>;
  /** Query token → similar vocabulary tokens with their similarity; filled lazily. */
  similar: Map<string, Map<string, number>>;
  results: Map<string, unknown>;
}

function stripParentheses(text: string): { main: string; inner: string[] } {
  const inner = [...text.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]);
  return { main: text.replace(/\([^)]*\)/g, ' '), inner };
}

function withoutPrefix(tokens: string[]): string[] | null {
  for (const p of OPTIONAL_PREFIXES) {
    if (tokens.length > p.length && p.every((w, i) => tokens[i] === w)) return tokens.slice(p.length);
  }
  return null;
}

function keysOf(t: Territory): SearchKey[] {
  const keys: SearchKey[] = [];
  const add = (text: string | string[], matchedBy: SearchKey['matchedBy']) => {
    const tokens = Array.isArray(text) ? text : contentTokens(text);
    if (tokens.length > 0) keys.push({ tokens, matchedBy, weight: KEY_WEIGHT[matchedBy] });
  };
  if (t.level === 'state') {
    add(t.name, 'officialName');
    if (t.abbreviation) add(t.abbreviation, 'abbreviation');
    for (const a of STATE_ALIASES[t.code] ?? []) add(a, 'alias');
  } else {
    const name = contentTokens(t.name);
    add(name, 'name');
    const short = withoutPrefix(name);
    if (short) add(short, 'prefix');
    if (t.headTown) {
      const { main, inner } = stripParentheses(t.headTown);
      for (const text of [main, ...inner]) {
        const town = contentTokens(text);
        add(town, 'headTown');
        const shortTown = withoutPrefix(town);
        if (shortTown) add(shortTown, 'prefix');
      }
    }
    for (const a of MUNICIPALITY_ALIASES[t.code] ?? []) add(a, 'alias');
  }
  // One key per distinct token string, keeping its strongest reading.
  const best = new Map<string, SearchKey>();
  for (const k of keys) {
    const id = k.tokens.join(' ');
    const prev = best.get(id);
    if (!prev || prev.weight < k.weight) best.set(id, k);
  }
  return [...best.values()];
}

/** Builds the in-memory search structures over a territory catalogue (about 15 ms for Mexico). */
export function buildTerritoryIndex(territories: Territory[]): TerritoryIndex {
  const entries: IndexEntry[] = territories.map((territory) => ({ territory, keys: keysOf(territory) }));
  const byCode = new Map<string, IndexEntry>();
  const exact = new Map<string, KeyHit[]>();
  const postingSets = new Map<string, Set<number>>();
  entries.forEach((entry, i) => {
    byCode.set(entry.territory.code, entry);
    for (const key of entry.keys) {
      const id = key.tokens.join(' ');
      const hits = exact.get(id) ?? [];
      if (!hits.some((h) => h.entry === entry)) hits.push({ entry, matchedBy: key.matchedBy, weight: key.weight });
      exact.set(id, hits);
      for (const tok of key.tokens) {
        if (!postingSets.has(tok)) postingSets.set(tok, new Set());
        postingSets.get(tok)!.add(i);
      }
    }
  });
  const postings = new Map([...postingSets].map(([tok, set]) => [tok, [...set]]));
  const byLength = new Map<number, string[]>();
  const byStart = new Map<string, string[]>();
  for (const tok of postings.keys()) {
    byLength.set(tok.length, [...(byLength.get(tok.length) ?? []), tok]);
    if (tok.length > 4) byStart.set(tok.slice(0, 4), [...(byStart.get(tok.slice(0, 4)) ?? []), tok]);
  }
  return { entries, byCode, exact, postings, byLength, byStart, similar: new Map(), results: new Map() };
}

const MIN_SIMILARITY = 0.75;
const PREFIX_SIMILARITY = 0.85;
const CACHE_LIMIT = 50_000;

/**
 * Vocabulary tokens close to a query token. A token the catalogue knows matches only
 * itself: "san" must not drift to "santa" or "sanchez". Unknown words of 4+ letters (not numbers) match
 * typos (Levenshtein similarity ≥ 0.75) and words they begin ("tlaque" → "tlaquepaque").
 */
export function similarTokens(index: TerritoryIndex, token: string): Map<string, number> {
  const cached = index.similar.get(token);
  if (cached) return cached;
  const out = new Map<string, number>();
  if (index.postings.has(token)) {
    out.set(token, 1);
  } else if (token.length >= 4 && !/\d/.test(token)) {
    // Similarity ≥ 0.75 allows at most a quarter of the longer word to differ, which bounds the lengths.
    const lo = Math.max(4, Math.ceil(token.length * MIN_SIMILARITY));
    const hi = Math.floor(token.length / MIN_SIMILARITY);
    for (let len = lo; len <= hi; len++) {
      for (const v of index.byLength.get(len) ?? []) {
        const sim = 1 - distance(v, token) / Math.max(v.length, token.length);
        if (sim >= MIN_SIMILARITY) out.set(v, sim);
      }
    }
    for (const v of index.byStart.get(token.slice(0, 4)) ?? []) {
      if (v.length > token.length && v.startsWith(token)) out.set(v, Math.max(out.get(v) ?? 0, PREFIX_SIMILARITY));
    }
  }
  if (index.similar.size >= CACHE_LIMIT) index.similar.clear();
  index.similar.set(token, out);
  return out;
}

export { withoutPrefix };
