import { expect } from 'chai';
import { LEVEL_CUTOFFS, levelFor, scoreSite, scoreSupplier } from '../../server/scoring/engine.ts';
import type { ExplanationComponent, SiteScore, SiteScoreInput } from '../../server/scoring/types.ts';
import { DEFAULT_WEIGHTS, parseWeights } from '../../server/scoring/weights.ts';
import { assessment, farmInChiapas, noWorkers, seasonalMigrantWorkforce, withAssessment } from './fixtures.ts';

/*
 * Every expected value below is worked out by hand from the documented defaults
 * (docs/scoring.md): components territorial 0.45, sector 0.30, workforce 0.25;
 * workforce factors adolescents 0.25 (full at 5 %), family labour 0.30 (full at 10 %),
 * seasonal / migrant / subcontracted 0.15 each (full at 50 %); indigenous never scored;
 * controls reduction 0.6, capped by evidence level (declared 0.3, documents 0.5, on site
 * 0.7); floors critical 75, high 50; DOL uplift 0.5 (child labour) and 0.75 (child and
 * forced labour); unknown = 50. With no questionnaire the conditions are unknown, so
 * adolescents, seasonal and migrant workers count.
 */

const byComponent = (lines: ExplanationComponent[], c: ExplanationComponent['component']) =>
  lines.find((l) => l.component === c)!;

