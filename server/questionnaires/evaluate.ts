import type { Question, QuestionnaireTemplate, RedFlagSeverity } from './template.schema.ts';
import { matchesCondition, type AnswerValue, type Answers } from './conditions.ts';
import { usableAnswer, visibleQuestions } from './answers.ts';

export interface ControlScore {
  control: string;
  earned: number;
  max: number;
}

export interface RaisedRedFlag {
  code: string;
  severity: RedFlagSeverity;
  questionId: string;
}

/** What the scoring engine reads as `assessment.controlsScore` and `assessment.redFlags`. */
export interface AssessmentEvaluation {
  /** earned / maximum over visible scored questions, 0..1; 0 when nothing visible is scored. */
  controlsScore: number;
  /** In order of first appearance in the template. */
  controls: ControlScore[];
  /** In template order; one entry per code and question. */
  redFlags: RaisedRedFlag[];
  answeredCount: number;
  visibleCount: number;
  /** Visible questions answered "I don't know": unknown, never compliant (they earn no points). */
  unknownAnswers: string[];
}

/** Scored questions without a named control are grouped here. */
export const UNGROUPED_CONTROL = 'other';

/** Points one valid answer earns, capped at maxPoints. */
export function answerPoints(question: Question, value: AnswerValue): number {
  const s = question.scoring;
  if (!s) return 0;
  const scoreOf = (v: string): number => {
    const option = question.options?.find((o) => o.value === v);
    return option?.unknown ? 0 : (option?.score ?? 0);
  };
  let points = 0;
  switch (question.type) {
    case 'yes_no':
      points = (value === true ? s.yesPoints : s.noPoints) ?? 0;
      break;
    case 'single_choice':
      points = scoreOf(value as string);
      break;
    case 'multiple_choice':
      points = (value as string[]).reduce((sum, v) => sum + scoreOf(v), 0);
      break;
    case 'number': {
      const n = value as number;
      const hit = s.thresholds?.find((t) => (t.min === undefined || n >= t.min) && (t.max === undefined || n <= t.max));
      points = hit?.points ?? 0;
      break;
    }
    default:
      points = s.answeredPoints ?? 0;
  }
  return Math.min(points, s.maxPoints);
}

/** Red flags one valid answer raises: the question's rules, then flagged options chosen. */
export function answerRedFlags(question: Question, value: AnswerValue): RaisedRedFlag[] {
  const raised: RaisedRedFlag[] = [];
  const add = (code: string, severity: RedFlagSeverity): void => {
    if (!raised.some((f) => f.code === code)) raised.push({ code, severity, questionId: question.id });
  };
  for (const rule of question.redFlags ?? []) {
    if (matchesCondition(rule.when, value)) add(rule.code, rule.severity);
  }
  const chosen = Array.isArray(value) ? value : [value];
  for (const option of question.options ?? []) {
    if (option.redFlag && chosen.includes(option.value)) add(option.redFlag.code, option.redFlag.severity);
  }
  return raised;
}

/** Whether the answer is (or, for multiple choice, includes) an "I don't know" option. */
export function isUnknownAnswer(question: Question, value: AnswerValue): boolean {
  const chosen = Array.isArray(value) ? value : [value];
  return (question.options ?? []).some((o) => o.unknown && chosen.includes(o.value as never));
}

/**
 * Scored questions hidden only because their (visible, answered) controlling question says
 * the control is absent, where the template marks them countWhenHidden.
 */
function absentControls(template: QuestionnaireTemplate, answers: Answers, visibleIds: Set<string>): Question[] {
  const byId = new Map(template.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)));
  const absent: Question[] = [];
  for (const question of byId.values()) {
    const cond = question.showIf;
    if (!question.scoring?.countWhenHidden || !cond || visibleIds.has(question.id) || !visibleIds.has(cond.questionId)) continue;
    if (usableAnswer(byId.get(cond.questionId)!, answers[cond.questionId]) !== undefined) absent.push(question);
  }
  return absent;
}

/**
 * Scores an assessment. Only visible questions count (plus countWhenHidden ones hidden by a
 * "no"); a visible scored question left unanswered (or answered invalidly, or "I don't
 * know") earns 0 of its maximum, because a control that is not evidenced cannot reduce risk.
 */
export function evaluateAssessment(template: QuestionnaireTemplate, answers: Answers): AssessmentEvaluation {
  const controls = new Map<string, ControlScore>();
  const redFlags: RaisedRedFlag[] = [];
  const unknownAnswers: string[] = [];
  let answeredCount = 0;
  const visible = visibleQuestions(template, answers);
  const addPoints = (question: Question, earned: number): void => {
    if (!question.scoring) return;
    const control = question.scoring.control ?? UNGROUPED_CONTROL;
    const entry = controls.get(control) ?? { control, earned: 0, max: 0 };
    entry.earned += earned;
    entry.max += question.scoring.maxPoints;
    controls.set(control, entry);
  };

  for (const { question } of visible) {
    const value = usableAnswer(question, answers[question.id]);
    if (value !== undefined) {
      answeredCount += 1;
      redFlags.push(...answerRedFlags(question, value));
      if (isUnknownAnswer(question, value)) unknownAnswers.push(question.id);
    }
    addPoints(question, value === undefined ? 0 : answerPoints(question, value));
  }
  for (const question of absentControls(template, answers, new Set(visible.map((v) => v.question.id)))) addPoints(question, 0);

  const list = [...controls.values()];
  const earned = list.reduce((sum, c) => sum + c.earned, 0);
  const max = list.reduce((sum, c) => sum + c.max, 0);
  return {
    controlsScore: max === 0 ? 0 : earned / max,
    controls: list,
    redFlags,
    answeredCount,
    visibleCount: visible.length,
    unknownAnswers,
  };
}
