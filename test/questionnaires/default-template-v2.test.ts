import { expect } from 'chai';
import { defaultTemplate, latestShippedTemplate, shippedTemplate, shippedTemplates } from '../../server/questionnaires/default-template.ts';
import { exportTemplate, parseTemplateJson, validateTemplate } from '../../server/questionnaires/template.json.ts';
import { validateAnswers, visibleQuestions } from '../../server/questionnaires/answers.ts';
import { evaluateAssessment } from '../../server/questionnaires/evaluate.ts';
import type { Question } from '../../server/questionnaires/template.schema.ts';
import { expectTranslated } from './i18n-keys.ts';
import { exemplaryV2, familyFarmV2 } from './v2-answers.ts';

const template = shippedTemplate(2);
const questions: Question[] = template.sections.flatMap((s) => s.questions);
const byId = (id: string) => questions.find((q) => q.id === id)!;
const visibleIds = (answers: Record<string, unknown>) => visibleQuestions(template, answers as never).map((v) => v.question.id);

/** The controls the v1 questionnaire feeds into the score, which v2 keeps feeding. */
const V1_CONTROLS = ['policy', 'age_verification', 'age_records', 'young_worker_protection', 'hazard_restrictions', 'contractor_controls',
  'subcontractor_controls', 'pay_practices', 'childcare_schooling', 'site_access', 'grievance', 'training', 'remediation'];

