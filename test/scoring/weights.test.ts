import { expect } from 'chai';
import { ValidationFailed } from '../../server/errors.ts';
import { DEFAULT_WEIGHTS, parseWeights, WORKFORCE_FACTORS } from '../../server/scoring/weights.ts';

function issuesOf(override: unknown) {
  try {
    parseWeights(override);
  } catch (e) {
    expect(e).to.be.instanceOf(ValidationFailed);
    const v = e as ValidationFailed;
    expect(v.key).to.equal('scoring.weights.errors.invalid');
    return v.issues;
  }
  throw new Error('expected parseWeights to reject');
}

describe('scoring weights', () => {
  it('has defaults whose groups add up to 1', () => {
    const c = DEFAULT_WEIGHTS.components;
    expect(c.territorial + c.sector + c.workforce).to.be.closeTo(1, 1e-9);
    const f = WORKFORCE_FACTORS.reduce((a, k) => a + DEFAULT_WEIGHTS.workforceFactors[k], 0);
    expect(f).to.be.closeTo(1, 1e-9);
    expect(Object.isFrozen(DEFAULT_WEIGHTS.components)).to.equal(true);
  });

  it('returns the defaults when the tenant has no override', () => {
    expect(parseWeights(undefined)).to.equal(DEFAULT_WEIGHTS);
    expect(parseWeights(null)).to.equal(DEFAULT_WEIGHTS);
  });

  it('merges a partial override over the defaults and freezes the result', () => {
    const w = parseWeights({ controlsReduction: 0.4, redFlagFloors: { critical: 80 } });
    expect(w.controlsReduction).to.equal(0.4);
    expect(w.redFlagFloors).to.deep.equal({ critical: 80, high: 50 });
    expect(w.components).to.deep.equal(DEFAULT_WEIGHTS.components);
    expect(Object.isFrozen(w.redFlagFloors)).to.equal(true);
  });

  it('rejects components that do not add up to 1, naming the sum', () => {
    // 0.5 + default sector 0.3 + default workforce 0.25 = 1.05
    expect(issuesOf({ components: { territorial: 0.5 } })).to.deep.equal([
      { field: 'components', key: 'scoring.weights.errors.sumNotOne', params: { group: 'components', sum: 1.05 } },
    ]);
  });

  it('rejects workforce factors that do not add up to 1', () => {
    // default factors sum to 1; raising subcontracted from 0.15 to 0.35 makes 1.2
    const issues = issuesOf({ workforceFactors: { subcontracted: 0.35 } });
    expect(issues[0]).to.deep.include({ field: 'workforceFactors', key: 'scoring.weights.errors.sumNotOne' });
    expect(issues[0].params).to.deep.equal({ group: 'workforceFactors', sum: 1.2 });
  });

  it('rejects values out of their bounds, with both bounds as params', () => {
    expect(issuesOf({ components: { territorial: 0.9, sector: 0.05, workforce: 0.05 } })).to.deep.equal([
      { field: 'components.territorial', key: 'scoring.weights.errors.outOfRange', params: { min: 0.05, max: 0.8 } },
    ]);
    expect(issuesOf({ controlsReduction: 0.95 })[0]).to.deep.equal({
      field: 'controlsReduction', key: 'scoring.weights.errors.outOfRange', params: { min: 0, max: 0.8 },
    });
    expect(issuesOf({ redFlagFloors: { critical: 60 } })[0]).to.deep.include({
      field: 'redFlagFloors.critical', params: { min: 75, max: 100 },
    });
    expect(issuesOf({ unknownScore: 30 })[0]).to.deep.include({ field: 'unknownScore', params: { min: 50, max: 100 } });
  });

  it('rejects floors and uplifts in the wrong order', () => {
    expect(issuesOf({ redFlagFloors: { critical: 80, high: 85 } })[0]).to.deep.include({
      field: 'redFlagFloors', key: 'scoring.weights.errors.floorsOrder',
    });
    // childLabour 0.8 above the default childAndForcedLabour 0.75
    expect(issuesOf({ commodityUplift: { childLabour: 0.8 } })[0]).to.deep.include({
      field: 'commodityUplift', key: 'scoring.weights.errors.upliftOrder',
    });
  });

  it('rejects unknown fields and non-numbers', () => {
    expect(issuesOf({ territoryWeight: 0.5 })[0]).to.deep.equal({
      field: '', key: 'scoring.weights.errors.unknownField', params: { keys: 'territoryWeight' },
    });
    expect(issuesOf({ controlsReduction: '0.5' })[0]).to.deep.include({
      field: 'controlsReduction', key: 'scoring.weights.errors.notANumber',
    });
  });

  it('reads an override saved when indigenous counts were a factor: drops it and rescales the rest to 1', () => {
    // Saved before: adolescents 0.3, family 0.25, seasonal 0.15, migrant 0.15, subcontracted 0.1, indigenous 0.05.
    const w = parseWeights({
      workforceFactors: { adolescents15to17: 0.3, familyLabour: 0.25, seasonal: 0.15, migrant: 0.15, subcontracted: 0.1, indigenous: 0.05 },
    });
    expect(w.workforceFactors).to.not.have.property('indigenous');
    expect(w.workforceFactors.adolescents15to17).to.be.closeTo(0.3 / 0.95, 1e-9);
    expect(Object.values(w.workforceFactors).reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-9);
  });
});
