import { expect } from 'chai';
import { scoreSite } from '../../server/scoring/engine.ts';
import { creditFactor, monthsBetween } from '../../server/scoring/evidence.ts';
import type { ExplanationComponent, SiteScoreInput } from '../../server/scoring/types.ts';
import { DEFAULT_WEIGHTS } from '../../server/scoring/weights.ts';
import { assessment, chiapasHighDemo, noWorkers } from './fixtures.ts';

/*
 * Worked by hand from the defaults (docs/scoring.md). The base site: an office (SCIAN 54,
 * formal services 0.28 → 28) in a low territory (0.2 → 20) with 10 staff and no risk
 * factor: inherent 20 × 0.45 + 28 × 0.30 + 0 = 9 + 8.4 = 17.4 → low.
 */
const office: SiteScoreInput = {
  territorial: { ...chiapasHighDemo, level: 'bajo', levelScore: 0.2, territoryName: 'Tuxtla Gutiérrez, Chiapas' },
  sector: { scianCode: '54', commodities: [] },
  workforce: { ...noWorkers, total: 10 },
  assessment: assessment(1, { evidenceLevel: 'verified_on_site' }),
};
const line = (lines: ExplanationComponent[], c: ExplanationComponent['component']) => lines.find((l) => l.component === c);

describe('scoring engine: evidence outranks declarations', () => {
  it('an open finding of hazardous work by a minor makes the site critical, whatever its controls', () => {
    const s = scoreSite({
      ...office,
      evidence: { findings: [{ id: '6f1e2d3c-aaaa-4bbb-8ccc-000000000001', category: 'hazardous_under_18', severity: 'medium' }], cases: [] },
    }, DEFAULT_WEIGHTS);
    // 17.4 − 60 % (on site, capped by the tenant's 0.6) = 6.96; critical floor 75 → +68.04
    expect(s.inherent).to.equal(17.4);
    expect(s.residual).to.equal(75);
    expect(s.level).to.equal('critical');
    expect(s.flags).to.include.members(['openFindings', 'evidenceFloor']);
    const e = line(s.explanation, 'evidence')!;
    expect(e).to.include({ value: 75, contribution: 68.04, reasonKey: 'scoring.reason.evidence.findingFloor' });
    expect(e.params).to.include({ ref: '6f1e2d3c', category: 'hazardous_under_18', findingSeverity: 'medium', severity: 'critical', before: 6.96 });
  });

  it('an open child case under the minimum age makes the site critical; the explanation names only the case id', () => {
    const s = scoreSite({ ...office, evidence: { findings: [], cases: [{ id: 'c45e0000-1111-4222-8333-444455556666', situation: 'under_minimum_age' }] } }, DEFAULT_WEIGHTS);
    expect(s.level).to.equal('critical');
    const e = line(s.explanation, 'evidence')!;
    expect(e.reasonKey).to.equal('scoring.reason.evidence.caseFloor');
    expect(Object.keys(e.params).sort()).to.deep.equal(['before', 'cases', 'findings', 'ref', 'severity']);
    expect(e.params.ref).to.equal('c45e0000');
  });

  it('other open high findings and other open cases set the high floor; medium findings set none', () => {
    const high = scoreSite({ ...office, evidence: { findings: [{ id: 'f1', category: 'missing_controls', severity: 'high' }], cases: [] } }, DEFAULT_WEIGHTS);
    expect(high.residual).to.equal(50);
    expect(high.level).to.equal('high');
    const atRisk = scoreSite({ ...office, evidence: { findings: [], cases: [{ id: 'c1', situation: 'at_risk' }] } }, DEFAULT_WEIGHTS);
    expect(atRisk.level).to.equal('high');
    const medium = scoreSite({ ...office, evidence: { findings: [{ id: 'f2', category: 'missing_controls', severity: 'medium' }], cases: [] } }, DEFAULT_WEIGHTS);
    expect(medium.residual).to.equal(6.96);
    expect(line(medium.explanation, 'evidence')).to.equal(undefined);
  });

  it('without open findings or cases the residual is the computed one', () => {
    expect(scoreSite({ ...office, evidence: { findings: [], cases: [] } }, DEFAULT_WEIGHTS).residual).to.equal(6.96);
  });
});

describe('scoring engine: evidence levels and age of the credit', () => {
  it('caps the reduction by evidence level: declared 30 %, documents 50 %, on site 60 % (the default tenant maximum)', () => {
    const at = (evidenceLevel: 'declared' | 'documents_reviewed' | 'verified_on_site') =>
      scoreSite({ ...office, assessment: assessment(1, { evidenceLevel }) }, DEFAULT_WEIGHTS).residual;
    // 17.4 × 0.7 = 12.18; × 0.5 = 8.7; × 0.4 = 6.96
    expect([at('declared'), at('documents_reviewed'), at('verified_on_site')]).to.deep.equal([12.18, 8.7, 6.96]);
  });

  it('keeps full credit for 12 months, then decays linearly to none at 24', () => {
    expect([0, 12, 13, 18, 24, 36].map(creditFactor)).to.deep.equal([1, 1, 11 / 12, 0.5, 0, 0]);
    const old = scoreSite({ ...office, assessment: assessment(1, { evidenceLevel: 'verified_on_site', ageMonths: 36 }) }, DEFAULT_WEIGHTS);
    // A questionnaire reviewed three years ago removes nothing.
    expect(old.residual).to.equal(17.4);
    expect(old.flags).to.include('assessmentStale');
    expect(line(old.explanation, 'controls')!.reasonKey).to.equal('scoring.reason.controls.appliedStale');
    expect(monthsBetween('2023-12-04', '2026-12-04')).to.equal(36);
    expect(monthsBetween('2026-01-31', '2026-02-28')).to.equal(0);
  });

  it('a perfect self-assessment no longer makes a critical tomato farm in a high-risk municipality medium', () => {
    const farm: SiteScoreInput = {
      territorial: chiapasHighDemo, sector: { scianCode: '111', commodities: ['tomatoes'] },
      workforce: { ...noWorkers, total: null }, assessment: assessment(1),
    };
    // Inherent 90 × 0.45 + 95 × 0.30 + 50 × 0.25 = 40.5 + 28.5 + 12.5 = 81.5; declared: − 30 % → 57.05, high
    const s = scoreSite(farm, DEFAULT_WEIGHTS);
    expect(s.inherent).to.equal(81.5);
    expect(s.residual).to.equal(57.05);
    expect(s.level).to.equal('high');
  });
});

