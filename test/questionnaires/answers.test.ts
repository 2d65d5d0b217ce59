import { expect } from 'chai';
import {
  pruneHiddenAnswers,
  validateAnswers,
  visibleQuestions,
  type AnswerIssue,
} from '../../server/questionnaires/answers.ts';
import { answersFromForm } from '../../server/questionnaires/form-answers.ts';
import { smallTemplate } from './small-template.ts';
import { expectTranslated } from './i18n-keys.ts';

const template = smallTemplate();
const produced = new Set<string>();
const E = 'questionnaires.errors.answer.';

const visibleIds = (answers: Record<string, unknown>) =>
  visibleQuestions(template, answers as never).map((v) => v.question.id);

function errorsFor(answers: Record<string, unknown>, mode: 'draft' | 'submit' = 'submit'): Record<string, AnswerIssue> {
  const { errors } = validateAnswers(template, answers as never, mode);
  errors.forEach((e) => produced.add(e.key));
  return Object.fromEntries(errors.map((e) => [e.questionId, e]));
}

/** All required visible questions answered validly, with has_policy and checks_age = yes. */
const complete = {
  has_policy: true,
  policy_channels: ['a'],
  workers_count: 12,
  youngest_age: 18,
  checks_age: true,
  docs: 'curp',
};

