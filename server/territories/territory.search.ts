import type { TerritoryLevel } from './territory.data.ts';
import { COUNTRY_WORDS } from './territory.aliases.ts';
import { type IndexEntry, type MatchedBy, type TerritoryIndex, similarTokens, withoutPrefix } from './territory.index.ts';
import { contentTokens } from './territory.normalize.ts';

export interface TerritoryCandidate {
  country: string;
  code: string;
  level: TerritoryLevel;
  name: string;
  stateCode: string;
  stateName: string;
  /** 1 = equals a name or alias; 0.97 = a head town; 0.96 = the name without "Villa de"…; below 0.95 = similar only. */
  score: number;
  matchedBy: MatchedBy;
  /** True on the single candidate of an `exact` result only. */
  exact: boolean;
}

/**
 * `exact`: one candidate equals what was written, and no other equals it as well.
 * `ambiguous`: several do (e.g. "Benito Juárez" in seven states): the caller must ask.
 * `candidates`: only similar names; `none`: nothing close.
 */
export interface TerritorySearchResult {
  status: 'exact' | 'ambiguous' | 'candidates' | 'none';
  match: TerritoryCandidate | null;
  candidates: TerritoryCandidate[];
}

/** Free text ("Tapachula, Chis.") or the separate fields of an address. */
export type TerritoryQuery = string | { state?: string | null; municipality?: string | null };

export interface SearchOptions {
  levels?: TerritoryLevel[];
  limit?: number;
  minScore?: number;
}

/** Top score a merely similar name can reach, so it never counts as an exact match. */
const FUZZY_CAP = 0.9;
export const EXACT_THRESHOLD = 0.95;
// The written state was not understood, or the place is not in it: still offer, never as exact.
const STATE_MISMATCH = 0.7;
const STATE_FALLBACK = 0.5;
const QUERY_PREFIX_DROPPED = 0.9;

/** One way of reading the query: which words name the place and which the state. */
interface Reading {
  kind: 'whole' | 'fields' | 'comma' | 'suffix';
  place: string[] | null;
  state: string[] | null;
}

interface Scored {
  score: number;
  matchedBy: MatchedBy;
}

type Scores = Map<IndexEntry, Scored>;

function offer(scores: Scores, entry: IndexEntry, score: number, matchedBy: MatchedBy): void {
  const prev = scores.get(entry);
  if (!prev || prev.score < score) scores.set(entry, { score, matchedBy });
}

function readings(query: TerritoryQuery): Reading[] {
  if (typeof query !== 'string') {
    const place = query.municipality ? contentTokens(query.municipality) : [];
    const state = query.state ? contentTokens(query.state) : [];
    if (!place.length && !state.length) return [];
    return [{ kind: 'fields', place: place.length ? place : null, state: state.length ? state : null }];
  }
  const whole = contentTokens(query);
  if (whole.length === 0) return [];
  const out: Reading[] = [];
  const parts = query.split(/[,;]/).map(contentTokens).filter((p) => p.length > 0);
  if (parts.length >= 2) {
    const variants = [parts];
    if (parts.length >= 3 && COUNTRY_WORDS.has(parts[parts.length - 1].join(' '))) variants.push(parts.slice(0, -1));
    for (const v of variants) out.push({ kind: 'comma', place: v.slice(0, -1).flat(), state: v[v.length - 1] });
  }
  // "Juárez Chihuahua", "Benito Juárez Quintana Roo": a trailing state name without a comma.
  for (let k = 1; k <= Math.min(4, whole.length - 1); k++) {
    out.push({ kind: 'suffix', place: whole.slice(0, -k), state: whole.slice(-k) });
  }
  // Last, so it can skip the slow similar-name search when a structured reading settled it.
  out.push({ kind: 'whole', place: whole, state: null });
  return out;
}

interface StateMatch {
  entry: IndexEntry;
  factor: number;
  matchedBy: MatchedBy;
}

function resolveState(index: TerritoryIndex, words: string[], exactOnly: boolean): StateMatch[] {
  const key = words.join(' ');
  if (/^\d{1,2}$/.test(key)) {
    const entry = index.byCode.get(key.padStart(2, '0'));
    return entry ? [{ entry, factor: 1, matchedBy: 'code' }] : [];
  }
  const keys = words[0] === 'estado' && words.length > 1 ? [key, words.slice(1).join(' ')] : [key];
  const found = keys.flatMap((k) => index.exact.get(k) ?? []).filter((h) => h.entry.territory.level === 'state');
  if (found.length > 0 || exactOnly) return found.map((h) => ({ entry: h.entry, factor: h.weight, matchedBy: h.matchedBy }));
  const fuzzy: Scores = new Map();
  scoreSimilar(index, words, fuzzy, (e) => e.territory.level === 'state');
  return [...fuzzy]
    .filter(([, s]) => s.score >= 0.75 * FUZZY_CAP)
    .map(([entry, s]) => ({ entry, factor: s.score / FUZZY_CAP, matchedBy: 'fuzzy' as MatchedBy }));
}