describe('scoring engine: worked examples', () => {
  it('1. high-risk municipality, agriculture, seasonal migrant workforce, no assessment', () => {
    const s = scoreSite(farmInChiapas, DEFAULT_WEIGHTS);
    // Territorial: levelScore 0.9 → 90; 90 × 0.45 = 40.5
    expect(s.territorial).to.equal(90);
    // Sector: SCIAN 111 → sector 11, 33.0 % ÷ 33.0 % × 0.8 = 0.80 → 80; 80 × 0.30 = 24
    expect(s.sector).to.equal(80);
    // Workforce (100 people), conditions unknown: seasonal 80 % ≥ 50 % → 100 × 0.15 = 15;
    // migrant 60 % ≥ 50 % → 100 × 0.15 = 15; adolescents, family labour, subcontracted 0;
    // indigenous and women shown, not scored. 15 + 15 = 30
    expect(s.workforce).to.equal(30);
    // Inherent: 40.5 + 24 + 30 × 0.25 (= 7.5) = 72 → high (50 ≤ 72 < 75)
    expect(s.inherent).to.equal(72);
    expect(s.inherentLevel).to.equal('high');
    // No assessment: nothing removed.
    expect(s.residual).to.equal(72);
    expect(s.level).to.equal('high');
    expect(s.flags).to.have.members(['demoDataset', 'noEvidenceOfControls']);

    const t = byComponent(s.explanation, 'territorial');
    expect(t).to.include({ value: 90, weight: 0.45, contribution: 40.5, reasonKey: 'scoring.reason.territorial.municipalityDemo' });
    expect(t.params).to.include({ territoryName: 'Tapachula, Chiapas', level: 'alto', datasetName: 'CLRISK demo', datasetVersion: '1' });
    const w = byComponent(s.explanation, 'workforce');
    expect(w.contribution).to.equal(7.5);
    expect(byComponent(w.details!, 'indigenous')).to.include({ value: 20, weight: 0, contribution: 0, reasonKey: 'scoring.reason.workforce.indigenous' });
    expect(byComponent(w.details!, 'migrant')).to.include({ reasonKey: 'scoring.reason.workforce.factorWithCondition' });
    expect(byComponent(w.details!, 'women')).to.include({ value: 30, weight: 0, contribution: 0 });
    expect(byComponent(s.explanation, 'controls')).to.include({ contribution: 0, reasonKey: 'scoring.reason.controls.none' });
    expect(s.inputs).to.include({ datasetId: 'clrisk-demo', datasetVersion: '1', isDemo: true, assessmentId: null });
    expect(s.inputs.weights).to.equal(DEFAULT_WEIGHTS);
  });

  it('2. the same site with good controls, declared only: capped at 30 %', () => {
    const s = scoreSite(withAssessment(farmInChiapas, assessment(0.8)), DEFAULT_WEIGHTS);
    // Inherent unchanged: 72. Declared → cap min(0.3, 0.6) = 0.3; 0.3 × 0.8 = 24 %;
    // 72 × 0.24 = 17.28 removed; residual 54.72 → high
    expect(s.inherent).to.equal(72);
    expect(s.residual).to.equal(54.72);
    expect(s.level).to.equal('high');
    expect(s.flags).to.not.include('noEvidenceOfControls');
    const c = byComponent(s.explanation, 'controls');
    expect(c).to.include({ value: 80, weight: 0.3, contribution: -17.28, reasonKey: 'scoring.reason.controls.applied' });
    expect(c.params).to.include({ inherent: 72, reductionPct: 24, evidenceLevel: 'declared' });
    expect(s.inputs).to.include({ assessmentId: 'assessment-1', assessmentReviewedAt: '2025-05-02' });
  });

  it('2b. the same controls verified on site: the tenant maximum 0.6 applies', () => {
    const s = scoreSite(withAssessment(farmInChiapas, assessment(0.8, { evidenceLevel: 'verified_on_site' })), DEFAULT_WEIGHTS);
    // cap min(0.7, 0.6) = 0.6; 0.6 × 0.8 = 48 %; 72 × 0.48 = 34.56; residual 37.44 → medium
    expect(s.residual).to.equal(37.44);
    expect(s.level).to.equal('medium');
    // Documents reviewed: cap 0.5 → 40 %; 72 × 0.4 = 28.8; residual 43.2
    expect(scoreSite(withAssessment(farmInChiapas, assessment(0.8, { evidenceLevel: 'documents_reviewed' })), DEFAULT_WEIGHTS).residual).to.equal(43.2);
  });

  it('3. a critical red flag puts a floor under the residual', () => {
    const a = assessment(0.8, {
      evidenceLevel: 'verified_on_site',
      redFlags: [
        { code: 'children_seen_working', severity: 'critical' },
        { code: 'no_age_check', severity: 'high' },
      ],
    });
    const s = scoreSite(withAssessment(farmInChiapas, a), DEFAULT_WEIGHTS);
    // Residual after controls is 37.44 (example 2b); the worst flag is critical → floor 75
    // 75 > 37.44, so residual = 75 (+37.56) → critical
    expect(s.residual).to.equal(75);
    expect(s.level).to.equal('critical');
    expect(s.inherent).to.equal(72);
    expect(s.flags).to.include.members(['redFlags', 'redFlagFloor']);
    const r = byComponent(s.explanation, 'redFlags');
    expect(r).to.include({ value: 75, contribution: 37.56, reasonKey: 'scoring.reason.redFlags.floor' });
    expect(r.params).to.include({ severity: 'critical', codes: 'children_seen_working, no_age_check', before: 37.44 });
  });

  it('3b. a high red flag below the residual does not change it', () => {
    const a = assessment(0, { redFlags: [{ code: 'no_age_check', severity: 'high' }] });
    const s = scoreSite(withAssessment(farmInChiapas, a), DEFAULT_WEIGHTS);
    // Controls 0 → nothing removed: 72; high floor 50 < 72 → unchanged
    expect(s.residual).to.equal(72);
    expect(s.flags).to.include('redFlags').and.not.include('redFlagFloor');
    expect(byComponent(s.explanation, 'redFlags')).to.include({ value: 50, contribution: 0, reasonKey: 'scoring.reason.redFlags.notBinding' });
  });

  it('4. only the state is known: its value is used and the score says so', () => {
    const input: SiteScoreInput = {
      territorial: {
        level: 'medio', levelScore: 0.5, datasetId: 'clrisk-mx', datasetVersion: '2018',
        datasetName: 'CLRISK México', territoryCode: '11', territoryName: 'Guanajuato', isDemo: false, fallback: 'state',
      },
      sector: { scianCode: '461110', commodities: [] },
      workforce: { ...noWorkers, total: 40, adolescents15to17: 2, women: 25 },
      assessment: assessment(0.25),
    };
    const s = scoreSite(input, DEFAULT_WEIGHTS);
    // Territorial: 0.5 → 50 × 0.45 = 22.5
    // Sector: retail 46 → commerce 21.5 ÷ 33.0 × 0.8 = 0.5212 → 0.52 → 52 × 0.30 = 15.6
    // Workforce: adolescents 2/40 = 5 % = saturation, protections unknown → 100 × 0.25 = 25;
    // the rest 0 → 25 × 0.25 = 6.25. Inherent 22.5 + 15.6 + 6.25 = 44.35 → medium
    // Controls declared: 0.25 × 0.3 = 7.5 %; 44.35 × 0.075 = 3.33; residual 44.35 − 3.33 = 41.02
    expect([s.territorial, s.sector, s.workforce]).to.deep.equal([50, 52, 25]);
    expect(s.inherent).to.equal(44.35);
    expect(s.residual).to.equal(41.02);
    expect(s.level).to.equal('medium');
    expect(s.flags).to.include('territoryStateFallback').and.not.include('demoDataset');
    expect(s.inputs.territoryFallback).to.equal('state');
    expect(byComponent(s.explanation, 'territorial').reasonKey).to.equal('scoring.reason.territorial.state');
  });

  it('5. unknown territory, garments (DOL child labour), unknown workforce', () => {
    const s = scoreSite(
      {
        territorial: null,
        sector: { scianCode: '3152', commodities: ['garments'] },
        workforce: { ...noWorkers, total: null },
        assessment: null,
      },
      DEFAULT_WEIGHTS,
    );
    // Territorial: unknown → neutral 50 × 0.45 = 22.5
    // Sector: manufacturing 12.5 ÷ 33.0 × 0.8 = 0.303 → 0.30 → 30; garments are on the DOL
    // list for child labour: + (100 − 30) × 0.5 = 35 → 65; 65 × 0.30 = 19.5
    // Workforce: total unknown → neutral 50 × 0.25 = 12.5
    // Inherent 22.5 + 19.5 + 12.5 = 54.5 → high; no assessment → residual 54.5
    expect([s.territorial, s.sector, s.workforce]).to.deep.equal([50, 65, 50]);
    expect(s.inherent).to.equal(54.5);
    expect(s.residual).to.equal(54.5);
    expect(s.level).to.equal('high');
    expect(s.flags).to.have.members(['territoryUnknown', 'dolCommodity', 'workforceUnknown', 'noEvidenceOfControls']);
    expect(s.inputs).to.include({ datasetId: null, datasetVersion: null, isDemo: false });
    const sector = byComponent(s.explanation, 'sector');
    expect(byComponent(sector.details!, 'sectorBase')).to.include({ value: 30, reasonKey: 'scoring.reason.sector.share' });
    expect(byComponent(sector.details!, 'dolCommodity')).to.include({
      value: 70, weight: 0.5, contribution: 35, reasonKey: 'scoring.reason.sector.dolChildLabour',
    });
  });

  it('6b. a supplier of "café" gets the DOL child-labour uplift; "jitomate" the forced-labour one', () => {
    const cafe = scoreSite({ ...farmInChiapas, sector: { scianCode: '111', commodities: ['café'] } }, DEFAULT_WEIGHTS);
    // 80 + (100 − 80) × 0.5 = 90
    expect(cafe.sector).to.equal(90);
    expect(cafe.flags).to.include('dolCommodity');
    const tomato = scoreSite({ ...farmInChiapas, sector: { scianCode: '111', commodities: ['Jitomate'] } }, DEFAULT_WEIGHTS);
    // 80 + (100 − 80) × 0.75 = 95
    expect(tomato.sector).to.equal(95);
    expect(tomato.flags).to.include.members(['dolCommodity', 'dolForcedLabourCommodity']);
  });

  it('6. DOL commodities raise the sector component; the most serious listing counts', () => {
    const sectorOf = (commodities: string[]) =>
      scoreSite({ ...farmInChiapas, sector: { scianCode: '11', commodities } }, DEFAULT_WEIGHTS);
    // Agriculture base 80; headroom 100 − 80 = 20
    expect(sectorOf([]).sector).to.equal(80);
    expect(sectorOf(['avocado']).sector).to.equal(80); // not on the list
    expect(sectorOf(['coffee']).sector).to.equal(90); // child labour: 80 + 20 × 0.5
    expect(sectorOf(['tomatoes']).sector).to.equal(95); // child + forced: 80 + 20 × 0.75
    const both = sectorOf(['coffee', ' Tomatoes ']);
    // The worst listing wins, uplifts do not add up: still 95
    expect(both.sector).to.equal(95);
    expect(both.flags).to.include.members(['dolCommodity', 'dolForcedLabourCommodity']);
    const d = byComponent(byComponent(both.explanation, 'sector').details!, 'dolCommodity');
    expect(d.params).to.include({ commodity: 'tomatoes', listed: 2, base: 80 });
    // Inherent with tomatoes: 40.5 + 95 × 0.30 (= 28.5) + 7.5 = 76.5 → critical
    expect(sectorOf(['tomatoes']).inherent).to.equal(76.5);
    expect(sectorOf(['tomatoes']).level).to.equal('critical');
  });

  it('7. unreported workforce factors count at the neutral value and are flagged', () => {
    const s = scoreSite(
      { ...farmInChiapas, workforce: { ...seasonalMigrantWorkforce, adolescents15to17: null, familyLabour: null } },
      DEFAULT_WEIGHTS,
    );
    // Example 1's 30 plus two unknown factors at 50: 50 × 0.25 + 50 × 0.30 = 27.5 → 57.5
    expect(s.workforce).to.equal(57.5);
    expect(s.flags).to.include('workforceIncomplete');
    expect(byComponent(byComponent(s.explanation, 'workforce').details!, 'familyLabour').reasonKey).to.equal(
      'scoring.reason.workforce.factorUnknown',
    );
  });

  it('8. an assessment not yet reviewed still counts, and says so', () => {
    const s = scoreSite(withAssessment(farmInChiapas, assessment(0.8, { reviewedAt: null })), DEFAULT_WEIGHTS);
    expect(s.residual).to.equal(54.72); // as example 2
    expect(s.flags).to.include('assessmentNotReviewed');
    expect(byComponent(s.explanation, 'controls').reasonKey).to.equal('scoring.reason.controls.appliedNotReviewed');
  });
});

