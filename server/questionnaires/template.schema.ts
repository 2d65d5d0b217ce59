import { z } from 'zod';
import { checkTemplate } from './template.checks.ts';

/**
 * Questionnaire template: the versioned definition a supplier answers. Structural
 * rules live here; cross-field rules (unique ids, condition targets, reachable
 * maximum points) live in template.checks.ts and run as part of the same schema.
 */

const ID_PATTERN = /^[a-z][a-z0-9_]*$/;
// Option values may start with a digit (e.g. an age such as '15').
const VALUE_PATTERN = /^[a-z0-9][a-z0-9_]*$/;
const KEY_PATTERN = /^[a-z][a-z0-9_-]*$/;

const id = z.string().regex(ID_PATTERN, 'must be snake_case: lower-case letters, digits and _');

export const localizedTextSchema = z.strictObject({
  es: z.string().trim().min(1),
  en: z.string().trim().min(1),
});

export const QUESTION_TYPES = [
  'yes_no',
  'single_choice',
  'multiple_choice',
  'number',
  'date',
  'text',
  'file',
] as const;
export const questionTypeSchema = z.enum(QUESTION_TYPES);

export const RED_FLAG_SEVERITIES = ['critical', 'high'] as const;
export const redFlagSeveritySchema = z.enum(RED_FLAG_SEVERITIES);

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const points = z.number().finite().min(0);

export const CONDITION_OPERATORS = ['equals', 'notEquals', 'in', 'includes', 'lt', 'lte', 'gt', 'gte'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/**
 * A test on one answer; exactly one operator. `includes` is for multiple-choice
 * answers, the comparisons for numbers and ISO dates. An unanswered question
 * never satisfies a condition (so follow-ups appear only after an answer).
 */
const conditionShape = {
  equals: scalar.optional(),
  notEquals: scalar.optional(),
  in: z.array(scalar).min(1).optional(),
  includes: z.string().optional(),
  lt: z.union([z.number(), z.string()]).optional(),
  lte: z.union([z.number(), z.string()]).optional(),
  gt: z.union([z.number(), z.string()]).optional(),
  gte: z.union([z.number(), z.string()]).optional(),
};

function exactlyOneOperator(value: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const used = CONDITION_OPERATORS.filter((op) => value[op] !== undefined);
  if (used.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: `exactly one of ${CONDITION_OPERATORS.join(', ')} is required (found ${used.length})`,
      params: { key: 'questionnaires.errors.template.conditionOperatorCount', found: used.length },
    });
  }
}

export const conditionSchema = z.strictObject(conditionShape).superRefine(exactlyOneOperator);

export const showIfSchema = z
  .strictObject({ questionId: id, ...conditionShape })
  .superRefine(exactlyOneOperator);

export const redFlagRefSchema = z.strictObject({
  code: id,
  severity: redFlagSeveritySchema,
});

export const redFlagRuleSchema = z.strictObject({
  code: id,
  severity: redFlagSeveritySchema,
  when: conditionSchema,
});

export const optionSchema = z.strictObject({
  value: z.string().regex(VALUE_PATTERN, 'must be lower-case letters, digits and _'),
  label: localizedTextSchema,
  score: points.optional(),
  /** Selecting this option raises the flag. */
  redFlag: redFlagRefSchema.optional(),
  /** Multiple choice only: cannot be combined with other options (e.g. "none"). */
  exclusive: z.boolean().optional(),
  /**
   * An "I don't know" answer: it earns no points and must raise a red flag wherever another
   * answer to the question does, so not knowing is never scored as compliant.
   */
  unknown: z.boolean().optional(),
});

/** Inclusive bounds; the first threshold that matches the number gives the points. */
export const thresholdSchema = z.strictObject({
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  points,
});

/**
 * How an answer earns points towards a control. yes_no uses yesPoints/noPoints,
 * choices use each option's `score` (multiple choice: sum, capped at maxPoints),
 * number uses thresholds, and date/text/file earn answeredPoints when answered
 * (e.g. an uploaded policy document evidences the policy control).
 */
export const scoringSchema = z.strictObject({
  control: id.optional(),
  yesPoints: points.optional(),
  noPoints: points.optional(),
  thresholds: z.array(thresholdSchema).min(1).optional(),
  answeredPoints: points.optional(),
  maxPoints: z.number().finite().positive(),
  /**
   * The maximum still counts (earning 0) when the question is hidden because its
   * controlling question was answered the other way, e.g. no written policy hides "how is
   * the policy communicated", and that control is absent rather than not applicable.
   */
  countWhenHidden: z.boolean().optional(),
});

export const questionSchema = z.strictObject({
  id,
  type: questionTypeSchema,
  text: localizedTextSchema,
  help: localizedTextSchema.optional(),
  required: z.boolean(),
  options: z.array(optionSchema).min(2).optional(),
  /** number only */
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  integer: z.boolean().optional(),
  /** text only */
  maxLength: z.int().positive().optional(),
  showIf: showIfSchema.optional(),
  scoring: scoringSchema.optional(),
  redFlags: z.array(redFlagRuleSchema).min(1).optional(),
});

export const sectionSchema = z.strictObject({
  id,
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  questions: z.array(questionSchema).min(1),
});

const baseTemplateSchema = z.strictObject({
  key: z.string().regex(KEY_PATTERN, 'must be lower-case letters, digits, _ and -'),
  version: z.int().min(1),
  title: localizedTextSchema,
  description: localizedTextSchema,
  sections: z.array(sectionSchema).min(1),
});

export const templateSchema = baseTemplateSchema.superRefine(checkTemplate);

export type LocalizedText = z.infer<typeof localizedTextSchema>;
export type QuestionType = z.infer<typeof questionTypeSchema>;
export type RedFlagSeverity = z.infer<typeof redFlagSeveritySchema>;
export type Condition = z.infer<typeof conditionSchema>;
export type ShowIf = z.infer<typeof showIfSchema>;
export type RedFlagRule = z.infer<typeof redFlagRuleSchema>;
export type QuestionOption = z.infer<typeof optionSchema>;
export type ScoreThreshold = z.infer<typeof thresholdSchema>;
export type QuestionScoring = z.infer<typeof scoringSchema>;
export type Question = z.infer<typeof questionSchema>;
export type TemplateSection = z.infer<typeof sectionSchema>;
export type QuestionnaireTemplate = z.infer<typeof baseTemplateSchema>;
