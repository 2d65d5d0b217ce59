import type { Question, QuestionnaireTemplate, LocalizedText } from '../questionnaires/template.schema.ts';
import type { AnswerValue, Answers } from '../questionnaires/conditions.ts';
import { usableAnswer, visibleQuestions, type AnswerIssue } from '../questionnaires/answers.ts';
import { answerPoints, type AssessmentEvaluation } from '../questionnaires/evaluate.ts';
import { hasKey, type Locale, type Translate } from '../i18n/index.ts';
import { ACCEPT_ATTRIBUTE } from './evidence.sniff.ts';

/**
 * View models for a questionnaire as the supplier fills it (portal) and as the
 * reviewer reads it. Pure: everything it shows comes in as arguments.
 */

export interface EvidenceView {
  id: string;
  name: string;
  size: number;
  mime: string;
  uploadedAt: Date;
}

export interface QuestionView {
  id: string;
  type: Question['type'];
  ordinal: string;
  text: string;
  help: string | null;
  required: boolean;
  /** False for a follow-up whose condition is not met; rendered with `hidden` for the client script. */
  visible: boolean;
  /** JSON of the showIf condition, read by client/portal.ts. */
  showIf: string | null;
  options: { value: string; label: string; checked: boolean; inputId: string }[];
  yes: boolean;
  no: boolean;
  value: string;
  min: number | null;
  max: number | null;
  step: string;
  maxLength: number | null;
  accept: string;
  /** Evidence uploaded for this question; `attached` = part of the answer. */
  files: (EvidenceView & { attached: boolean })[];
  error: string | null;
  comment: string | null;
  /** Read-only rendering of the answer, null when unanswered. */
  display: string | null;
  flags: { code: string; label: string; severity: string }[];
  points: { earned: number; max: number } | null;
}

export interface SectionView {
  id: string;
  /** False when none of its questions applies (the short path skips whole sections). */
  visible: boolean;
  title: string;
  description: string | null;
  questions: QuestionView[];
}

export interface QuestionnaireViewInput {
  template: QuestionnaireTemplate;
  answers: Answers;
  locale: Locale;
  t: Translate;
  evidence?: Map<string, EvidenceView[]>;
  errors?: AnswerIssue[];
  /** Per-question messages that are not answer issues (e.g. rejected uploads). */
  extraErrors?: Map<string, string>;
  comments?: Map<string, string>;
  evaluation?: AssessmentEvaluation;
}

export function textIn(text: LocalizedText, locale: Locale): string {
  return locale === 'en' ? text.en : text.es;
}

/** A translation when one exists, else the raw code (templates may bring their own codes). */
export function labelFor(t: Translate, locale: Locale, key: string, fallback: string): string {
  return hasKey(locale, key) ? t(key) : fallback;
}

export function questionnaireView(input: QuestionnaireViewInput): SectionView[] {
  const { template, answers, locale, t } = input;
  const visible = new Set(visibleQuestions(template, answers).map((v) => v.question.id));
  const errors = new Map<string, string>();
  for (const e of input.errors ?? []) if (!errors.has(e.questionId)) errors.set(e.questionId, t(e.key, e.params));
  for (const [id, message] of input.extraErrors ?? []) errors.set(id, errors.has(id) ? `${errors.get(id)} ${message}` : message);

  // Numbers count only what the supplier sees, so the short path has no gaps (1.1, 1.2, 2.1…);
  // client/portal.ts renumbers the same way as follow-ups appear.
  const ordinals = new Map<string, string>();
  let shownSections = 0;
  for (const section of template.sections) {
    const shown = section.questions.filter((q) => visible.has(q.id));
    if (shown.length) shownSections++;
    shown.forEach((q, i) => ordinals.set(q.id, `${shownSections}.${i + 1}`));
  }

  return template.sections.map((section) => ({
    id: section.id,
    visible: section.questions.some((q) => visible.has(q.id)),
    title: textIn(section.title, locale),
    description: section.description ? textIn(section.description, locale) : null,
    questions: section.questions.map((question) => {
      const value = answers[question.id];
      const chosen = Array.isArray(value) ? value.map(String) : value === undefined || value === null ? [] : [String(value)];
      const files = (input.evidence?.get(question.id) ?? []).map((f) => ({ ...f, attached: chosen.includes(f.id) }));
      const { showIf } = question;
      return {
        id: question.id,
        type: question.type,
        ordinal: ordinals.get(question.id) ?? '',
        text: textIn(question.text, locale),
        help: question.help ? textIn(question.help, locale) : null,
        required: question.required,
        visible: visible.has(question.id),
        showIf: showIf ? JSON.stringify({ ...showIf, type: typeOf(template, showIf.questionId) }) : null,
        options: (question.options ?? []).map((o) => ({
          value: o.value, label: textIn(o.label, locale), checked: chosen.includes(o.value), inputId: `q-${question.id}-${o.value}`,
        })),
        yes: value === true || value === 'yes',
        no: value === false || value === 'no',
        value: typeof value === 'number' || typeof value === 'string' ? String(value) : '',
        min: question.min ?? null,
        max: question.max ?? null,
        step: question.integer ? '1' : 'any',
        maxLength: question.maxLength ?? null,
        accept: ACCEPT_ATTRIBUTE,
        files,
        error: errors.get(question.id) ?? null,
        comment: input.comments?.get(question.id) ?? null,
        display: displayAnswer(question, value, locale, t, files),
        flags: (input.evaluation?.redFlags ?? [])
          .filter((f) => f.questionId === question.id)
          .map((f) => ({ code: f.code, severity: f.severity, label: labelFor(t, locale, `questionnaires.redFlags.${f.code}`, f.code) })),
        points: pointsOf(question, value, visible.has(question.id), input.evaluation),
      };
    }),
  }));
}

function typeOf(template: QuestionnaireTemplate, questionId: string): string | undefined {
  for (const s of template.sections) for (const q of s.questions) if (q.id === questionId) return q.type;
  return undefined;
}

function pointsOf(question: Question, value: AnswerValue | null | undefined, visible: boolean, evaluation?: AssessmentEvaluation) {
  if (!evaluation || !question.scoring || !visible) return null;
  const usable = usableAnswer(question, value);
  return { earned: usable === undefined ? 0 : answerPoints(question, usable), max: question.scoring.maxPoints };
}

function displayAnswer(question: Question, value: AnswerValue | null | undefined, locale: Locale, t: Translate, files: EvidenceView[]): string | null {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return null;
  const optionLabel = (v: string) => {
    const o = question.options?.find((x) => x.value === v);
    return o ? textIn(o.label, locale) : v;
  };
  switch (question.type) {
    case 'yes_no':
      return value === true ? t('questionnaires.answers.yes') : value === false ? t('questionnaires.answers.no') : String(value);
    case 'single_choice':
      return optionLabel(String(value));
    case 'multiple_choice':
      return (Array.isArray(value) ? value : [String(value)]).map(optionLabel).join('; ');
    case 'file': {
      const ids = Array.isArray(value) ? value : [String(value)];
      return ids.map((id) => files.find((f) => f.id === id)?.name ?? id).join('; ');
    }
    default:
      return String(value);
  }
}
