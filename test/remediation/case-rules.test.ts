import { expect } from 'chai';
import { addMonths, closureIssues, milestoneDue, milestoneMet, missingSteps, type ClosureFacts } from '../../server/remediation/case.rules.ts';

const complete: ClosureFacts = {
  age: 13, situation: 'hazardous_work', identifiedOn: '2026-01-31', protectionOn: '2026-01-31',
  referrals: [{ outcome: 'attended' }],
  followups: [{ visit_date: '2026-04-30', school_enrolled: true }, { visit_date: '2026-07-31', school_enrolled: true }],
};
const fields = (issues: { field?: string }[]) => issues.map((i) => i.field);

describe('casework: the rules of the loop', () => {
  it('adds months on the calendar, the 31st falling back to the month\'s last day', () => {
    expect(addMonths('2026-01-31', 1)).to.equal('2026-02-28');
    expect(addMonths('2026-11-15', 3)).to.equal('2027-02-15');
    expect(milestoneDue('2026-01-31', 3)).to.equal('2026-04-30');
    expect(milestoneDue('2026-01-31', 6)).to.equal('2026-07-31');
  });

  it('counts a visit for a milestone from two weeks before its due date', () => {
    expect(milestoneMet('2026-01-31', 3, ['2026-04-16'])).to.equal(true);
    expect(milestoneMet('2026-01-31', 3, ['2026-04-15'])).to.equal(false);
    expect(milestoneMet('2026-01-31', 6, ['2026-04-30'])).to.equal(false);
  });

  it('allows a closure in school once protection, a referral with its outcome and both follow-ups are recorded', () => {
    expect(closureIssues(complete, 'enrolled_in_school', undefined)).to.deep.equal([]);
  });

  it('names every missing step as a field', () => {
    const empty: ClosureFacts = { ...complete, protectionOn: null, referrals: [{ outcome: 'pending' }], followups: [] };
    expect(fields(missingSteps(empty))).to.deep.equal(['protectionOn', 'referral', 'followup3', 'followup6']);
    const issue = missingSteps(empty).find((i) => i.field === 'followup6')!;
    expect(issue.params).to.deep.equal({ months: 6, due: '2026-07-31' });
    expect(fields(closureIssues({ ...complete, followups: complete.followups.slice(0, 1) }, 'under_protection', undefined))).to.deep.equal(['followup6']);
  });

  it('accepts a documented reason instead of the missing steps, but never for the outcome\'s own facts', () => {
    const early: ClosureFacts = { ...complete, referrals: [], followups: [] };
    expect(closureIssues(early, 'under_protection', 'La familia se mudó a Oaxaca; la Procuraduría estatal sigue el caso.')).to.deep.equal([]);
    expect(fields(closureIssues(early, 'under_protection', 'corto'))).to.deep.equal(['referral', 'followup3', 'followup6']);
    expect(fields(closureIssues({ ...complete, age: 12 }, 'age_appropriate_work', 'Documentado con detalle suficiente'))).to.deep.equal(['reason']);
    expect(fields(closureIssues({ ...complete, followups: complete.followups.map((f) => ({ ...f, school_enrolled: false })) }, 'enrolled_in_school', undefined)))
      .to.deep.equal(['reason']);
  });

  it('always wants a written reason for "lost to follow-up" and "other", even with the loop complete', () => {
    expect(fields(closureIssues(complete, 'lost_to_follow_up', undefined))).to.deep.equal(['closureNote']);
    expect(fields(closureIssues(complete, 'other', ''))).to.deep.equal(['closureNote']);
    expect(closureIssues(complete, 'lost_to_follow_up', 'Sin contacto desde marzo; tres visitas sin encontrar a la familia.')).to.deep.equal([]);
  });
});
