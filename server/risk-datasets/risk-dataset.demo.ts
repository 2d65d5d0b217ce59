import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/types.ts';
import { MX_DATA_DIR, type Territory } from '../territories/territory.data.ts';
import { loadTerritories } from '../territories/territory.service.ts';
import { countDatasets, type RiskDataset } from './risk-dataset.queries.ts';
import type { ImportOptionsInput } from './risk-dataset.schema.ts';
import { defaultScale } from './risk-dataset.scale.ts';
import { importWith } from './risk-dataset.service.ts';

export const DEMO_FILE = path.join(MX_DATA_DIR, 'clrisk-demo.csv');

/**
 * CLRISK Phase I (2018) classification of the 32 states, from clrisk-sources.md §2.1:
 * one outlet quoting the ILO, counts (12 low / 11 medium / 9 high) confirmed by STPS.
 * Medium confidence: to be checked against the official state fact sheets.
 */
export const STATE_LEVELS_2018: Record<string, 'low' | 'medium' | 'high'> = {
  '01': 'low', '02': 'low', '03': 'medium', '04': 'medium', '05': 'low', '06': 'high', '07': 'high', '08': 'low',
  '09': 'low', '10': 'high', '11': 'medium', '12': 'high', '13': 'medium', '14': 'high', '15': 'low', '16': 'high',
  '17': 'low', '18': 'high', '19': 'low', '20': 'medium', '21': 'high', '22': 'low', '23': 'low', '24': 'medium',
  '25': 'medium', '26': 'medium', '27': 'medium', '28': 'low', '29': 'medium', '30': 'low', '31': 'medium', '32': 'high',
};

export const DEMO_OPTIONS: ImportOptionsInput = {
  country: 'MX',
  name: 'CLRISK demo — not official data / demo — datos no oficiales',
  version: 'demo-2018',
  source:
    'States: CLRISK Phase I classification (STPS, ILO–ECLAC, 2018) as reported by dnf.com.mx quoting the ILO; ' +
    'medium confidence, to be checked against the official state fact sheets. Municipalities: SYNTHETIC levels ' +
    '(state level plus a hash-based perturbation, scripts/generate-demo-dataset.ts), not CLRISK results, except the ' +
    'few sourced facts: Tuxtla Gutiérrez low [S14], 13 of 125 Jalisco municipalities high [S16]. No index: levels only.',
  year: 2018,
  licence: 'Demo data for trying the product, not for due-diligence decisions. Territorial codes: INEGI, Términos de Libre Uso.',
  isDemo: true,
  levels: defaultScale(['low', 'medium', 'high']),
};

/**
 * The few municipal facts the sources give (clrisk-sources.md §2.1); the demo honours them.
 * - Tuxtla Gutiérrez (07101) was "low" in Phase I [S14].
 * - Jalisco (14): 13 of its 125 municipalities "high" [S16]. The source names no municipality
 *   (only "mainly in the Altos and Sur regions"), so which 13 is synthetic.
 */
export const SOURCED_MUNICIPAL_LEVELS: Record<string, { level: 'low' | 'medium' | 'high'; source: string }> = {
  '07101': { level: 'low', source: '[S14]' },
};
export const SOURCED_HIGH_COUNTS: Record<string, { high: number; of: number; source: string }> = {
  '14': { high: 13, of: 125, source: '[S16]' },
};

// A synthetic municipal draw spreads ±0.25 around its state's score (0.2 / 0.55 / 0.9) and
// is cut back into levels at the midpoints between those scores. Only the level is written:
// an invented number would read like a probability of child labour.
const SPREAD = 0.5;
const CUTS = [0.375, 0.725];

/** A fixed pseudo-random number in [0, 1) per municipality code: same file on every run. */
export function demoNoise(code: string): number {
  return createHash('sha256').update(`vigia-clrisk-demo:${code}`).digest().readUInt32BE(0) / 2 ** 32;
}

export function demoDraw(stateLevel: 'low' | 'medium' | 'high', code: string): number {
  const base = defaultScale(['low', 'medium', 'high']).find((d) => d.level === stateLevel)!.score;
  return base + (demoNoise(code) - 0.5) * SPREAD;
}

export function demoLevel(draw: number): 'low' | 'medium' | 'high' {
  return draw < CUTS[0] ? 'low' : draw < CUTS[1] ? 'medium' : 'high';
}

/**
 * Synthetic level of each municipality of one state. Where the source gives the state's count
 * of "high" municipalities, the municipalities with the highest draws get it, and the others
 * are drawn as in a "medium" state; a municipality the source names keeps its sourced level.
 */
export function demoMunicipalLevels(stateCode: string, codes: string[]): Map<string, 'low' | 'medium' | 'high'> {
  const stateLevel = STATE_LEVELS_2018[stateCode];
  const out = new Map<string, 'low' | 'medium' | 'high'>();
  const count = SOURCED_HIGH_COUNTS[stateCode];
  if (count) {
    const ranked = [...codes].sort((a, b) => demoNoise(b) - demoNoise(a) || a.localeCompare(b));
    const high = new Set(ranked.filter((c) => !SOURCED_MUNICIPAL_LEVELS[c]).slice(0, count.high));
    for (const c of codes) out.set(c, high.has(c) ? 'high' : demoLevel(demoDraw('medium', c)) === 'low' ? 'low' : 'medium');
  } else {
    for (const c of codes) out.set(c, demoLevel(demoDraw(stateLevel, c)));
  }
  for (const c of codes) if (SOURCED_MUNICIPAL_LEVELS[c]) out.set(c, SOURCED_MUNICIPAL_LEVELS[c].level);
  return out;
}

/**
 * The demo file's text. States carry the 2018 level; no row carries an index (the source gives
 * none for states, and municipal values are synthetic). Municipalities created after the 2020
 * census are left out, as a census-based model could not cover them, so the demo shows the
 * state fallback.
 */
export function demoCsv(territories: Territory[]): string {
  const lines = ['country,level,code,risk_index,risk_level'];
  for (const t of territories.filter((t) => t.level === 'state')) {
    lines.push(`MX,state,${t.code},,${STATE_LEVELS_2018[t.code]}`);
  }
  const munis = territories.filter((t) => t.level === 'municipality' && !t.createdAfterCensus);
  const levels = new Map<string, 'low' | 'medium' | 'high'>();
  for (const state of Object.keys(STATE_LEVELS_2018)) {
    const codes = munis.filter((m) => m.stateCode === state).map((m) => m.code);
    for (const [c, l] of demoMunicipalLevels(state, codes)) levels.set(c, l);
  }
  for (const t of munis) lines.push(`MX,municipality,${t.code},,${levels.get(t.code)}`);
  return lines.join('\n') + '\n';
}

/**
 * Start-up loader: when Mexico has no risk dataset at all, imports the demo file and
 * makes it active. Returns the dataset it imported, or null when there was one already.
 */
export async function ensureDemoDataset(db: Database): Promise<RiskDataset | null> {
  await loadTerritories(db);
  return db.admin(async (q) => {
    // Two app nodes starting together must not both import it.
    if (db.kind === 'postgres') await q.query('SELECT pg_advisory_xact_lock(727275)');
    if ((await countDatasets(q, 'MX')) > 0) return null;
    const file = await readFile(DEMO_FILE);
    const report = await importWith(db, q, { file, fileName: 'clrisk-demo.csv', options: DEMO_OPTIONS, activate: true });
    return report.dataset;
  });
}