/**
 * Whole-key equality; also with the honorific opening dropped from the query ("H. Matamoros"
 * → Matamoros), which only suggests: "Ciudad X" is not the same claim as a place named X.
 */
function scoreEqual(index: TerritoryIndex, words: string[], scores: Scores, keep: (e: IndexEntry) => boolean, factor: number): boolean {
  let equal = false;
  for (const h of index.exact.get(words.join(' ')) ?? []) {
    if (!keep(h.entry)) continue;
    offer(scores, h.entry, h.weight * factor, h.matchedBy);
    equal = true;
  }
  const short = withoutPrefix(words);
  if (!short) return equal;
  for (const h of index.exact.get(short.join(' ')) ?? []) {
    if (keep(h.entry) && h.entry.territory.level === 'municipality') offer(scores, h.entry, QUERY_PREFIX_DROPPED * h.weight * factor, 'prefix');
  }
  return equal;
}

/**
 * Token scorer: each query word takes its best similar word in the key; the score weighs
 * how much of the query was found (0.65) and how much of the name it covers (0.35),
 * so "Benito Juárez" ranks the municipality of that name above "Tlacotepec de Benito Juárez".
 */
function scoreSimilar(index: TerritoryIndex, words: string[], scores: Scores, keep: (e: IndexEntry) => boolean, factor = 1): void {
  const sims = words.map((w) => similarTokens(index, w));
  const seen = new Set<number>();
  for (const s of sims) {
    for (const tok of s.keys()) {
      for (const i of index.postings.get(tok) ?? []) {
        if (seen.has(i)) continue;
        seen.add(i);
        const entry = index.entries[i];
        if (!keep(entry)) continue;
        const best = bestKeyScore(entry, sims);
        if (best > 0) offer(scores, entry, best * factor, 'fuzzy');
      }
    }
  }
}

function bestKeyScore(entry: IndexEntry, sims: Map<string, number>[]): number {
  let best = 0;
  for (const key of entry.keys) {
    let used = 0; // bit j set = key word j already matched one query word
    let found = 0;
    for (const s of sims) {
      let top = 0;
      let at = -1;
      for (let j = 0; j < key.tokens.length && j < 31; j++) {
        if (used & (1 << j)) continue;
        const v = s.get(key.tokens[j]);
        if (v !== undefined && v > top) {
          top = v;
          at = j;
        }
      }
      if (at >= 0) used |= 1 << at;
      found += top;
    }
    const score = key.weight * FUZZY_CAP * (0.65 * (found / sims.length) + 0.35 * Math.min(1, found / key.tokens.length));
    if (score > best) best = score;
  }
  return best;
}

/** Similar names are only looked for when nothing is equal: they would rank below anyway. */
function scorePlace(index: TerritoryIndex, words: string[], scores: Scores, keep: (e: IndexEntry) => boolean, factor: number, equalOnly = false): void {
  if (!scoreEqual(index, words, scores, keep, factor) && !equalOnly) scoreSimilar(index, words, scores, keep, factor);
}

/**
 * Scores one reading into `scores`. Returns true when it settled the question well enough
 * that the whole text need only be checked for equal names: a name equal to the text, or
 * a place found inside a state written exactly ("Tapachla, Chis.").
 */
