import type { z } from 'zod';
import type { Condition, Question, QuestionnaireTemplate, QuestionType } from './template.schema.ts';
import { isIsoDate, matchesCondition } from './conditions.ts';

/**
 * Cross-field rules of a template, run inside the zod schema so every caller
 * (import, API, tests) gets them. Each issue carries an i18n key in `params.key`
 * and the path of the offending field; template.json.ts turns paths into ids.
 */

type Path = (string | number)[];
type Ctx = z.RefinementCtx;

const ERR = 'questionnaires.errors.template.';

function report(ctx: Ctx, path: Path, key: string, message: string, params: Record<string, unknown> = {}): void {
  ctx.addIssue({ code: 'custom', path, message, params: { key: ERR + key, ...params } });
}

const CHOICE_TYPES: QuestionType[] = ['single_choice', 'multiple_choice'];

/** Which condition operators make sense on an answer of each question type. */
const OPERATORS_BY_TYPE: Record<QuestionType, (keyof Condition)[]> = {
  yes_no: ['equals', 'notEquals'],
  single_choice: ['equals', 'notEquals', 'in'],
  multiple_choice: ['includes'],
  number: ['equals', 'notEquals', 'in', 'lt', 'lte', 'gt', 'gte'],
  date: ['equals', 'notEquals', 'lt', 'lte', 'gt', 'gte'],
  text: ['equals', 'notEquals', 'in'],
  file: [],
};

export function checkTemplate(template: QuestionnaireTemplate, ctx: Ctx): void {
  const sectionIds = new Set<string>();
  const questions = new Map<string, Question>();

  template.sections.forEach((section, s) => {
    if (sectionIds.has(section.id)) {
      report(ctx, ['sections', s, 'id'], 'duplicateSectionId', `duplicate section id "${section.id}"`, { id: section.id });
    }
    sectionIds.add(section.id);

    section.questions.forEach((question, q) => {
      const path: Path = ['sections', s, 'questions', q];
      checkQuestion(question, path, ctx);
      if (question.showIf) {
        // Only earlier questions may control visibility, which also rules out cycles.
        const target = questions.get(question.showIf.questionId);
        if (!target) {
          report(ctx, [...path, 'showIf', 'questionId'], 'conditionUnknownQuestion',
            `showIf refers to "${question.showIf.questionId}", which is not an earlier question`,
            { questionId: question.showIf.questionId });
        } else {
          checkCondition(question.showIf, target, [...path, 'showIf'], ctx);
        }
      }
      question.redFlags?.forEach((rule, r) => {
        checkCondition(rule.when, question, [...path, 'redFlags', r, 'when'], ctx);
      });
      if (questions.has(question.id)) {
        report(ctx, [...path, 'id'], 'duplicateQuestionId', `duplicate question id "${question.id}"`, { id: question.id });
      } else {
        questions.set(question.id, question);
      }
    });
  });
}

function notAllowed(ctx: Ctx, path: Path, field: string, type: QuestionType): void {
  report(ctx, [...path, field], 'fieldNotAllowedForType', `"${field}" is not allowed on a ${type} question`, { field, type });
}

