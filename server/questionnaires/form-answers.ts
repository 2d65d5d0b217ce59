import type { QuestionnaireTemplate } from './template.schema.ts';
import type { AnswerValue } from './conditions.ts';

/**
 * Turns an HTML form body (strings, or string arrays for checkboxes) into typed
 * answers. Values it cannot convert are kept as they came, so validateAnswers
 * reports them instead of them silently disappearing. Blank fields are dropped.
 */
export function answersFromForm(template: QuestionnaireTemplate, form: Record<string, unknown>): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const section of template.sections) {
    for (const question of section.questions) {
      const raw = form[question.id];
      if (raw === undefined || raw === null) continue;
      const list = (Array.isArray(raw) ? raw : [raw]).map((v) => String(v).trim()).filter((v) => v !== '');
      if (list.length === 0) continue;
      switch (question.type) {
        case 'multiple_choice':
        case 'file':
          out[question.id] = list;
          break;
        case 'yes_no':
          out[question.id] = list[0] === 'yes' || list[0] === 'true' ? true : list[0] === 'no' || list[0] === 'false' ? false : list[0];
          break;
        case 'number': {
          const n = Number(list[0]);
          out[question.id] = Number.isFinite(n) ? n : list[0];
          break;
        }
        default:
          out[question.id] = list[0];
      }
    }
  }
  return out;
}
