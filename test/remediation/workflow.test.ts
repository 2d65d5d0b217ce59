import { expect } from 'chai';
import {
  availableTransitions, isOverdue, localToday, needsOverdueNotice, nextStatus, planProgress, verificationBlock,
} from '../../server/remediation/action.workflow.ts';
import { classifyRedFlag } from '../../server/remediation/red-flags.ts';

describe('remediation: action workflow rules', () => {
  it('moves open → in_progress → done → verified, and refuses skipping verification', () => {
    expect(nextStatus('open', 'start')).to.equal('in_progress');
    expect(nextStatus('in_progress', 'complete')).to.equal('done');
    expect(nextStatus('done', 'verify')).to.equal('verified');
    expect(nextStatus('open', 'verify')).to.equal(null);
    expect(nextStatus('in_progress', 'verify')).to.equal(null);
    expect(nextStatus('verified', 'cancel')).to.equal(null);
    expect(nextStatus('done', 'reopen')).to.equal('in_progress');
    expect(availableTransitions('done')).to.deep.equal(['verify', 'reopen']);
    expect(availableTransitions('verified')).to.deep.equal([]);
  });

  it('four eyes: neither the owner nor whoever marked it done may verify', () => {
    const action = { owner_user_id: 'u-owner', completed_by: 'u-doer' };
    expect(verificationBlock(action, 'u-owner')).to.equal('remediation.errors.verifyOwnAction');
    expect(verificationBlock(action, 'u-doer')).to.equal('remediation.errors.verifyOwnCompletion');
    expect(verificationBlock(action, 'u-third')).to.equal(null);
    expect(verificationBlock({ owner_user_id: null, completed_by: 'u-doer' }, 'u-doer')).to.equal('remediation.errors.verifyOwnCompletion');
    expect(verificationBlock(action, null)).to.equal('remediation.errors.verifyNeedsUser');
  });

  it('is overdue the day after the due date, only while unfinished', () => {
    expect(isOverdue({ status: 'open', due_date: '2026-03-10' }, '2026-03-10')).to.equal(false);
    expect(isOverdue({ status: 'open', due_date: '2026-03-10' }, '2026-03-11')).to.equal(true);
    expect(isOverdue({ status: 'done', due_date: '2026-03-10' }, '2026-03-11')).to.equal(false);
  });

  it('notifies once per overdue period; moving the due date opens a new period', () => {
    const base = { status: 'in_progress' as const, due_date: '2026-03-10' };
    expect(needsOverdueNotice({ ...base, overdue_notified_on: null }, '2026-03-11')).to.equal(true);
    expect(needsOverdueNotice({ ...base, overdue_notified_on: '2026-03-11' }, '2026-03-20')).to.equal(false);
    // Due date moved to 2026-03-25 after the 03-11 notice; overdue again on 03-26.
    expect(needsOverdueNotice({ ...base, due_date: '2026-03-25', overdue_notified_on: '2026-03-11' }, '2026-03-26')).to.equal(true);
  });

  it('plan progress is verified ÷ actions not cancelled', () => {
    const p = planProgress([{ status: 'verified' }, { status: 'done' }, { status: 'open' }, { status: 'cancelled' }]);
    expect(p).to.deep.equal({ verified: 1, total: 3, percent: 33 });
    expect(planProgress([])).to.deep.equal({ verified: 0, total: 0, percent: 0 });
  });

  it('counts days in Mexico City: 03:00 UTC is still the previous day there', () => {
    expect(localToday(new Date('2026-03-11T03:00:00Z'))).to.equal('2026-03-10');
    expect(localToday(new Date('2026-03-11T07:00:00Z'))).to.equal('2026-03-11');
  });
});

describe('remediation: red flags become findings of the right kind', () => {
  it('maps the default questionnaire codes by Mexican law', () => {
    expect(classifyRedFlag('under15_employed', 'critical')).to.deep.equal({ category: 'child_labour_under_15', severity: 'critical' });
    expect(classifyRedFlag('children_working_on_site', 'critical')).to.deep.equal({ category: 'child_labour_under_15', severity: 'critical' });
    expect(classifyRedFlag('under18_hazardous_tasks', 'critical')).to.deep.equal({ category: 'hazardous_under_18', severity: 'critical' });
    expect(classifyRedFlag('young_worker_hours_exceeded', 'high')).to.deep.equal({ category: 'adolescent_without_protections', severity: 'high' });
    expect(classifyRedFlag('young_worker_no_medical_certificate', 'high')).to.deep.equal({ category: 'adolescent_without_protections', severity: 'high' });
    expect(classifyRedFlag('no_age_verification', 'high')).to.deep.equal({ category: 'missing_controls', severity: 'high' });
    expect(classifyRedFlag('piece_rate_family_pay', 'high')).to.deep.equal({ category: 'missing_controls', severity: 'high' });
  });

  it('keeps unknown codes of imported templates as missing controls with the flag severity', () => {
    expect(classifyRedFlag('custom_flag', 'critical')).to.deep.equal({ category: 'missing_controls', severity: 'critical' });
    expect(classifyRedFlag('custom_flag', 'high')).to.deep.equal({ category: 'missing_controls', severity: 'high' });
  });
});
