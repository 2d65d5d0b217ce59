import { worstActivity } from './activity-risk.ts';
import { dolCommodity, sectorFor, type DolCommodity } from './sector-risk.ts';
import type {
  ExplanationComponent,
  ExplanationParams,
  ScoreFlag,
  SectorInput,
  TerritorialInput,
  WorkforceConditions,
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

/**
 * Sector base from the shipped table, raised by the most serious DOL-listed commodity,
 * then by the site's riskiest activity (activity-risk.ts) on what headroom is left.
 */
export function sectorComponent(
  s: SectorInput,
  w: ScoringWeights,
  flags: ScoreFlag[],
  activities?: readonly string[],
): ExplanationComponent {
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
  const activity = worstActivity(activities);
  if (activity) {
    flags.push('hazardousActivity');
    const before = value;
    const added = line('activity', round2(100 - before), activity.uplift, `${R}.sector.activity`, {
      activity: activity.id,
      source: activity.sources.join('+'),
      before,
    });
    details.push(added);
    value = round2(before + added.contribution);
  }

  const total = line('sector', value, w.components.sector, `${R}.sector.${sector ? 'total' : 'totalUnknown'}`, {
    sectorCode: sector?.code ?? null,
    scianCode: s.scianCode,
  });
  total.details = details;
  return total;
}

const CONDITION_ORDER = ['familiesWithoutChildcare', 'campHousing', 'contractors', 'pieceRate'] as const;

/**
 * Why seasonal and migrant workers count: the first risk condition present, else
 * 'unknown' when one is not known; null when the answers show none of them, and then
 * the head count adds nothing (seed 003: labour inclusion of migrants).
 */
export function mobileWorkerCondition(c: WorkforceConditions | null | undefined): string | null {
  if (!c) return 'unknown';
  let unknown = false;
  for (const k of CONDITION_ORDER) {
    if (c[k] === true) return k;
    if (c[k] === null || c[k] === undefined) unknown = true;
  }
  return unknown ? 'unknown' : null;
}

/**
 * Each factor's intensity is its share of the workforce over its saturation share,
 * capped at 1; an unreported factor counts at the neutral unknown score. Adolescents
 * count only while their protections are missing or unknown, seasonal and migrant
 * workers only with a risk condition; indigenous counts are shown, never scored.
 */
export function workforceComponent(
  wf: WorkforceInput,
  w: ScoringWeights,
  flags: ScoreFlag[],
  conditions?: WorkforceConditions | null,
): ExplanationComponent {
  const weight = w.components.workforce;
  const total = wf.total;
  if (total === null || !(total > 0)) {
    flags.push('workforceUnknown');
    return line('workforce', w.unknownScore, weight, `${R}.workforce.unknown`, {});
  }
  const details: ExplanationComponent[] = [];
  let sum = 0;
  let incomplete = false;
  const mobile = mobileWorkerCondition(conditions);
  for (const factor of WORKFORCE_FACTORS) {
    const count = wf[factor];
    let d: ExplanationComponent;
    if (factor === 'adolescents15to17' && conditions?.adolescentProtections === 'full') {
      d = line(factor, 0, w.workforceFactors[factor], `${R}.workforce.adolescentsProtected`, { factor, count, total });
    } else if ((factor === 'seasonal' || factor === 'migrant') && mobile === null) {
      d = line(factor, 0, w.workforceFactors[factor], `${R}.workforce.noRiskCondition`, { factor, count, total });
    } else if (count === null) {
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
      if (factor === 'seasonal' || factor === 'migrant') {
        d.reasonKey = `${R}.workforce.factorWithCondition`;
        d.params.condition = mobile;
      } else if (factor === 'adolescents15to17') {
        d.reasonKey = `${R}.workforce.adolescentsUnprotected`;
        d.params.protections = conditions?.adolescentProtections ?? 'unknown';
      }
    }
    sum += d.contribution;
    details.push(d);
  }
  // Shown for disaggregation only: who works at a site is never a risk in itself.
  if (wf.indigenous !== null) {
    details.push(
      line('indigenous', round2(clamp01(wf.indigenous / total) * 100), 0, `${R}.workforce.indigenous`, { count: wf.indigenous, total }),
    );
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
