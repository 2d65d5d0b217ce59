import { hasKey, type Locale, type Translate } from '../i18n/index.ts';
import type { LocalizedText, Question, QuestionnaireTemplate } from './template.schema.ts';

/** People read question texts and red-flag labels, never a template's ids or codes. */
export const localized = (text: LocalizedText | undefined, locale: string): string | undefined =>
  text && (locale === 'en' ? text.en : text.es);

export function findQuestion(def: QuestionnaireTemplate | undefined, questionId: string): Question | undefined {
  for (const section of def?.sections ?? []) {
    const q = section.questions.find((x) => x.id === questionId);
    if (q) return q;
  }
  return undefined;
}

/** The question's text in the locale; the id only when the template no longer has it. */
export function questionText(def: QuestionnaireTemplate | undefined, questionId: string, locale: string): string {
  return localized(findQuestion(def, questionId)?.text, locale) ?? questionId;
}

/**
 * A red flag's label: the catalogue's (default questionnaire), else the answer option that
 * raises it in an imported template, else the question it belongs to.
 */
export function redFlagLabel(t: Translate, locale: Locale, def: QuestionnaireTemplate | undefined, code: string, questionId?: string | null): string {
  const key = `questionnaires.redFlags.${code}`;
  if (hasKey(locale, key)) return t(key);
  for (const section of def?.sections ?? []) {
    for (const q of section.questions) {
      const option = q.options?.find((o) => o.redFlag?.code === code);
      if (option) return `${localized(q.text, locale)} — ${localized(option.label, locale)}`;
    }
  }
  return questionId ? questionText(def, questionId, locale) : code;
}
