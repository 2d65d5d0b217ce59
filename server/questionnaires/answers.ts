import type { FieldIssue } from '../errors.ts';
import type { Question, QuestionnaireTemplate, TemplateSection } from './template.schema.ts';
import { isAnswered, isIsoDate, matchesCondition, type AnswerValue, type Answers } from './conditions.ts';

export type { AnswerValue, Answers } from './conditions.ts';

/** A problem with one answer; `field` is the question id, so it is also a FieldIssue. */
export interface AnswerIssue extends FieldIssue {
  field: string;
  questionId: string;
  /** null when the answer names a question the template version does not have. */
  sectionId: string | null;
  key: string;
  params: Record<string, unknown>;
}

export interface VisibleQuestion {
  section: TemplateSection;
  question: Question;
}

/**
 * `submit` checks required questions; `draft` lets a supplier save a partial
 * questionnaire while still rejecting malformed answers.
 */
export type AnswerValidationMode = 'draft' | 'submit';

const ERR = 'questionnaires.errors.answer.';

/** Why a (non-blank) answer is unusable for its question, or null when it is fine. */
export function checkAnswer(question: Question, value: AnswerValue): { key: string; params: Record<string, unknown> } | null {
  const invalidType = (expected: string) => ({ key: ERR + 'invalidType', params: { expected } });
  const optionValues = new Set((question.options ?? []).map((o) => o.value));
  switch (question.type) {
    case 'yes_no':
      return typeof value === 'boolean' ? null : invalidType('yes_no');
    case 'single_choice':
      if (typeof value !== 'string') return invalidType('single_choice');
      return optionValues.has(value) ? null : { key: ERR + 'unknownOption', params: { value } };
    case 'multiple_choice': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return invalidType('multiple_choice');
      const unknown = value.find((v) => !optionValues.has(v));
      if (unknown !== undefined) return { key: ERR + 'unknownOption', params: { value: unknown } };
      if (new Set(value).size !== value.length) return { key: ERR + 'duplicateOption', params: {} };
      const exclusive = question.options?.find((o) => o.exclusive && value.includes(o.value));
      if (exclusive && value.length > 1) return { key: ERR + 'exclusiveOption', params: { value: exclusive.value } };
      return null;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return invalidType('number');
      if (question.integer && !Number.isInteger(value)) return { key: ERR + 'notInteger', params: {} };
      if (question.min !== undefined && value < question.min) return { key: ERR + 'belowMin', params: { min: question.min } };
      if (question.max !== undefined && value > question.max) return { key: ERR + 'aboveMax', params: { max: question.max } };
      return null;
    case 'date':
      if (typeof value !== 'string') return invalidType('date');
      return isIsoDate(value) ? null : { key: ERR + 'invalidDate', params: { value } };
    case 'text':
      if (typeof value !== 'string') return invalidType('text');
      if (question.maxLength !== undefined && value.length > question.maxLength) {
        return { key: ERR + 'tooLong', params: { max: question.maxLength } };
      }
      return null;
    case 'file':
      // Evidence ids: the assessments feature stores the files and records their ids here.
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) return invalidType('file');
      return null;
  }
}

/** The answer if it is present and valid for the question; otherwise undefined. */
export function usableAnswer(question: Question, value: AnswerValue | null | undefined): AnswerValue | undefined {
  return isAnswered(value) && checkAnswer(question, value) === null ? value : undefined;
}

/**
 * Questions shown for these answers, in template order. A follow-up is visible
 * when its controlling question is visible and has a valid answer meeting the
 * condition; so hiding a question hides its whole chain of follow-ups.
 */
export function visibleQuestions(template: QuestionnaireTemplate, answers: Answers): VisibleQuestion[] {
  const visible: VisibleQuestion[] = [];
  const visibleById = new Map<string, Question>();
  for (const section of template.sections) {
    for (const question of section.questions) {
      const cond = question.showIf;
      if (cond) {
        const parent = visibleById.get(cond.questionId);
        if (!parent || !matchesCondition(cond, usableAnswer(parent, answers[cond.questionId]))) continue;
      }
      visible.push({ section, question });
      visibleById.set(question.id, question);
    }
  }
  return visible;
}

/**
 * Validates answers against one template version. Answers to questions hidden by
 * their conditions are ignored; answers to ids the template lacks are reported.
 */
export function validateAnswers(
  template: QuestionnaireTemplate,
  answers: Answers,
  mode: AnswerValidationMode = 'submit',
): { valid: boolean; errors: AnswerIssue[] } {
  const errors: AnswerIssue[] = [];
  const known = new Set(template.sections.flatMap((s) => s.questions.map((q) => q.id)));
  for (const id of Object.keys(answers)) {
    if (!known.has(id) && isAnswered(answers[id])) {
      errors.push({ field: id, questionId: id, sectionId: null, key: ERR + 'unknownQuestion', params: { questionId: id } });
    }
  }
  for (const { section, question } of visibleQuestions(template, answers)) {
    const value = answers[question.id];
    const issue = isAnswered(value)
      ? checkAnswer(question, value)
      : mode === 'submit' && question.required
        ? { key: ERR + 'required', params: {} }
        : null;
    if (issue) errors.push({ field: question.id, questionId: question.id, sectionId: section.id, ...issue });
  }
  return { valid: errors.length === 0, errors };
}

/** Keeps only answers to visible questions, e.g. before storing a submission. */
export function pruneHiddenAnswers(template: QuestionnaireTemplate, answers: Answers): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const { question } of visibleQuestions(template, answers)) {
    const value = answers[question.id];
    if (isAnswered(value)) out[question.id] = value;
  }
  return out;
}
