import { expect } from 'chai';
import { workforceConditions } from '../../server/assessments/assessment.conditions.ts';
import { defaultTemplate } from '../../server/questionnaires/default-template.ts';
import { evaluateAssessment } from '../../server/questionnaires/evaluate.ts';
import type { AnswerValue } from '../../server/questionnaires/conditions.ts';

/** Workforce risk conditions read from the shipped questionnaire's answers (docs/scoring.md, "Conditions, not head counts"). */
describe('assessments: workforce conditions from the answers', () => {
  const conditionsOf = (answers: Record<string, AnswerValue>) =>
    workforceConditions(answers, evaluateAssessment(defaultTemplate(), answers).controls);

  const protectedAdolescents: Record<string, AnswerValue> = {
    youngest_worker_age: 16, hazardous_tasks_identified: true, young_worker_register: true, young_worker_medical_certificate: 'all',
    parental_authorisation: 'yes', young_worker_hours_limits: true, young_worker_hazardous_tasks: false, young_worker_schooling: 'all',
    seasonal_or_migrant_workers: true, families_accompany: 'usually', childcare_available: 'on_site_childcare',
    on_site_housing: false, uses_labour_contractors: false, piece_rate_pay: 'no_piece_rate',
  };

  it('reads full protections and no risk condition when every answer shows them', () => {
    expect(conditionsOf(protectedAdolescents)).to.deep.equal({
      adolescentProtections: 'full', familiesWithoutChildcare: false, campHousing: false, contractors: false, pieceRate: false,
    });
  });

  it('reads missing protections and each risk condition', () => {
    expect(conditionsOf({
      ...protectedAdolescents, young_worker_medical_certificate: 'some', childcare_available: 'no_childcare',
      on_site_housing: true, uses_labour_contractors: true, piece_rate_pay: 'family_unit',
    })).to.deep.equal({
      adolescentProtections: 'missing', familiesWithoutChildcare: true, campHousing: true, contractors: true, pieceRate: true,
    });
    expect(conditionsOf({ ...protectedAdolescents, youngest_worker_age: 13 }).adolescentProtections).to.equal('missing');
  });

  it('treats unanswered, "don’t know" and unrecognised answers as unknown, never as no risk', () => {
    const c = conditionsOf({ ...protectedAdolescents, families_accompany: 'dont_know', piece_rate_pay: 'no_se', young_worker_schooling: 'unknown' });
    expect(c).to.include({ familiesWithoutChildcare: null, pieceRate: null, adolescentProtections: 'missing' });
    expect(conditionsOf({})).to.deep.equal({
      adolescentProtections: 'unknown', familiesWithoutChildcare: null, campHousing: null, contractors: null, pieceRate: null,
    });
  });
});
