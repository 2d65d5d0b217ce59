import { expect } from 'chai';
import { evaluateAssessment } from '../../server/questionnaires/evaluate.ts';
import { smallTemplate } from './small-template.ts';

const template = smallTemplate();

describe('evaluateAssessment (small template, worked by hand)', () => {
  it('scores a mostly compliant supplier', () => {
    const result = evaluateAssessment(template, {
      has_policy: true, // policy 2/2
      policy_channels: ['a', 'c'], // 1 + 2 = 3 → policy 3/3
      youngest_age: 16, // no flag
      trained_pct: 60, // second threshold (≥ 50) → training 1/2
      checks_age: true, // age_verification 3/3
      docs: 'curp', // age_verification 2/2
      evidence: [], // visible but not answered → age_verification 0/1
      general: false, // no control → other 0/1
    });
    // earned 5 + 1 + 5 + 0 = 11 of 5 + 2 + 6 + 1 = 14
    expect(result.controls).to.deep.equal([
      { control: 'policy', earned: 5, max: 5 },
      { control: 'training', earned: 1, max: 2 },
      { control: 'age_verification', earned: 5, max: 6 },
      { control: 'other', earned: 0, max: 1 },
    ]);
    expect(result.controlsScore).to.be.closeTo(11 / 14, 1e-12);
    expect(result.redFlags).to.deep.equal([]);
    // visible: the 11 questions except why_word; answered: has_policy, policy_channels,
    // youngest_age, trained_pct, checks_age, docs, general
    expect(result.visibleCount).to.equal(11);
    expect(result.answeredCount).to.equal(7);
  });

  it('ignores hidden answers and raises red flags from rules', () => {
    const result = evaluateAssessment(template, {
      has_policy: false, // policy 0/2; policy_channels hidden
      policy_channels: ['a', 'b', 'c'], // hidden: earns nothing
      workers_count: 10,
      youngest_age: 14, // lt 15 → under15 (critical)
      trained_pct: 90, // first threshold → training 2/2
      checks_age: false, // 0/3 and no_age_check (high); docs and evidence hidden
      docs: 'word', // hidden: its option flag must not fire
      general: true, // other 1/1
    });
    // earned 0 + 2 + 0 + 1 = 3 of 2 + 2 + 3 + 1 = 8
    expect(result.controlsScore).to.equal(3 / 8);
    expect(result.controls).to.deep.equal([
      { control: 'policy', earned: 0, max: 2 },
      { control: 'training', earned: 2, max: 2 },
      { control: 'age_verification', earned: 0, max: 3 },
      { control: 'other', earned: 1, max: 1 },
    ]);
    expect(result.redFlags).to.deep.equal([
      { code: 'under15', severity: 'critical', questionId: 'youngest_age' },
      { code: 'no_age_check', severity: 'high', questionId: 'checks_age' },
    ]);
    expect(result.visibleCount).to.equal(8);
    expect(result.answeredCount).to.equal(6);
  });

  it('raises a flag from a chosen option and caps multiple choice at maxPoints', () => {
    const result = evaluateAssessment(template, {
      has_policy: true,
      policy_channels: ['a', 'b', 'c'], // 1 + 1 + 2 = 4, capped at 3
      checks_age: true,
      docs: 'word', // 0 points, self_declared_age
      evidence: ['ev-1'], // 1/1
    });
    const policy = result.controls.find((c) => c.control === 'policy');
    expect(policy).to.deep.equal({ control: 'policy', earned: 5, max: 5 });
    expect(result.controls.find((c) => c.control === 'age_verification')).to.deep.equal({ control: 'age_verification', earned: 4, max: 6 });
    expect(result.redFlags).to.deep.equal([{ code: 'self_declared_age', severity: 'high', questionId: 'docs' }]);
    // trained_pct (0/2) and general (0/1) are visible and unanswered: 9 of 14
    expect(result.controlsScore).to.be.closeTo(9 / 14, 1e-12);
  });

  it('gives invalid answers no points and no flags', () => {
    const result = evaluateAssessment(template, {
      has_policy: 'yes', // wrong type: unanswered
      youngest_age: 12.5, // not an integer: no under15 flag
      trained_pct: 150, // above max: no points
    });
    expect(result.redFlags).to.deep.equal([]);
    expect(result.controlsScore).to.equal(0);
    expect(result.answeredCount).to.equal(0);
  });

  it('uses inclusive threshold bounds and the first match', () => {
    const pct = (trained_pct: number) =>
      evaluateAssessment(template, { trained_pct }).controls.find((c) => c.control === 'training')?.earned;
    expect([pct(100), pct(80), pct(79.9), pct(50), pct(49), pct(0)]).to.deep.equal([2, 2, 1, 1, 0, 0]);
  });

  it('returns 0 when no visible question is scored', () => {
    const t = smallTemplate();
    t.sections = [{ id: 'only', title: { es: 'Única', en: 'Only' }, questions: [t.sections[0].questions[2]] }];
    expect(evaluateAssessment(t, { workers_count: 5 })).to.deep.equal({
      controlsScore: 0, controls: [], redFlags: [], answeredCount: 1, visibleCount: 1, unknownAnswers: [],
    });
  });

  it('counts a "don\'t know" as unknown: no points, listed, and its red flag raised', () => {
    const t: any = smallTemplate();
    t.sections[1].questions[1].options.push({ value: 'unknown', label: { es: 'No sé', en: 'Do not know' }, unknown: true, redFlag: { code: 'self_declared_age', severity: 'high' } });
    const result = evaluateAssessment(t, { has_policy: false, checks_age: true, docs: 'unknown' });
    expect(result.unknownAnswers).to.deep.equal(['docs']);
    expect(result.controls.find((c) => c.control === 'age_verification')).to.deep.equal({ control: 'age_verification', earned: 3, max: 6 });
    expect(result.redFlags).to.deep.include({ code: 'self_declared_age', severity: 'high', questionId: 'docs' });
    expect(evaluateAssessment(t, { checks_age: true, docs: 'curp' }).unknownAnswers).to.deep.equal([]);
  });

  it('keeps the maximum of a countWhenHidden question that a "no" hides, but not of one hidden because nothing was answered', () => {
    const t: any = smallTemplate();
    t.sections[0].questions[1].scoring.countWhenHidden = true; // policy_channels, max 3, shown when has_policy = yes
    const no = evaluateAssessment(t, { has_policy: false });
    expect(no.controls.find((c) => c.control === 'policy')).to.deep.equal({ control: 'policy', earned: 0, max: 5 });
    expect(no.visibleCount).to.equal(evaluateAssessment(smallTemplate(), { has_policy: false }).visibleCount);
    // Without the flag (v1 behaviour) the hidden follow-up drops out of the maximum.
    expect(evaluateAssessment(smallTemplate(), { has_policy: false }).controls.find((c) => c.control === 'policy')).to.deep.equal({ control: 'policy', earned: 0, max: 2 });
    // Parent unanswered: nothing is known yet, the parent itself already counts 0 of 2.
    expect(evaluateAssessment(t, {}).controls.find((c) => c.control === 'policy')).to.deep.equal({ control: 'policy', earned: 0, max: 2 });
  });
});
