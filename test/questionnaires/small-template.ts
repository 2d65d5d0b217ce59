import type { QuestionnaireTemplate } from '../../server/questionnaires/template.schema.ts';

const t = (es: string, en: string) => ({ es, en });

/**
 * A small template whose scores are easy to work out by hand:
 * policy max 2+3, training max 2, age_verification max 3+2+1, other max 1.
 */
export function smallTemplate(): QuestionnaireTemplate {
  return {
    key: 'small-test',
    version: 3,
    title: t('Cuestionario de prueba', 'Test questionnaire'),
    description: t('Para pruebas', 'For tests'),
    sections: [
      {
        id: 's1',
        title: t('Política', 'Policy'),
        questions: [
          {
            id: 'has_policy', type: 'yes_no', text: t('¿Tiene política?', 'Has a policy?'), required: true,
            scoring: { control: 'policy', yesPoints: 2, noPoints: 0, maxPoints: 2 },
          },
          {
            id: 'policy_channels', type: 'multiple_choice', text: t('¿Cómo la difunde?', 'How is it shared?'), required: true,
            options: [
              { value: 'a', label: t('A', 'A'), score: 1 },
              { value: 'b', label: t('B', 'B'), score: 1 },
              { value: 'c', label: t('C', 'C'), score: 2 },
              { value: 'none', label: t('Ninguno', 'None'), score: 0, exclusive: true },
            ],
            showIf: { questionId: 'has_policy', equals: true },
            scoring: { control: 'policy', maxPoints: 3 },
          },
          {
            id: 'workers_count', type: 'number', text: t('¿Cuántas personas?', 'How many people?'), required: true,
            min: 0, max: 1000, integer: true,
          },
          {
            id: 'youngest_age', type: 'number', text: t('Edad menor', 'Youngest age'), required: true,
            min: 0, max: 99, integer: true,
            redFlags: [{ code: 'under15', severity: 'critical', when: { lt: 15 } }],
          },
          {
            id: 'trained_pct', type: 'number', text: t('% capacitado', '% trained'), required: false, min: 0, max: 100,
            scoring: {
              control: 'training',
              thresholds: [{ min: 80, points: 2 }, { min: 50, points: 1 }, { points: 0 }],
              maxPoints: 2,
            },
          },
        ],
      },
      {
        id: 's2',
        title: t('Edad', 'Age'),
        questions: [
          {
            id: 'checks_age', type: 'yes_no', text: t('¿Verifica la edad?', 'Checks age?'), required: true,
            scoring: { control: 'age_verification', yesPoints: 3, noPoints: 0, maxPoints: 3 },
            redFlags: [{ code: 'no_age_check', severity: 'high', when: { equals: false } }],
          },
          {
            id: 'docs', type: 'single_choice', text: t('¿Qué documento?', 'Which document?'), required: true,
            options: [
              { value: 'curp', label: t('CURP', 'CURP'), score: 2 },
              { value: 'word', label: t('Su palabra', 'Their word'), score: 0, redFlag: { code: 'self_declared_age', severity: 'high' } },
            ],
            showIf: { questionId: 'checks_age', equals: true },
            scoring: { control: 'age_verification', maxPoints: 2 },
          },
          { id: 'last_audit', type: 'date', text: t('Última auditoría', 'Last audit'), required: false },
          { id: 'notes', type: 'text', text: t('Notas', 'Notes'), required: false, maxLength: 20 },
          {
            id: 'evidence', type: 'file', text: t('Procedimiento', 'Procedure'), required: false,
            showIf: { questionId: 'checks_age', equals: true },
            scoring: { control: 'age_verification', answeredPoints: 1, maxPoints: 1 },
          },
          {
            id: 'general', type: 'yes_no', text: t('¿Otra cosa?', 'Anything else?'), required: false,
            scoring: { yesPoints: 1, maxPoints: 1 },
          },
          {
            // A chain: visible only when `docs` is visible and answered 'word'.
            id: 'why_word', type: 'text', text: t('¿Por qué?', 'Why?'), required: true,
            showIf: { questionId: 'docs', equals: 'word' },
          },
        ],
      },
    ],
  };
}
