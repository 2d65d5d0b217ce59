import { dolCommodity, sectorFor, type DolCommodity } from './sector-risk.ts';
import type {
  ExplanationComponent,
  ExplanationParams,
  ScoreFlag,
  SectorInput,
  TerritorialInput,
  WorkforceInput,
} from './types.ts';
import { WORKFORCE_FACTORS, WORKFORCE_SATURATION, type ScoringWeights } from './weights.ts';

/** The three inherent-risk components, each a 0..100 value with its explanation. */

export const round2 = (x: number): number => Math.round(x * 100) / 100;
const clamp01 = (x: number): number => (x > 1 ? 1 : x > 0 ? x : 0);

/** An explanation line; contribution defaults to value × weight. */
export function line(
  component: ExplanationComponent['component'],
  value: number,
  weight: number,
  reasonKey: string,
  params: ExplanationParams,
  contribution = round2(value * weight),
): ExplanationComponent {
  return { component, value, weight, contribution, reasonKey, params };
}

const R = 'scoring.reason';

export function territorialComponent(
  t: TerritorialInput | null,
  w: ScoringWeights,
  flags: ScoreFlag[],
): ExplanationComponent {
  const weight = w.components.territorial;
  if (!t) {
    flags.push('territoryUnknown');
    return line('territorial', w.unknownScore, weight, `${R}.territorial.unknown`, {});
  }
  if (t.isDemo) flags.push('demoDataset');
  if (t.fallback === 'state') flags.push('territoryStateFallback');
  const key = `${R}.territorial.${t.fallback === 'state' ? 'state' : 'municipality'}${t.isDemo ? 'Demo' : ''}`;
  return line('territorial', round2(clamp01(t.levelScore) * 100), weight, key, {
    territoryName: t.territoryName ?? t.territoryCode ?? '—',
    territoryCode: t.territoryCode ?? null,
    level: t.level,
    index: t.index ?? null,
    datasetName: t.datasetName ?? t.datasetId,
    datasetVersion: t.datasetVersion,
  });
}

/** Sector base from the shipped table, raised by the most serious DOL-listed commodity. */
export function sectorComponent(s: SectorInput, w: ScoringWeights, flags: ScoreFlag[]): ExplanationComponent {
  const sector = sectorFor(s.scianCode);
  if (!sector) flags.push('sectorUnknown');
  const base = sector ? round2(sector.weight * 100) : w.unknownScore;
  const details = [
    line('sectorBase', base, 1, `${R}.sector.${sector ? sector.basis : 'unknown'}`, {
      sectorCode: sector?.code ?? null,
      scianCode: s.scianCode,
      groupShare: sector?.groupShare ?? null,
    }),
  ];

  let worst: DolCommodity | undefined;
  let listed = 0;
  for (const id of s.commodities) {
    const d = dolCommodity(id);
    if (!d) continue;
    listed++;
    if (!worst || (d.forcedLabour && !worst.forcedLabour)) worst = d;
  }
  let value = base;
  if (worst) {
    flags.push('dolCommodity');
    if (worst.forcedLabour) flags.push('dolForcedLabourCommodity');
    const uplift = worst.forcedLabour ? w.commodityUplift.childAndForcedLabour : w.commodityUplift.childLabour;
    const headroom = round2(100 - base);
    const added = line(
      'dolCommodity',
      headroom,
      uplift,
      `${R}.sector.${worst.forcedLabour ? 'dolChildAndForcedLabour' : 'dolChildLabour'}`,
      { commodity: worst.id, listed, base },
    );
    details.push(added);
    value = round2(base + added.contribution);
  }

  const total = line('sector', value, w.components.sector, `${R}.sector.${sector ? 'total' : 'totalUnknown'}`, {
    sectorCode: sector?.code ?? null,
    scianCode: s.scianCode,
  });
  total.details = details;
  return total;
}

/**
 * Each factor's intensity is its share of the workforce over its saturation share,
 * capped at 1; an unreported factor counts at the neutral unknown score.
 */
export function workforceComponent(wf: WorkforceInput, w: ScoringWeights, flags: ScoreFlag[]): ExplanationComponent {
  const weight = w.components.workforce;
  const total = wf.total;
  if (total === null || !(total > 0)) {
    flags.push('workforceUnknown');
    return line('workforce', w.unknownScore, weight, `${R}.workforce.unknown`, {});
  }
  const details: ExplanationComponent[] = [];
  let sum = 0;
  let incomplete = false;
  for (const factor of WORKFORCE_FACTORS) {
    const count = wf[factor];
    let d: ExplanationComponent;
    if (count === null) {
      incomplete = true;
      d = line(factor, w.unknownScore, w.workforceFactors[factor], `${R}.workforce.factorUnknown`, { factor });
    } else {
      const share = clamp01(count / total);
      const saturation = WORKFORCE_SATURATION[factor];
      d = line(factor, round2(Math.min(1, share / saturation) * 100), w.workforceFactors[factor], `${R}.workforce.factor`, {
        factor,
        count,
        total,
        sharePct: round2(share * 100),
        saturationPct: round2(saturation * 100),
      });
    }
    sum += d.contribution;
    details.push(d);
  }
  // Recorded for the gender lens of reports; women's employment is not a child-labour risk.
  if (wf.women !== null) {
    details.push(
      line('women', round2(clamp01(wf.women / total) * 100), 0, `${R}.workforce.women`, { count: wf.women, total }),
    );
  }
  if (incomplete) flags.push('workforceIncomplete');
  const entry = line('workforce', round2(sum), weight, `${R}.workforce.total`, { total });
  entry.details = details;
  return entry;
}
