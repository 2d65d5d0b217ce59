import { expect } from 'chai';
import { defaultScale, parseScaleSpec, scaleIssues } from '../../server/risk-datasets/risk-dataset.scale.ts';

describe('risk level scales', () => {
  it('spreads default scores evenly from 0.2 to 0.9', () => {
    expect(defaultScale()).to.deep.equal([
      { level: 'low', score: 0.2 },
      { level: 'medium', score: 0.55 },
      { level: 'high', score: 0.9 },
    ]);
    // 0.7 / 3 = 0.2333…: 0.2, 0.4333, 0.6667, 0.9.
    expect(defaultScale(['bajo', 'medio', 'alto', 'muy alto']).map((d) => d.score)).to.deep.equal([0.2, 0.433, 0.667, 0.9]);
    expect(defaultScale(['1', '2', '3', '4', '5']).map((d) => d.score)).to.deep.equal([0.2, 0.375, 0.55, 0.725, 0.9]);
  });

  it('reads names alone or names with explicit scores, not a mixture', () => {
    expect(parseScaleSpec('low, medium ,high')).to.deep.equal(defaultScale(['low', 'medium', 'high']));
    expect(parseScaleSpec('bajo=0.1,medio=0.5,alto=0.8,muy alto=0.95')).to.deep.equal([
      { level: 'bajo', score: 0.1 },
      { level: 'medio', score: 0.5 },
      { level: 'alto', score: 0.8 },
      { level: 'muy alto', score: 0.95 },
    ]);
    expect(parseScaleSpec('bajo=0.1,medio,alto=0.8')).to.equal(null);
    expect(parseScaleSpec('bajo=x,alto=0.8')).to.equal(null);
    expect(parseScaleSpec(' , ')).to.equal(null);
  });

  it('refuses scales that cannot order risk', () => {
    expect(scaleIssues(defaultScale())).to.deep.equal([]);
    expect(scaleIssues([{ level: 'solo', score: 0.5 }]).map((i) => i.key)).to.deep.equal(['riskDatasets.errors.scaleTooShort']);
    expect(scaleIssues([{ level: 'alto', score: 0.9 }, { level: 'bajo', score: 0.2 }])).to.deep.equal([
      { key: 'riskDatasets.errors.scaleNotIncreasing', params: { level: 'bajo', previous: 'alto' } },
    ]);
    expect(scaleIssues([{ level: 'Bajo', score: 0.2 }, { level: 'bajo ', score: 0.3 }]).map((i) => i.key)).to.deep.equal([
      'riskDatasets.errors.scaleDuplicateLevel',
    ]);
    expect(scaleIssues([{ level: 'bajo', score: 0.2 }, { level: 'alto', score: 1.5 }]).map((i) => i.key)).to.deep.equal([
      'riskDatasets.errors.scaleScoreRange',
    ]);
  });
});
