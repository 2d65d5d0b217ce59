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
    'medium confidence, to be checked against the official state fact sheets. Municipalities: SYNTHETIC values ' +
    '(state level plus a hash-based perturbation, scripts/generate-demo-dataset.ts), not CLRISK results.',
  year: 2018,
  licence: 'Demo data for trying the product, not for due-diligence decisions. Territorial codes: INEGI, Términos de Libre Uso.',
  isDemo: true,
  levels: defaultScale(['low', 'medium', 'high']),
};

// The synthetic municipal index spreads ±0.25 around its state's score (0.2 / 0.55 / 0.9)
// and is cut back into levels at the midpoints between those scores.
const SPREAD = 0.5;
const CUTS = [0.375, 0.725];

/** A fixed pseudo-random number in [0, 1) per municipality code: same file on every run. */
export function demoNoise(code: string): number {
  return createHash('sha256').update(`vigia-clrisk-demo:${code}`).digest().readUInt32BE(0) / 2 ** 32;
}

export function demoMunicipalIndex(stateLevel: 'low' | 'medium' | 'high', code: string): number {
  const base = defaultScale(['low', 'medium', 'high']).find((d) => d.level === stateLevel)!.score;
  const index = Math.min(0.98, Math.max(0.02, base + (demoNoise(code) - 0.5) * SPREAD));
  return Math.round(index * 1000) / 1000;
}

export function demoLevel(index: number): 'low' | 'medium' | 'high' {
  return index < CUTS[0] ? 'low' : index < CUTS[1] ? 'medium' : 'high';
}

/**
 * The demo file's text. States carry the 2018 level and no index (the source gives none);
 * municipalities created after the 2020 census are left out, as a census-based model
 * could not cover them, so the demo shows the state fallback.
 */
export function demoCsv(territories: Territory[]): string {
  const lines = ['country,level,code,risk_index,risk_level'];
  for (const t of territories.filter((t) => t.level === 'state')) {
    lines.push(`MX,state,${t.code},,${STATE_LEVELS_2018[t.code]}`);
  }
  for (const t of territories.filter((t) => t.level === 'municipality' && !t.createdAfterCensus)) {
    const index = demoMunicipalIndex(STATE_LEVELS_2018[t.stateCode], t.code);
    lines.push(`MX,municipality,${t.code},${index.toFixed(3)},${demoLevel(index)}`);
  }
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