describe('scoring engine: tenant weights', () => {
  it('recomputes example 1 and 2 with a tenant that trusts territory more and controls less', () => {
    const w = parseWeights({ components: { territorial: 0.6, sector: 0.2, workforce: 0.2 }, controlsReduction: 0.5 });
    const bare = scoreSite(farmInChiapas, w);
    // 90 × 0.6 + 80 × 0.2 + 30 × 0.2 = 54 + 16 + 6 = 76 → critical
    expect(bare.inherent).to.equal(76);
    expect(bare.level).to.equal('critical');
    const controlled = scoreSite(withAssessment(farmInChiapas, assessment(0.8, { evidenceLevel: 'verified_on_site' })), w);
    // min(0.7, 0.5) = 0.5; 0.5 × 0.8 = 40 %; 76 × 0.4 = 30.4; 76 − 30.4 = 45.6 → medium
    expect(controlled.residual).to.equal(45.6);
    expect(controlled.level).to.equal('medium');
    expect(controlled.inputs.weights.components.territorial).to.equal(0.6);
  });

  it('uses a higher critical floor and a different unknown value', () => {
    const w = parseWeights({ redFlagFloors: { critical: 90 }, unknownScore: 70 });
    const flagged = scoreSite(
      withAssessment(farmInChiapas, assessment(0.8, { redFlags: [{ code: 'children_seen_working', severity: 'critical' }] })),
      w,
    );
    expect(flagged.residual).to.equal(90);
    const unknown = scoreSite({ ...farmInChiapas, territorial: null }, w);
    // 70 × 0.45 = 31.5; + 24 + 7.5 = 63
    expect(unknown.inherent).to.equal(63);
  });
});