describe('questionnaire answers', () => {
  after(() => expectTranslated(produced));

  describe('visibleQuestions', () => {
    it('hides follow-ups until their controlling question is answered', () => {
      expect(visibleIds({})).to.deep.equal([
        'has_policy', 'workers_count', 'youngest_age', 'trained_pct',
        'checks_age', 'last_audit', 'notes', 'general',
      ]);
    });

    it('shows follow-ups whose condition holds, in template order with their section', () => {
      const visible = visibleQuestions(template, { has_policy: true, checks_age: true });
      expect(visible.map((v) => v.question.id)).to.deep.equal([
        'has_policy', 'policy_channels', 'workers_count', 'youngest_age', 'trained_pct',
        'checks_age', 'docs', 'last_audit', 'notes', 'evidence', 'general',
      ]);
      expect(visible.find((v) => v.question.id === 'docs')?.section.id).to.equal('s2');
    });

    it('hides a whole chain when the first link is hidden', () => {
      expect(visibleIds({ checks_age: true, docs: 'word' })).to.include('why_word');
      // docs still holds 'word', but docs itself is hidden, so why_word is too.
      const ids = visibleIds({ checks_age: false, docs: 'word' });
      expect(ids).to.not.include('docs');
      expect(ids).to.not.include('why_word');
    });

    it('treats an invalid controlling answer as unanswered', () => {
      expect(visibleIds({ has_policy: 'yes' })).to.not.include('policy_channels');
    });
  });

  describe('validateAnswers', () => {
    it('accepts a complete valid set', () => {
      const result = validateAnswers(template, complete, 'submit');
      expect(result).to.deep.equal({ valid: true, errors: [] });
    });

    it('requires only visible required questions on submit', () => {
      const errors = errorsFor({ has_policy: false, checks_age: false });
      // policy_channels and docs are required but hidden; trained_pct is visible but optional.
      expect(Object.keys(errors)).to.have.members(['workers_count', 'youngest_age']);
      expect(errors.workers_count).to.include({ key: E + 'required', sectionId: 's1', field: 'workers_count' });
    });

    it('skips required checks in draft mode but still rejects malformed answers', () => {
      const errors = errorsFor({ has_policy: 'sí', workers_count: 3.5 }, 'draft');
      expect(Object.keys(errors)).to.have.members(['has_policy', 'workers_count']);
      expect(errors.has_policy.key).to.equal(E + 'invalidType');
      expect(errors.workers_count.key).to.equal(E + 'notInteger');
    });

    it('ignores answers to hidden questions, even malformed ones', () => {
      const errors = errorsFor({ ...complete, checks_age: false, docs: 'not-an-option', evidence: 42 });
      expect(errors).to.deep.equal({});
    });

    it('treats blank text, empty selections and null as unanswered', () => {
      const errors = errorsFor({ ...complete, policy_channels: [], docs: '   ', youngest_age: null });
      expect(Object.keys(errors)).to.have.members(['policy_channels', 'docs', 'youngest_age']);
      expect(Object.values(errors).every((e) => e.key === E + 'required')).to.equal(true);
    });

    it('checks options exist and exclusive options stand alone', () => {
      expect(errorsFor({ ...complete, docs: 'passport' }).docs).to.include({ key: E + 'unknownOption' });
      expect(errorsFor({ ...complete, docs: 'passport' }).docs.params).to.deep.equal({ value: 'passport' });
      expect(errorsFor({ ...complete, policy_channels: ['a', 'z'] }).policy_channels.params).to.deep.equal({ value: 'z' });
      expect(errorsFor({ ...complete, policy_channels: ['a', 'a'] }).policy_channels.key).to.equal(E + 'duplicateOption');
      expect(errorsFor({ ...complete, policy_channels: ['none', 'a'] }).policy_channels.key).to.equal(E + 'exclusiveOption');
      expect(errorsFor({ ...complete, policy_channels: ['none'] })).to.deep.equal({});
      expect(errorsFor({ ...complete, policy_channels: 'a' }).policy_channels.key).to.equal(E + 'invalidType');
    });

    it('checks numbers against min, max and integer', () => {
      expect(errorsFor({ ...complete, workers_count: -1 }).workers_count).to.deep.include({ key: E + 'belowMin', params: { min: 0 } });
      expect(errorsFor({ ...complete, workers_count: 1001 }).workers_count).to.deep.include({ key: E + 'aboveMax', params: { max: 1000 } });
      expect(errorsFor({ ...complete, workers_count: 1000, trained_pct: 99.5 })).to.deep.equal({});
      expect(errorsFor({ ...complete, workers_count: '12' }).workers_count.key).to.equal(E + 'invalidType');
      expect(errorsFor({ ...complete, trained_pct: Number.NaN }).trained_pct.key).to.equal(E + 'invalidType');
    });

    it('checks dates are real calendar dates', () => {
      expect(errorsFor({ ...complete, last_audit: '2024-02-29' })).to.deep.equal({});
      expect(errorsFor({ ...complete, last_audit: '2023-02-29' }).last_audit.key).to.equal(E + 'invalidDate');
      expect(errorsFor({ ...complete, last_audit: '29/02/2024' }).last_audit.key).to.equal(E + 'invalidDate');
    });

    it('checks text length and file evidence ids', () => {
      expect(errorsFor({ ...complete, notes: 'x'.repeat(21) }).notes).to.deep.include({ key: E + 'tooLong', params: { max: 20 } });
      expect(errorsFor({ ...complete, evidence: ['ev-1', 'ev-2'] })).to.deep.equal({});
      expect(errorsFor({ ...complete, evidence: ['ev-1', ''] }).evidence.key).to.equal(E + 'invalidType');
    });

    it('reports answers to questions this template version does not have', () => {
      const errors = errorsFor({ ...complete, removed_in_v3: true });
      expect(errors.removed_in_v3).to.deep.equal({
        field: 'removed_in_v3', questionId: 'removed_in_v3', sectionId: null,
        key: E + 'unknownQuestion', params: { questionId: 'removed_in_v3' },
      });
    });
  });

  it('pruneHiddenAnswers keeps only answers to visible questions', () => {
    const pruned = pruneHiddenAnswers(template, { has_policy: false, policy_channels: ['a'], notes: '', workers_count: 4 });
    expect(pruned).to.deep.equal({ has_policy: false, workers_count: 4 });
  });

  it('answersFromForm converts form strings to typed answers', () => {
    const answers = answersFromForm(template, {
      has_policy: 'yes', checks_age: 'no', workers_count: '25', youngest_age: 'quince',
      policy_channels: 'a', docs: 'curp', notes: '  hola  ', trained_pct: '', evidence: ['ev-1'], extra: 'x',
    });
    expect(answers).to.deep.equal({
      has_policy: true, checks_age: false, workers_count: 25, youngest_age: 'quince',
      policy_channels: ['a'], docs: 'curp', notes: 'hola', evidence: ['ev-1'],
    });
    // Unconvertible values stay, so validation reports them rather than losing them.
    expect(errorsFor(answers, 'draft').youngest_age.key).to.equal(E + 'invalidType');
  });
});
