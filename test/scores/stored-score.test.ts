import { expect } from 'chai';
import { scoreSite } from '../../server/scoring/engine.ts';
import { DEFAULT_WEIGHTS, parseWeights } from '../../server/scoring/weights.ts';
import { encodeSiteInputs, sectorFields, siteInputFrom, toTrace, traceJson } from '../../server/scores/stored-score.ts';
import { hashOf, weightsKeyOf } from '../../server/scores/rescore.compute.ts';
import { overrideFromForm } from '../../server/scores/weights.form.ts';
import { parseLevelFilter } from '../../server/scores/score.filters.ts';
import { farmInChiapas, assessment, withAssessment } from '../scoring/fixtures.ts';

describe('scores: stored form of a score', () => {
  it('stores inputs that give back the same score, and the arithmetic of each component', () => {
    const input = withAssessment(farmInChiapas, assessment(0.5, { redFlags: [{ code: 'no_age_check', severity: 'high' }], evidenceLevel: 'documents_reviewed', ageMonths: 14 }));
    const evidence = { findings: [{ id: 'f-1', category: 'hazardous_under_18', severity: 'critical' }], cases: [{ id: 'c-1', situation: 'at_risk' }] };
    const json = encodeSiteInputs('07089', sectorFields('111', ['coffee']), input.workforce, input.assessment, ['harvest'], evidence);
    const stored = JSON.parse(json);
    expect(stored).to.deep.equal({
      territoryCode: '07089', scianCode: '111', commodities: ['coffee'], workforce: [100, 0, 0, 80, 60, 0, 20, 30],
      assessment: {
        assessmentId: 'assessment-1', reviewedAt: '2025-05-02', controlsScore: 0.5, redFlags: [{ code: 'no_age_check', severity: 'high' }],
        evidenceLevel: 'documents_reviewed', ageMonths: 14,
      },
      activities: ['harvest'], evidence,
    });
    const again = siteInputFrom(stored, farmInChiapas.territorial);
    const a = scoreSite({ ...input, sector: { scianCode: '111', commodities: ['coffee'] }, activities: ['harvest'], evidence }, DEFAULT_WEIGHTS);
    const b = scoreSite(again, parseWeights(JSON.parse(JSON.stringify(DEFAULT_WEIGHTS))));
    expect(b.explanation).to.deep.equal(a.explanation);
    expect(JSON.parse(traceJson(a.explanation))).to.deep.equal(toTrace(a.explanation));
    expect(toTrace(a.explanation).map((l) => l[0])).to.deep.equal(['territorial', 'sector', 'workforce', 'controls', 'redFlags', 'evidence', 'harvest']);
  });

  it('hashes equal inputs equally and any change differently', () => {
    const base = encodeSiteInputs('07089', sectorFields('111', []), farmInChiapas.workforce, null, [], null);
    const other = encodeSiteInputs('07088', sectorFields('111', []), farmInChiapas.workforce, null, [], null);
    const withCase = encodeSiteInputs('07089', sectorFields('111', []), farmInChiapas.workforce, null, [], { findings: [], cases: [{ id: 'c', situation: 'at_risk' }] });
    expect(hashOf(base)).not.to.equal(hashOf(withCase));
    expect(hashOf(base)).to.equal(hashOf(String(base)));
    expect(hashOf(base)).not.to.equal(hashOf(other));
    expect(weightsKeyOf(DEFAULT_WEIGHTS)).not.to.equal(weightsKeyOf(parseWeights({ unknownScore: 60 })));
  });

  it('reads the weights form: empty = default, only changed values kept, unreadable numbers name the field', () => {
    expect(overrideFromForm({ 'components.territorial': '0.45', unknownScore: '', controlsReduction: '0,5' })).to.deep.equal({ controlsReduction: 0.5 });
    expect(overrideFromForm({ 'components.territorial': '0.5', 'components.sector': '0.25' })).to.deep.equal({
      components: { territorial: 0.5, sector: 0.25 },
    });
    expect(() => overrideFromForm({ 'redFlagFloors.high': 'x' })).to.throw().with.property('issues').that.deep.equals([
      { field: 'redFlagFloors.high', key: 'scoring.weights.errors.notANumber', params: {} },
    ]);
  });

  it('parses level filters, dropping unknown values', () => {
    expect(parseLevelFilter('high,critical,bogus')).to.deep.equal(['high', 'critical']);
    expect(parseLevelFilter(['low', 'unscored', 'low'])).to.deep.equal(['low', 'unscored']);
    expect(parseLevelFilter(undefined)).to.deep.equal([]);
  });
});