function checkQuestion(question: Question, path: Path, ctx: Ctx): void {
  const { type } = question;
  const isChoice = CHOICE_TYPES.includes(type);

  if (isChoice && !question.options) {
    report(ctx, [...path, 'options'], 'optionsRequired', `a ${type} question needs options`, { type });
  }
  if (!isChoice && question.options) notAllowed(ctx, path, 'options', type);

  const seen = new Set<string>();
  question.options?.forEach((option, o) => {
    if (seen.has(option.value)) {
      report(ctx, [...path, 'options', o, 'value'], 'duplicateOptionValue', `duplicate option value "${option.value}"`, { value: option.value });
    }
    seen.add(option.value);
    if (option.exclusive !== undefined && type !== 'multiple_choice') notAllowed(ctx, [...path, 'options', o], 'exclusive', type);
    if (option.unknown && option.score !== undefined && option.score > 0) {
      report(ctx, [...path, 'options', o, 'score'], 'unknownOptionScored', 'an "I don\'t know" option cannot earn points', {});
    }
    if (option.score !== undefined && !question.scoring) {
      report(ctx, [...path, 'options', o, 'score'], 'optionScoreWithoutScoring',
        'an option has a score but the question has no scoring', {});
    }
  });

  if (type !== 'number') {
    for (const field of ['min', 'max', 'integer'] as const) {
      if (question[field] !== undefined) notAllowed(ctx, path, field, type);
    }
  } else if (question.min !== undefined && question.max !== undefined && question.min > question.max) {
    report(ctx, [...path, 'min'], 'minAboveMax', `min (${question.min}) is above max (${question.max})`, { min: question.min, max: question.max });
  }
  if (type !== 'text' && question.maxLength !== undefined) notAllowed(ctx, path, 'maxLength', type);
  if (question.scoring?.countWhenHidden && !question.showIf) {
    report(ctx, [...path, 'scoring', 'countWhenHidden'], 'countWhenHiddenWithoutCondition',
      'countWhenHidden needs a showIf condition', {});
  }
  checkUnknownFlags(question, path, ctx);

  checkScoring(question, path, ctx);
}

/** Not knowing must not escape the red flag that a wrong known answer raises. */
function checkUnknownFlags(question: Question, path: Path, ctx: Ctx): void {
  const options = question.options ?? [];
  const flagged = (value: string): boolean =>
    options.some((o) => o.value === value && o.redFlag) || (question.redFlags ?? []).some((r) => matchesCondition(r.when, question.type === 'multiple_choice' ? [value] : value));
  const anyFlag = options.some((o) => !o.unknown && flagged(o.value));
  if (!anyFlag) return;
  options.forEach((option, o) => {
    if (option.unknown && !flagged(option.value)) {
      report(ctx, [...path, 'options', o], 'unknownOptionWithoutRedFlag',
        `the "I don't know" option "${option.value}" must raise a red flag like the other answers that do`, { value: option.value });
    }
  });
}

function checkScoring(question: Question, path: Path, ctx: Ctx): void {
  const scoring = question.scoring;
  if (!scoring) return;
  const { type } = question;
  const sp: Path = [...path, 'scoring'];
  const allowed: Record<string, QuestionType[]> = {
    yesPoints: ['yes_no'],
    noPoints: ['yes_no'],
    thresholds: ['number'],
    answeredPoints: ['date', 'text', 'file'],
  };
  for (const [field, types] of Object.entries(allowed)) {
    if (scoring[field as keyof typeof scoring] !== undefined && !types.includes(type)) notAllowed(ctx, sp, field, type);
  }
  const missing = (field: string): void =>
    report(ctx, [...sp, field], 'scoringPointsMissing', `a scored ${type} question needs ${field}`, { field, type });
  if (type === 'yes_no' && scoring.yesPoints === undefined && scoring.noPoints === undefined) missing('yesPoints');
  if (type === 'number' && !scoring.thresholds) missing('thresholds');
  if (['date', 'text', 'file'].includes(type) && scoring.answeredPoints === undefined) missing('answeredPoints');

  const candidates: { path: Path; points: number }[] = [];
  if (scoring.yesPoints !== undefined) candidates.push({ path: [...sp, 'yesPoints'], points: scoring.yesPoints });
  if (scoring.noPoints !== undefined) candidates.push({ path: [...sp, 'noPoints'], points: scoring.noPoints });
  if (scoring.answeredPoints !== undefined) candidates.push({ path: [...sp, 'answeredPoints'], points: scoring.answeredPoints });
  scoring.thresholds?.forEach((t, i) => {
    candidates.push({ path: [...sp, 'thresholds', i, 'points'], points: t.points });
    if (t.min !== undefined && t.max !== undefined && t.min > t.max) {
      report(ctx, [...sp, 'thresholds', i, 'min'], 'minAboveMax', `min (${t.min}) is above max (${t.max})`, { min: t.min, max: t.max });
    }
  });
  question.options?.forEach((o, i) => {
    if (o.score !== undefined) candidates.push({ path: [...path, 'options', i, 'score'], points: o.score });
  });
  for (const c of candidates) {
    if (c.points > scoring.maxPoints) {
      report(ctx, c.path, 'pointsExceedMax', `${c.points} points exceed maxPoints ${scoring.maxPoints}`,
        { points: c.points, maxPoints: scoring.maxPoints });
    }
  }
  const best = achievablePoints(question);
  if (best < scoring.maxPoints) {
    // Otherwise a supplier could never reach a full controls score.
    report(ctx, [...sp, 'maxPoints'], 'maxPointsUnreachable',
      `maxPoints ${scoring.maxPoints} cannot be reached (best answer earns ${best})`, { maxPoints: scoring.maxPoints, achievable: best });
  }
}