describe('scoring engine: activities and the harvest floor', () => {
  it('a brick kiln scores above ordinary manufacturing, with its source in the explanation', () => {
    const plant: SiteScoreInput = { ...office, sector: { scianCode: '327', commodities: [] }, assessment: null };
    const kiln = scoreSite({ ...plant, activities: ['brick_making'] }, DEFAULT_WEIGHTS);
    // Manufacturing 30; brick making closes half the headroom: 30 + 70 × 0.5 = 65
    expect(scoreSite(plant, DEFAULT_WEIGHTS).sector).to.equal(30);
    expect(kiln.sector).to.equal(65);
    const a = line(line(kiln.explanation, 'sector')!.details!, 'activity')!;
    expect(a).to.include({ value: 70, weight: 0.5, contribution: 35, reasonKey: 'scoring.reason.sector.activity' });
    expect(a.params).to.include({ activity: 'brick_making', source: 'lft176+dol' });
    expect(kiln.flags).to.include('hazardousActivity');
  });

  it('harvest in a high territory stays at least high unless verified on site in the last harvest', () => {
    const harvest: SiteScoreInput = {
      territorial: chiapasHighDemo, sector: { scianCode: '111', commodities: [] }, workforce: { ...noWorkers, total: 40 },
      assessment: assessment(1, { evidenceLevel: 'verified_on_site' }), activities: ['harvest'],
    };
    // 40.5 + (80 + 20 × 0.5 = 90) × 0.3 = 27 → 67.5; on site −60 % → 27; harvest floor 50
    const unverified = scoreSite(harvest, DEFAULT_WEIGHTS);
    expect(unverified.residual).to.equal(50);
    expect(unverified.flags).to.include('harvestNotVerified');
    const verified = scoreSite({ ...harvest, assessment: { ...harvest.assessment!, harvestVerified: true, ageMonths: 3 } }, DEFAULT_WEIGHTS);
    expect(verified.residual).to.equal(27);
    expect(line(verified.explanation, 'harvest')!.reasonKey).to.equal('scoring.reason.harvest.verified');
    // A visit in a harvest more than a year ago is not the last harvest season.
    expect(scoreSite({ ...harvest, assessment: { ...harvest.assessment!, harvestVerified: true, ageMonths: 13 } }, DEFAULT_WEIGHTS).residual).to.be.at.least(50);
    // A low territory sets no harvest floor.
    const low = scoreSite({ ...harvest, territorial: { ...chiapasHighDemo, levelScore: 0.2 } }, DEFAULT_WEIGHTS);
    expect(line(low.explanation, 'harvest')).to.equal(undefined);
  });
});

describe('scoring engine: the worked example of docs/scoring.md', () => {
  it('gives the numbers the document shows', () => {
    const site: SiteScoreInput = {
      territorial: chiapasHighDemo,
      sector: { scianCode: '111', commodities: ['coffee'] },
      workforce: { total: 120, adolescents15to17: 6, familyLabour: 0, seasonal: 60, migrant: 30, subcontracted: 0, indigenous: 40, women: 50 },
      activities: ['harvest'],
      assessment: assessment(0.7, {
        evidenceLevel: 'documents_reviewed', ageMonths: 14,
        redFlags: [{ code: 'piece_rate_family_pay', severity: 'high' }],
        conditions: { adolescentProtections: 'missing', familiesWithoutChildcare: true, campHousing: false, contractors: false, pieceRate: true },
      }),
      evidence: { findings: [{ id: '5a7c0e21-0000-4000-8000-000000000000', category: 'hazardous_under_18', severity: 'critical' }], cases: [] },
    };
    const s = scoreSite(site, DEFAULT_WEIGHTS);
    expect([s.territorial, s.sector, s.workforce, s.inherent]).to.deep.equal([90, 95, 47.5, 80.88]);
    expect(line(s.explanation, 'controls')).to.include({ weight: 0.5, contribution: -23.59 });
    expect(line(s.explanation, 'controls')!.params).to.include({ reductionPct: 29.17, creditPct: 83.33 });
    expect(line(s.explanation, 'redFlags')).to.include({ contribution: 0 });
    expect(line(s.explanation, 'evidence')).to.include({ value: 75, contribution: 17.71 });
    expect(line(s.explanation, 'harvest')).to.include({ contribution: 0 });
    expect([s.residual, s.level]).to.deep.equal([75, 'critical']);
    const closed = scoreSite({ ...site, evidence: null }, DEFAULT_WEIGHTS);
    expect([closed.residual, closed.level]).to.deep.equal([57.29, 'high']);
    // The same site with 40 more migrant workers and no risk condition: migrants add nothing.
    const calm = { adolescentProtections: 'full', familiesWithoutChildcare: false, campHousing: false, contractors: false, pieceRate: false } as const;
    const calmSite = { ...site, evidence: null, assessment: { ...site.assessment!, conditions: calm } };
    expect(scoreSite(calmSite, DEFAULT_WEIGHTS).workforce).to.equal(0);
  });
});
