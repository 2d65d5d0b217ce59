import { line, round2, sectorComponent, territorialComponent, workforceComponent } from './components.ts';
import { SECTOR_TABLE_VERSION } from './sector-risk.ts';
import { CREDIT_FULL_MONTHS, EVIDENCE_CAPS, HARVEST_TERRITORY_MIN, creditFactor, evidenceFloor, harvestVerified } from './evidence.ts';
import type {
  ExplanationComponent,
  ExplanationParams,
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
export const ENGINE_VERSION = 'vigia-score/2';

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
 * Inherent = Σ component × weight; residual = inherent × (1 − reduction), where the
 * reduction is controlsScore × the cap of the assessment's evidence level (never above
 * the tenant's controlsReduction) × its age credit. The residual is then raised to the
 * floors of red flags, open findings and child cases, and unverified harvest work.
 * `weights` must come from parseWeights()/DEFAULT_WEIGHTS (already validated).
 */
export function scoreSite(input: SiteScoreInput, weights: ScoringWeights): SiteScore {
  const flags: ScoreFlag[] = [];
  const a = input.assessment;
  const territorial = territorialComponent(input.territorial, weights, flags);
  const sector = sectorComponent(input.sector, weights, flags, input.activities);
  const workforce = workforceComponent(input.workforce, weights, flags, a?.conditions);
  const inherent = round2(territorial.contribution + sector.contribution + workforce.contribution);
  const explanation: ExplanationComponent[] = [territorial, sector, workforce];

  let residual = inherent;
  if (!a) {
    flags.push('noEvidenceOfControls');
    explanation.push(line('controls', 0, weights.controlsReduction, `${R}.controls.none`, { inherent }, 0));
  } else {
    const controls = round2((a.controlsScore > 1 ? 1 : a.controlsScore > 0 ? a.controlsScore : 0) * 100);
    const evidenceLevel = a.evidenceLevel ?? 'declared';
    const cap = EVIDENCE_CAPS[evidenceLevel] < weights.controlsReduction ? EVIDENCE_CAPS[evidenceLevel] : weights.controlsReduction;
    const ageMonths = a.ageMonths ?? 0;
    const credit = creditFactor(ageMonths);
    if (ageMonths > CREDIT_FULL_MONTHS) flags.push('assessmentStale');
    const reductionPct = round2(controls * cap * credit);
    const removed = round2((inherent * reductionPct) / 100);
    residual = round2(inherent - removed);
    if (a.reviewedAt === null) flags.push('assessmentNotReviewed');
    const key = `${R}.controls.${a.reviewedAt === null ? 'appliedNotReviewed' : ageMonths > CREDIT_FULL_MONTHS ? 'appliedStale' : 'applied'}`;
    explanation.push(
      line('controls', controls, cap, key, {
        inherent, reductionPct, reviewedAt: a.reviewedAt, evidenceLevel, ageMonths, creditPct: round2(credit * 100),
      }, -removed),
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

  const evidence = evidenceFloor(input.evidence);
  if (evidence) {
    if (evidence.findings > 0) flags.push('openFindings');
    if (evidence.cases > 0) flags.push('openChildCase');
    const floor = weights.redFlagFloors[evidence.severity];
    const raise = floor > residual ? round2(floor - residual) : 0;
    if (raise > 0) flags.push('evidenceFloor');
    const f = evidence.first;
    // Names the record by short id and class only: nothing about the child.
    const params: ExplanationParams = f.kind === 'finding'
      ? { ref: f.item.id.slice(0, 8), category: f.item.category, findingSeverity: f.item.severity }
      : { ref: f.item.id.slice(0, 8) };
    explanation.push(
      line('evidence', floor, 1, `${R}.evidence.${f.kind}${raise > 0 ? 'Floor' : 'NotBinding'}`, {
        ...params, severity: evidence.severity, findings: evidence.findings, cases: evidence.cases, before: residual,
      }, raise),
    );
    residual = round2(residual + raise);
  }

  const activities = input.activities ?? [];
  if (activities.includes('harvest') && territorial.value >= HARVEST_TERRITORY_MIN && input.territorial) {
    const verified = harvestVerified(a);
    const floor = weights.redFlagFloors.high;
    const raise = !verified && floor > residual ? round2(floor - residual) : 0;
    if (!verified) flags.push('harvestNotVerified');
    explanation.push(
      line('harvest', floor, 1, `${R}.harvest.${verified ? 'verified' : raise > 0 ? 'floor' : 'notBinding'}`, {
        territoryName: input.territorial.territoryName ?? input.territorial.territoryCode ?? '—', before: residual,
      }, raise),
    );
    residual = round2(residual + raise);
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