function evaluate(index: TerritoryIndex, r: Reading, levels: Set<TerritoryLevel>, minScore: number, scores: Scores, settled: boolean): boolean {
  const level = (e: IndexEntry) => levels.has(e.territory.level);
  if (!r.state) {
    if (r.place) scorePlace(index, r.place, scores, level, 1, settled && r.kind === 'whole');
    return false;
  }
  // Trailing words of unpunctuated text count as a state only when they equal a state's
  // name or alias; the 'whole' reading covers every other interpretation.
  const guessed = r.kind === 'suffix';
  const states = resolveState(index, r.state, guessed);
  if (!r.place) {
    for (const s of states) if (levels.has('state')) offer(scores, s.entry, s.factor, s.matchedBy);
    return states.some((s) => s.factor >= EXACT_THRESHOLD);
  }
  if (states.length === 0) {
    if (!guessed) scorePlace(index, r.place, scores, level, STATE_MISMATCH);
    return false;
  }
  const within: Scores = new Map();
  for (const s of states) {
    const code = s.entry.territory.code;
    const inState = (e: IndexEntry) => e.territory.level === 'municipality' && level(e) && e.territory.stateCode === code;
    scorePlace(index, r.place, within, inState, s.factor);
  }
  for (const [e, s] of within) offer(scores, e, s.score, s.matchedBy);
  const found = [...within.values()].some((s) => s.score >= minScore);
  if (found || guessed) return found && states.every((s) => s.factor >= EXACT_THRESHOLD);
  // Not in the state written: show where the place does exist, and the state itself as a fallback.
  scorePlace(index, r.place, scores, (e) => e.territory.level === 'municipality' && level(e), STATE_MISMATCH);
  for (const s of states) if (levels.has('state')) offer(scores, s.entry, STATE_FALLBACK * s.factor, s.matchedBy);
  return false;
}

function byCode(index: TerritoryIndex, query: TerritoryQuery): IndexEntry | undefined {
  if (typeof query !== 'string') {
    const state = query.state?.trim() ?? '';
    const place = query.municipality?.trim() ?? '';
    // Separate CVE_ENT and CVE_MUN fields, as INEGI's own tables give them.
    if (/^\d{1,2}$/.test(state) && /^\d{1,3}$/.test(place)) return index.byCode.get(state.padStart(2, '0') + place.padStart(3, '0'));
    query = place || state;
  }
  const m = /^\s*(?:[A-Za-z]{2}-)?(\d{2}|\d{5})\s*$/.exec(query);
  return m ? index.byCode.get(m[1]) : undefined;
}

function toCandidate(entry: IndexEntry, s: Scored): TerritoryCandidate {
  const t = entry.territory;
  return {
    country: t.country,
    code: t.code,
    level: t.level,
    name: t.name,
    stateCode: t.stateCode,
    stateName: t.stateName,
    score: Math.round(s.score * 1000) / 1000,
    matchedBy: s.matchedBy,
    exact: false,
  };
}

/**
 * Ranked territories for what someone wrote. Accent-, case- and abbreviation-insensitive;
 * understands "place, state" and "place state"; never picks one of several equal names.
 * Results are cached per query and must be treated as read-only.
 */
export function searchTerritories(index: TerritoryIndex, query: TerritoryQuery, opts: SearchOptions = {}): TerritorySearchResult {
  const levels = new Set<TerritoryLevel>(opts.levels ?? ['state', 'municipality']);
  const limit = opts.limit ?? 10;
  const minScore = opts.minScore ?? 0.5;
  const cacheKey = JSON.stringify([query, [...levels].sort(), limit, minScore]);
  const cached = index.results.get(cacheKey) as TerritorySearchResult | undefined;
  if (cached) return cached;

  const scores: Scores = new Map();
  const coded = byCode(index, query);
  if (coded && levels.has(coded.territory.level)) offer(scores, coded, 1, 'code');
  else {
    let settled = false;
    for (const r of readings(query)) settled = evaluate(index, r, levels, minScore, scores, settled) || settled;
  }

  const sorted = [...scores]
    .filter(([, s]) => s.score >= minScore)
    .sort(([ea, a], [eb, b]) => b.score - a.score || ea.territory.code.localeCompare(eb.territory.code));
  const ranked = sorted.slice(0, Math.max(1, limit)).map(([e, s]) => ({ candidate: toCandidate(e, s), raw: s.score }));

  // Exact only when no other territory equals the text even by a secondary key: "Tlalnepantla"
  // is a municipality of Morelos and the head town of Tlalnepantla de Baz, so the user decides.
  const top = ranked[0];
  const rivals = sorted.length > 1 && sorted[1][1].score >= EXACT_THRESHOLD;
  let status: TerritorySearchResult['status'] = 'none';
  if (top && top.raw >= EXACT_THRESHOLD) status = rivals ? 'ambiguous' : 'exact';
  else if (top) status = 'candidates';
  if (status === 'exact') top.candidate.exact = true;
  const candidates = ranked.map((r) => Object.freeze(r.candidate));
  const result = Object.freeze({ status, match: status === 'exact' ? candidates[0] : null, candidates });
  if (index.results.size >= 20_000) index.results.clear();
  index.results.set(cacheKey, result);
  return result;
}