describe('scoring engine: supplier aggregation', () => {
  const critical = scoreSite(
    withAssessment(farmInChiapas, assessment(0.8, { redFlags: [{ code: 'children_seen_working', severity: 'critical' }] })),
    DEFAULT_WEIGHTS,
  ); // inherent 72, residual 75 (example 3)
  const medium: SiteScore = { ...critical, inherent: 44.35, residual: 37.7, level: 'medium', inherentLevel: 'medium', flags: ['territoryStateFallback'] };
  const unknownSize: SiteScore = { ...critical, inherent: 54.5, residual: 54.5, level: 'high', inherentLevel: 'high', flags: [] };

  it('takes the level from the worst site and reports the workforce-weighted mean beside it', () => {
    const s = scoreSupplier([medium, critical], [400, 100]);
    // Worst: the critical site (index 1), residual 75
    expect(s).to.include({ level: 'critical', worstSiteIndex: 1, worstResidual: 75, worstInherent: 72, siteCount: 2 });
    // Weighted residual (37.7 × 400 + 75 × 100) / 500 = (15080 + 7500) / 500 = 45.16 → medium
    expect(s.weightedResidual).to.equal(45.16);
    expect(s.weightedLevel).to.equal('medium');
    // Weighted inherent (44.35 × 400 + 72 × 100) / 500 = (17740 + 7200) / 500 = 49.88
    expect(s.weightedInherent).to.equal(49.88);
    expect(s.flags).to.include.members(['territoryStateFallback', 'redFlags', 'redFlagFloor']);
    expect(s.explanation.map((e) => e.component)).to.deep.equal(['worstSite', 'workforceWeighted']);
    expect(s.explanation[0].params).to.include({ site: 2, siteCount: 2, level: 'critical' });
  });

  it('weighs a site of unknown size as the mean known site', () => {
    const s = scoreSupplier([critical, medium, unknownSize], [100, 400, null]);
    // Mean known size (100 + 400) / 2 = 250
    // (75 × 100 + 37.7 × 400 + 54.5 × 250) / 750 = (7500 + 15080 + 13625) / 750 = 36205 / 750 = 48.2733 → 48.27
    expect(s.weightedResidual).to.equal(48.27);
    expect(s.level).to.equal('critical');
    expect(s.flags).to.include('siteSizeUnknown');
    expect(s.explanation[1].params).to.include({ workers: 500, unknownSizes: 1 });
  });

  it('rejects an empty supplier and mismatched sizes', () => {
    expect(() => scoreSupplier([], [])).to.throw(RangeError);
    expect(() => scoreSupplier([critical], [])).to.throw(RangeError);
  });
});

describe('scoring engine: levels', () => {
  it('uses the documented cut-offs 25 / 50 / 75', () => {
    expect(LEVEL_CUTOFFS).to.deep.equal({ medium: 25, high: 50, critical: 75 });
    expect([0, 24.99, 25, 49.99, 50, 74.99, 75, 100].map(levelFor)).to.deep.equal([
      'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical',
    ]);
  });
});
