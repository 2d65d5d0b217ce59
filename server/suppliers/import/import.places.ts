import type { Database } from '../../db/types.ts';
import { searchTerritories, searchTerritoriesBulk, type TerritoryCandidate, type TerritoryQuery } from '../../territories/territory.service.ts';
import { foldSearchText } from '../search-text.ts';
import type { ParsedSupplier, RawTerritory } from './types.ts';

/** A territory as the preview shows it and the commit writes it. */
export interface PlaceChoice {
  code: string;
  level: 'state' | 'municipality';
  name: string;
  stateCode: string;
  stateName: string;
}

/**
 * One distinct place of the file. `exact` places are settled by the matcher; every
 * other status needs the user's `chosen` territory before the commit (never guessed).
 */
export interface Place {
  key: string;
  state: string | null;
  municipality: string | null;
  code: string | null;
  sites: number;
  firstRow: number;
  status: 'exact' | 'ambiguous' | 'candidates' | 'none';
  match: PlaceChoice | null;
  candidates: PlaceChoice[];
  chosen: PlaceChoice | null;
  /** The choice was carried over from an earlier upload of the organisation, not made on this one. */
  confirmedEarlier?: boolean;
}

const CANDIDATES = 8;

/** Same place when the same code, or the same state and municipality up to case, accents and spacing. */
export function placeKey(t: RawTerritory): string {
  if (t.code) return `#${t.code}`;
  return `${foldSearchText(t.state ?? '')}|${foldSearchText(t.municipality ?? '')}`;
}

export function choiceOf(c: TerritoryCandidate): PlaceChoice {
  return { code: c.code, level: c.level, name: c.name, stateCode: c.stateCode, stateName: c.stateName };
}

function queryOf(p: Pick<Place, 'state' | 'municipality' | 'code'>): TerritoryQuery {
  if (p.code) return p.code;
  return { state: p.state, municipality: p.municipality };
}

/** The distinct places of the parsed suppliers' sites, in order of first appearance. */
export function collectPlaces(suppliers: ParsedSupplier[]): Omit<Place, 'status' | 'match' | 'candidates' | 'chosen'>[] {
  const byKey = new Map<string, Omit<Place, 'status' | 'match' | 'candidates' | 'chosen'>>();
  for (const s of suppliers) {
    for (const site of s.sites) {
      const key = placeKey(site.territory);
      const seen = byKey.get(key);
      if (seen) {
        seen.sites++;
        if (site.row < seen.firstRow) seen.firstRow = site.row;
      } else {
        const { state, municipality, code } = site.territory;
        byKey.set(key, { key, state, municipality, code, sites: 1, firstRow: site.row });
      }
    }
  }
  return [...byKey.values()].sort((a, b) => a.firstRow - b.firstRow);
}

/**
 * Matches each distinct place once with the territory search: a code must exist; a state
 * alone matches states only; a state and municipality match either level, so a place the
 * matcher cannot settle can still be set to its state by the user.
 */
export async function resolvePlaces(db: Database, suppliers: ParsedSupplier[]): Promise<Place[]> {
  const places = collectPlaces(suppliers);
  const stateOnly = (p: (typeof places)[number]) => !p.code && !p.municipality;
  const statesAt: number[] = [];
  const othersAt: number[] = [];
  places.forEach((p, i) => (stateOnly(p) ? statesAt : othersAt).push(i));
  const [states, others] = await Promise.all([
    searchTerritoriesBulk(db, statesAt.map((i) => queryOf(places[i])), { levels: ['state'], limit: CANDIDATES }),
    searchTerritoriesBulk(db, othersAt.map((i) => queryOf(places[i])), { limit: CANDIDATES }),
  ]);
  const results = new Array<(typeof states)[number]>(places.length);
  statesAt.forEach((at, k) => (results[at] = states[k]));
  othersAt.forEach((at, k) => (results[at] = others[k]));
  return places.map((p, i) => {
    const r = results[i];
    return {
      ...p,
      status: r.status,
      match: r.match ? choiceOf(r.match) : null,
      candidates: r.status === 'exact' ? [] : r.candidates.map(choiceOf),
      chosen: null,
    };
  });
}

/** The territory a place will be written with, or null while the user has not chosen. */
export function territoryOf(p: Place): PlaceChoice | null {
  return p.chosen ?? (p.status === 'exact' ? p.match : null);
}

export function unresolvedPlaces(places: Place[]): Place[] {
  return places.filter((p) => territoryOf(p) === null);
}

/** An INEGI code typed by the user: a state (2 digits) or municipality (5 digits) that exists. */
export async function territoryByCode(db: Database, code: string): Promise<PlaceChoice | null> {
  const clean = code.trim();
  if (!/^\d{2}$|^\d{5}$/.test(clean)) return null;
  const [r] = await searchTerritoriesBulk(db, [clean]);
  return r.match && r.match.matchedBy === 'code' ? choiceOf(r.match) : null;
}

/**
 * A corrected file uploaded again keeps what the user already confirmed: an unsettled
 * place takes the territory chosen for the same place (same key) in an earlier upload.
 */
export function applyEarlierChoices(places: Place[], earlier: ReadonlyMap<string, PlaceChoice>): Place[] {
  return places.map((p) => {
    const chosen = p.status === 'exact' ? undefined : earlier.get(p.key);
    return chosen ? { ...p, chosen, confirmedEarlier: true } : p;
  });
}

/** Free search over every state and municipality, for a place whose 8 candidates miss the right one. */
export async function searchPlaces(db: Database, text: string, limit = 25): Promise<PlaceChoice[]> {
  const r = await searchTerritories(db, text, { limit, minScore: 0.3 });
  return r.candidates.map(choiceOf);
}