describe('shipped questionnaire v2', () => {
  it('is a valid new version of the same template, the one new assessments get, and v1 is unchanged', () => {
    expect(validateTemplate(template).ok).to.equal(true);
    expect(template.key).to.equal(defaultTemplate().key);
    expect(template.version).to.equal(2);
    expect(latestShippedTemplate()).to.deep.equal(template);
    expect(shippedTemplates().map((t) => t.version)).to.deep.equal([1, 2]);
    // v1 still has its numeric youngest age and the bundled hours question existing answers refer to.
    const v1 = defaultTemplate().sections.flatMap((s) => s.questions);
    expect(v1.find((q) => q.id === 'youngest_worker_age')!.type).to.equal('number');
    expect(v1.some((q) => q.id === 'young_worker_hours_limits')).to.equal(true);
    expect(v1).to.have.length(35);
  });

  it('round-trips through JSON export and import unchanged', () => {
    const parsed = parseTemplateJson(exportTemplate(template));
    expect(parsed.ok && parsed.template).to.deep.equal(template);
  });

  it('has every text in Spanish (usted) and English', () => {
    for (const q of questions) {
      expect(q.text.es, q.id).to.not.equal(q.text.en);
      if (q.text.es.includes('?')) expect(q.text.es, q.id).to.include('¿');
      // Plain usted register: no tú forms.
      expect(q.text.es, q.id).to.not.match(/\b(tienes|verificas|contratas|sabes|tu)\b/i);
    }
  });

  it('keeps feeding the controls of v1 and labels every control and red flag in both locales', () => {
    const controls = new Set(questions.map((q) => q.scoring?.control).filter((c): c is string => !!c));
    expect([...controls]).to.include.members(V1_CONTROLS);
    expect([...controls].filter((c) => !V1_CONTROLS.includes(c)).sort()).to.deep.equal(['fair_recruitment', 'group_monitoring', 'housing_conditions', 'social_security']);
    const flags = new Set<string>();
    for (const q of questions) {
      q.redFlags?.forEach((r) => flags.add(r.code));
      q.options?.forEach((o) => o.redFlag && flags.add(o.redFlag.code));
    }
    expectTranslated([
      ...[...controls].map((c) => `questionnaires.controls.${c}`),
      ...[...flags].map((f) => `questionnaires.redFlags.${f}`),
      'questionnaires.labels.unknownAnswers',
    ]);
  });

  it('gives an exemplary company a full controls score, no red flags and no unknown answers', () => {
    const answers = exemplaryV2();
    expect(validateAnswers(template, answers, 'submit')).to.deep.equal({ valid: true, errors: [] });
    const result = evaluateAssessment(template, answers);
    expect(result.redFlags).to.deep.equal([]);
    expect(result.unknownAnswers).to.deep.equal([]);
    expect(result.controlsScore).to.equal(1);
    expect(result.answeredCount).to.equal(Object.keys(answers).length);
  });

  it('covers the topics of the review: remediation procedure before any case, fees, documents, camps, IMSS, wages, recruiters, migrants, distintivos', () => {
    // Asked of every company, not only after a past finding.
    expect(byId('remediation_procedure').showIf).to.deep.equal({ questionId: 'site_type', in: ['company', 'cooperative'] });
    expect(visibleIds({ site_type: 'company', previous_findings: false })).to.include('remediation_procedure');
    expect(byId('remediation_procedure').options!.find((o) => o.value === 'dismissal')!.redFlag!.code).to.equal('remediation_by_dismissal');
    for (const id of ['recruitment_fees', 'identity_documents_retained', 'written_terms', 'imss_registration', 'minimum_wage', 'wage_payment', 'recruiters_registered', 'recruiters_trained']) {
      expect(byId(id).showIf, id).to.deep.equal(id.startsWith('recruiters') ? { questionId: 'uses_labour_contractors', equals: true } : { questionId: 'site_type', in: ['company', 'family_farm_hires', 'cooperative'] });
    }
    expect(byId('housing_conditions').showIf).to.deep.equal({ questionId: 'on_site_housing', equals: true });
    expect(byId('housing_conditions').options!.map((o) => o.value)).to.include.members(['family_rooms', 'water_sanitation', 'agrochemicals_away', 'child_safe_space']);
    expect(byId('imss_registration').text.es).to.include('IMSS');
    expect(byId('migrant_documents').text.es).to.include('INM').and.include('CURP');
    expect(byId('recruiters_registered').text.es).to.include('enganchador');
    expect(byId('stps_distintivo').options!.map((o) => o.value)).to.include.members(['dealti', 'mexsti', 'applying', 'none', 'unknown']);
    expect(visibleIds({ site_type: 'company', stps_distintivo: 'mexsti' })).to.include('distintivo_year');
  });

  it('splits the hours question into separate conditions (overtime, night, rest days, under-16 hours, school schedule)', () => {
    expect(questions.some((q) => q.id === 'young_worker_hours_limits')).to.equal(false);
    const split = ['young_worker_overtime', 'young_worker_night_work', 'young_worker_rest_days', 'under16_daily_hours', 'young_worker_school_schedule'];
    for (const id of split) expect(byId(id).showIf?.questionId, id).to.equal('youngest_worker_age');
    // The under-16 limit is asked only where someone may be under 16.
    expect(visibleIds({ site_type: 'company', youngest_worker_age: 'age_16_17' })).to.include.members(split.filter((id) => id !== 'under16_daily_hours'));
    expect(visibleIds({ site_type: 'company', youngest_worker_age: 'age_16_17' })).to.not.include('under16_daily_hours');
    expect(visibleIds({ site_type: 'company', youngest_worker_age: 'age_15' })).to.include('under16_daily_hours');
  });

  it('gives a family plot a short path: no hired-labour sections, but hazardous work and school are asked', () => {
    const answers = familyFarmV2();
    expect(validateAnswers(template, answers, 'submit')).to.deep.equal({ valid: true, errors: [] });
    const shown = visibleIds(answers);
    expect(shown).to.deep.equal(['site_type', 'family_children_help', 'family_children_tasks', 'family_children_school', 'hazardous_tasks_identified', 'previous_findings']);
    const result = evaluateAssessment(template, answers);
    expect(result.redFlags).to.deep.equal([]);
    expect(result.controlsScore).to.equal(1);
    // A cooperative answers for its members, plus the group follow-up and the company-level policy.
    const coop = visibleIds({ site_type: 'cooperative', family_children_help: 'no' });
    expect(coop).to.include.members(['cooperative_monitoring', 'written_policy', 'remediation_procedure', 'youngest_worker_age']);
    expect(coop.length).to.be.lessThan(visibleIds(exemplaryV2()).length);
  });

  it('never scores a "don\'t know" as compliant: no points, listed as unknown, and a red flag wherever a wrong answer raises one', () => {
    const base = exemplaryV2();
    for (const q of questions) {
      const unknown = q.options?.find((o) => o.unknown);
      if (!unknown || !visibleIds(base).includes(q.id)) continue;
      const answers = { ...base, [q.id]: q.type === 'multiple_choice' ? [unknown.value] : unknown.value };
      const result = evaluateAssessment(template, answers);
      expect(result.unknownAnswers, q.id).to.include(q.id);
      if (q.scoring) expect(result.controlsScore, q.id).to.be.lessThan(1);
      const flagsOnOtherAnswers = q.options!.some((o) => !o.unknown && o.redFlag);
      if (flagsOnOtherAnswers) expect(result.redFlags.map((f) => f.questionId), q.id).to.include(q.id);
    }
  });

  it('an unknown youngest age with no age verification is not scored as fine', () => {
    const adultsVerified = { ...exemplaryV2(), youngest_worker_age: 'adult' };
    const unknownUnverified = { ...exemplaryV2(), youngest_worker_age: 'unknown', age_verification_at_hiring: false };
    // The adolescent questions stay in view: not knowing the age does not make them inapplicable.
    expect(visibleIds(unknownUnverified)).to.include.members(['young_worker_medical_certificate', 'parental_authorisation', 'under16_daily_hours', 'young_worker_schooling']);
    expect(visibleIds(adultsVerified)).to.not.include('young_worker_medical_certificate');
    const fine = evaluateAssessment(template, adultsVerified);
    const unknown = evaluateAssessment(template, unknownUnverified);
    expect(fine.redFlags).to.deep.equal([]);
    expect(unknown.redFlags.map((f) => f.code)).to.include.members(['youngest_age_unknown', 'no_age_verification']);
    expect(unknown.unknownAnswers).to.deep.equal(['youngest_worker_age']);
    // The hidden age-verification follow-ups count as absent controls (0 of their 6 points).
    const ageVerification = unknown.controls.find((c) => c.control === 'age_verification')!;
    expect(ageVerification).to.deep.equal({ control: 'age_verification', earned: 0, max: 7 });
    expect(unknown.controls.find((c) => c.control === 'age_records')).to.deep.equal({ control: 'age_records', earned: 0, max: 2 });
    expect(unknown.controlsScore).to.be.lessThan(fine.controlsScore);
  });
});
