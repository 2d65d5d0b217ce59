import { expect } from 'chai';
import { scoreSite } from '../../server/scoring/engine.ts';
import type { AssessmentInput, SiteScoreInput, WorkforceConditions, WorkforceInput } from '../../server/scoring/types.ts';
import { DEFAULT_WEIGHTS, parseWeights, type ScoringWeights } from '../../server/scoring/weights.ts';
import { chiapasHighDemo } from './fixtures.ts';

/**
 * Property: the score rewards conditions, not head counts (seed 001: protect permitted
 * adolescent work; seed 003: labour inclusion of migrants). Over generated sites, adding
 * fully protected adolescents, or migrant or seasonal workers where no risk condition
 * exists, never raises any component, the inherent or the residual score.
 */

/** mulberry32: a small seeded PRNG, so a failure is reproducible from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20261204;
const RUNS = 2000;

function generator(rand: () => number) {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];
  const maybe = <T>(v: T, pNull = 0.15): T | null => (rand() < pNull ? null : v);
  const bool = (): boolean | null => pick([true, false, null]);

  function workforce(): WorkforceInput {
    const total = maybe(1 + Math.floor(rand() * 400), 0.1);
    const part = (max: number) => (total === null ? maybe(Math.floor(rand() * 20)) : maybe(Math.floor(rand() * total * max)));
    return {
      total, adolescents15to17: part(0.1), seasonal: part(0.8), migrant: part(0.8), indigenous: part(0.5),
      familyLabour: part(0.2), subcontracted: part(0.5), women: part(0.6),
    };
  }

  function assessment(conditions: WorkforceConditions): AssessmentInput {
    return {
      assessmentId: 'a', reviewedAt: '2026-01-10', controlsScore: rand(),
      redFlags: rand() < 0.2 ? [{ code: 'x', severity: pick(['high', 'critical'] as const) }] : [],
      evidenceLevel: pick(['declared', 'documents_reviewed', 'verified_on_site'] as const),
      ageMonths: Math.floor(rand() * 36), harvestVerified: rand() < 0.5, conditions,
    };
  }

  function site(conditions: WorkforceConditions): SiteScoreInput {
    return {
      territorial: rand() < 0.1 ? null : { ...chiapasHighDemo, levelScore: pick([0.2, 0.55, 0.9]) },
      sector: { scianCode: pick(['111', '311', '46', '23', '54', null]), commodities: pick([[], ['coffee'], ['tomatoes']]) },
      workforce: workforce(),
      assessment: assessment(conditions),
      activities: pick([[], ['harvest'], ['brick_making'], ['packing', 'harvest']]),
      evidence: rand() < 0.2 ? { findings: [{ id: 'f0000000', category: 'missing_controls', severity: 'high' }], cases: [] } : null,
    };
  }

  const weights = (): ScoringWeights =>
    rand() < 0.5 ? DEFAULT_WEIGHTS : parseWeights({ controlsReduction: 0.8, workforceFactors: { migrant: 0.3, seasonal: 0.1, subcontracted: 0.05 } });

  return { rand, pick, bool, site, weights };
}

function addTo(w: WorkforceInput, field: 'adolescents15to17' | 'migrant' | 'seasonal', k: number): WorkforceInput {
  return { ...w, total: w.total === null ? null : w.total + k, [field]: (w[field] ?? 0) + k };
}

function expectNotHigher(before: SiteScoreInput, after: SiteScoreInput, weights: ScoringWeights, run: number): void {
  const a = scoreSite(before, weights);
  const b = scoreSite(after, weights);
  const at = `run ${run} (seed ${SEED}): ${JSON.stringify(before.workforce)} → ${JSON.stringify(after.workforce)}`;
  expect(b.workforce, at).to.be.at.most(a.workforce);
  expect(b.inherent, at).to.be.at.most(a.inherent);
  expect(b.residual, at).to.be.at.most(a.residual);
}

describe('scoring property: conditions, not head counts', () => {
  it(`adding fully protected adolescents never raises a score (${RUNS} generated sites)`, () => {
    const g = generator(prng(SEED));
    for (let run = 0; run < RUNS; run++) {
      const conditions: WorkforceConditions = {
        adolescentProtections: 'full', familiesWithoutChildcare: g.bool(), campHousing: g.bool(), contractors: g.bool(), pieceRate: g.bool(),
      };
      const site = g.site(conditions);
      const k = 1 + Math.floor(g.rand() * 30);
      expectNotHigher(site, { ...site, workforce: addTo(site.workforce, 'adolescents15to17', k) }, g.weights(), run);
    }
  });

  it(`adding migrant or seasonal workers where no risk condition exists never raises a score (${RUNS} generated sites)`, () => {
    const g = generator(prng(SEED + 1));
    for (let run = 0; run < RUNS; run++) {
      const conditions: WorkforceConditions = {
        adolescentProtections: g.pick(['full', 'missing', 'unknown'] as const),
        familiesWithoutChildcare: false, campHousing: false, contractors: false, pieceRate: false,
      };
      const site = g.site(conditions);
      const k = 1 + Math.floor(g.rand() * 200);
      const field = g.pick(['migrant', 'seasonal'] as const);
      expectNotHigher(site, { ...site, workforce: addTo(site.workforce, field, k) }, g.weights(), run);
    }
  });

  it('still counts adolescents whose protections are missing, and migrants with a risk condition (the property is not vacuous)', () => {
    const base: SiteScoreInput = {
      territorial: chiapasHighDemo, sector: { scianCode: '111', commodities: [] },
      workforce: { total: 100, adolescents15to17: 0, seasonal: 0, migrant: 0, indigenous: 0, familyLabour: 0, subcontracted: 0, women: 0 },
      assessment: null,
    };
    const none = { familiesWithoutChildcare: false, campHousing: false, contractors: false, pieceRate: false };
    const withConditions = (c: WorkforceConditions): SiteScoreInput => ({
      ...base, assessment: { assessmentId: 'a', reviewedAt: '2026-01-10', controlsScore: 0, redFlags: [], conditions: c },
    });
    const missing = withConditions({ adolescentProtections: 'missing', ...none });
    expect(scoreSite({ ...missing, workforce: addTo(missing.workforce, 'adolescents15to17', 10) }, DEFAULT_WEIGHTS).workforce)
      .to.be.greaterThan(scoreSite(missing, DEFAULT_WEIGHTS).workforce);
    const camp = withConditions({ adolescentProtections: 'full', ...none, campHousing: true });
    expect(scoreSite({ ...camp, workforce: addTo(camp.workforce, 'migrant', 80) }, DEFAULT_WEIGHTS).workforce)
      .to.be.greaterThan(scoreSite(camp, DEFAULT_WEIGHTS).workforce);
    // Indigenous head counts never move the score, whatever the conditions.
    const indigenous = { ...base.workforce, total: 180, indigenous: 80 };
    expect(scoreSite({ ...base, workforce: indigenous }, DEFAULT_WEIGHTS).inherent)
      .to.equal(scoreSite({ ...base, workforce: { ...indigenous, indigenous: 0 } }, DEFAULT_WEIGHTS).inherent);
  });
});