/** The most points any single valid answer can earn (before capping at maxPoints). */
export function achievablePoints(question: Question): number {
  const s = question.scoring;
  if (!s) return 0;
  const scores = (question.options ?? []).map((o) => ({ score: o.score ?? 0, exclusive: o.exclusive === true }));
  switch (question.type) {
    case 'yes_no':
      return Math.max(s.yesPoints ?? 0, s.noPoints ?? 0);
    case 'single_choice':
      return Math.max(0, ...scores.map((o) => o.score));
    case 'multiple_choice': {
      const combined = scores.filter((o) => !o.exclusive).reduce((sum, o) => sum + o.score, 0);
      return Math.max(combined, ...scores.filter((o) => o.exclusive).map((o) => o.score));
    }
    case 'number':
      return Math.max(0, ...(s.thresholds ?? []).map((t) => t.points));
    default:
      return s.answeredPoints ?? 0;
  }
}

function checkCondition(condition: Condition, target: Question, path: Path, ctx: Ctx): void {
  const allowed = OPERATORS_BY_TYPE[target.type];
  for (const op of Object.keys(condition) as (keyof Condition)[]) {
    if (op === ('questionId' as string) || condition[op] === undefined) continue;
    if (!allowed.includes(op)) {
      report(ctx, [...path, op], 'conditionOperatorNotAllowed', `operator "${op}" cannot test a ${target.type} answer`,
        { operator: op, type: target.type });
      continue;
    }
    const values = op === 'in' ? (condition.in ?? []) : [condition[op] as string | number | boolean];
    values.forEach((value, i) => {
      const valuePath = op === 'in' ? [...path, op, i] : [...path, op];
      checkConditionValue(value, target, valuePath, ctx);
    });
  }
}

function checkConditionValue(value: string | number | boolean, target: Question, path: Path, ctx: Ctx): void {
  const wrongType = (expected: string): void =>
    report(ctx, path, 'conditionValueType', `expected a ${expected} to compare with a ${target.type} answer`, { expected, type: target.type });
  switch (target.type) {
    case 'yes_no':
      if (typeof value !== 'boolean') wrongType('boolean');
      return;
    case 'number':
      if (typeof value !== 'number') wrongType('number');
      return;
    case 'date':
      if (typeof value !== 'string' || !isIsoDate(value)) wrongType('date (YYYY-MM-DD)');
      return;
    case 'text':
      if (typeof value !== 'string') wrongType('string');
      return;
    case 'single_choice':
    case 'multiple_choice':
      if (typeof value !== 'string') {
        wrongType('string');
      } else if (!target.options?.some((o) => o.value === value)) {
        report(ctx, path, 'conditionUnknownOption', `"${value}" is not an option of question "${target.id}"`,
          { value, questionId: target.id });
      }
      return;
    default:
      return;
  }
}
