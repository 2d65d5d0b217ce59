import { line, round2, sectorComponent, territorialComponent, workforceComponent } from './components.ts';
import { SECTOR_TABLE_VERSION } from './sector-risk.ts';
import type {
  ExplanationComponent,
  RedFlagSeverity,
  RiskLevel,
  ScoreFlag,
  SiteScore,
  SiteScoreInput,
  SupplierScore,
} from './types.ts';
import type { ScoringWeights } from './weights.ts';

/**
 * Child-labour risk scores: pure and deterministic, so a stored score can be
 * re-computed from its `inputs`. The method is described in docs/scoring.md.
 */

/** Bump when a change to this folder would change any score computed from the same inputs. */
export const ENGINE_VERSION = 'vigia-score/1';

/**
 * Lower bounds of each level on the 0..100 scale. Fixed for every tenant so that a
 * consultancy's portfolio compares like with like; the red-flag floors are
 * validated against them.
 */
export const LEVEL_CUTOFFS = Object.freeze({ medium: 25, high: 50, critical: 75 });

export function levelFor(score: number): RiskLevel {
  if (score >= LEVEL_CUTOFFS.critical) return 'critical';
  if (score >= LEVEL_CUTOFFS.high) return 'high';
  if (score >= LEVEL_CUTOFFS.medium) return 'medium';
  return 'low';
}

const R = 'scoring.reason';

/**
 * Inherent = Σ component × weight; residual = inherent × (1 − controlsReduction ×
 * controlsScore), then raised to the floor of the most severe red flag.
 * `weights` must come from parseWeights()/DEFAULT_WEIGHTS (already validated).
 */
export function scoreSite(input: SiteScoreInput, weights: ScoringWeights): SiteScore {
  const flags: ScoreFlag[] = [];
  const territorial = territorialComponent(input.territorial, weights, flags);
  const sector = sectorComponent(input.sector, weights, flags);
  const workforce = workforceComponent(input.workforce, weights, flags);
  const inherent = round2(territorial.contribution + sector.contribution + workforce.contribution);
  const explanation: ExplanationComponent[] = [territorial, sector, workforce];

  let residual = inherent;
  const a = input.assessment;
  if (!a) {
    flags.push('noEvidenceOfControls');
    explanation.push(line('controls', 0, weights.controlsReduction, `${R}.controls.none`, { inherent }, 0));
  } else {
    const controls = round2((a.controlsScore > 1 ? 1 : a.controlsScore > 0 ? a.controlsScore : 0) * 100);
    const reductionPct = round2(controls * weights.controlsReduction);
    const removed = round2((inherent * reductionPct) / 100);
    residual = round2(inherent - removed);
    if (a.reviewedAt === null) flags.push('assessmentNotReviewed');
    const key = `${R}.controls.${a.reviewedAt === null ? 'appliedNotReviewed' : 'applied'}`;
    explanation.push(
      line('controls', controls, weights.controlsReduction, key, { inherent, reductionPct, reviewedAt: a.reviewedAt }, -removed),
    );

    if (a.redFlags.length > 0) {
      flags.push('redFlags');
      let severity: RedFlagSeverity = 'high';
      let codes = '';
      for (const f of a.redFlags) {
        if (f.severity === 'critical') severity = 'critical';
        codes = codes ? `${codes}, ${f.code}` : f.code;
      }
      const floor = weights.redFlagFloors[severity];
      const raise = floor > residual ? round2(floor - residual) : 0;
      if (raise > 0) flags.push('redFlagFloor');
      explanation.push(
        line(
          'redFlags',
          floor,
          1,
          `${R}.redFlags.${raise > 0 ? 'floor' : 'notBinding'}`,
          { severity, codes, count: a.redFlags.length, before: residual },
          raise,
        ),
      );
      residual = round2(residual + raise);
    }
  }

  return {
    territorial: territorial.value,
    sector: sector.value,
    workforce: workforce.value,
    inherent,
    residual,
    inherentLevel: levelFor(inherent),
    level: levelFor(residual),
    flags,
    explanation,
    inputs: {
      engineVersion: ENGINE_VERSION,
      sectorTableVersion: SECTOR_TABLE_VERSION,
      datasetId: input.territorial?.datasetId ?? null,
      datasetVersion: input.territorial?.datasetVersion ?? null,
      isDemo: input.territorial?.isDemo ?? false,
      territoryFallback: input.territorial?.fallback ?? null,
      assessmentId: a?.assessmentId ?? null,
      assessmentReviewedAt: a?.reviewedAt ?? null,
      weights,
    },
  };
}

/**
 * A supplier's level is its worst site's: one site where children may be working is
 * not made acceptable by large, safe sites elsewhere. The workforce-weighted mean
 * is reported beside it to show how much of the workforce is exposed. A site whose
 * size is unknown weighs as much as the mean known site (1 when none is known).
 * `workforceSizes[i]` belongs to `sites[i]`.
 */
export function scoreSupplier(
  sites: readonly SiteScore[],
  workforceSizes: readonly (number | null)[],
): SupplierScore {
  if (sites.length === 0) throw new RangeError('scoreSupplier: a supplier needs at least one scored site');
  if (workforceSizes.length !== sites.length) {
    throw new RangeError(`scoreSupplier: ${sites.length} sites but ${workforceSizes.length} workforce sizes`);
  }
  let worst = 0;
  let knownWorkers = 0;
  let knownSites = 0;
  for (let i = 0; i < sites.length; i++) {
    const s = sites[i];
    const w = sites[worst];
    if (s.residual > w.residual || (s.residual === w.residual && s.inherent > w.inherent)) worst = i;
    const size = workforceSizes[i];
    if (size !== null && size > 0) {
      knownWorkers += size;
      knownSites++;
    }
  }
  const stand = knownSites > 0 ? knownWorkers / knownSites : 1;
  let totalWeight = 0;
  let residualSum = 0;
  let inherentSum = 0;
  const flags: ScoreFlag[] = [];
  for (let i = 0; i < sites.length; i++) {
    const size = workforceSizes[i];
    const weight = size !== null && size > 0 ? size : stand;
    totalWeight += weight;
    residualSum += sites[i].residual * weight;
    inherentSum += sites[i].inherent * weight;
    for (const f of sites[i].flags) if (!flags.includes(f)) flags.push(f);
  }
  const unknownSizes = sites.length - knownSites;
  if (unknownSizes > 0) flags.push('siteSizeUnknown');

  const w = sites[worst];
  const weightedResidual = round2(residualSum / totalWeight);
  const weightedLevel = levelFor(weightedResidual);
  return {
    level: w.level,
    siteCount: sites.length,
    worstSiteIndex: worst,
    worstResidual: w.residual,
    worstInherent: w.inherent,
    weightedResidual,
    weightedInherent: round2(inherentSum / totalWeight),
    weightedLevel,
    flags,
    explanation: [
      line('worstSite', w.residual, 1, `${R}.supplier.worstSite`, {
        site: worst + 1,
        siteCount: sites.length,
        level: w.level,
      }),
      line('workforceWeighted', weightedResidual, 0, `${R}.supplier.workforceWeighted`, {
        workers: knownWorkers,
        unknownSizes,
        level: weightedLevel,
      }),
    ],
  };
}
