import { expect } from 'chai';
import { defaultTemplate } from '../../server/questionnaires/default-template.ts';
import { validateTemplate } from '../../server/questionnaires/template.json.ts';
import { validateAnswers } from '../../server/questionnaires/answers.ts';
import { evaluateAssessment } from '../../server/questionnaires/evaluate.ts';
import type { Question } from '../../server/questionnaires/template.schema.ts';
import { LOCALES, loadResources } from '../../server/i18n/index.ts';
import { expectTranslated } from './i18n-keys.ts';

const template = defaultTemplate();
const questions: Question[] = template.sections.flatMap((s) => s.questions);
const byId = (id: string) => questions.find((q) => q.id === id)!;

/** Every {es, en} object anywhere in the template, with where it is. */
function localizedTexts(node: unknown, path = ''): { path: string; es: unknown; en: unknown }[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => localizedTexts(n, `${path}[${i}]`));
  if (!node || typeof node !== 'object') return [];
  const obj = node as Record<string, unknown>;
  if ('es' in obj || 'en' in obj) return [{ path, es: obj.es, en: obj.en }];
  return Object.entries(obj).flatMap(([k, v]) => localizedTexts(v, `${path}.${k}`));
}

/** A supplier with every control in place: all 35 questions visible and answered. */
const exemplary = {
  youngest_worker_age: 16,
  seasonal_or_migrant_workers: true,
  families_accompany: 'usually',
  on_site_housing: true,
  written_policy: true,
  policy_communication: ['posted', 'induction', 'contractors'],
  policy_document: ['ev-policy'],
  hazardous_tasks_identified: true,
  age_verification_at_hiring: true,
  age_verification_docs: ['curp', 'birth_certificate'],
  age_records_kept: 'all',
  age_verification_procedure: ['ev-procedure'],
  hr_trained_age_docs: true,
  young_worker_register: true,
  young_worker_medical_certificate: 'all',
  parental_authorisation: 'yes',
  young_worker_hours_limits: true,
  young_worker_hazardous_tasks: false,
  young_worker_schooling: 'all',
  uses_labour_contractors: true,
  contractor_age_verification: true,
  subcontracting: true,
  subcontractor_monitoring: 'visits',
  piece_rate_pay: 'individual',
  children_seen_on_site: 'never',
  children_access_control: true,
  childcare_available: 'on_site_childcare',
  children_schooling: 'all',
  grievance_channel: true,
  grievance_languages: true,
  supervisor_training: true,
  supervisors_trained_pct: 100,
  previous_findings: true,
  findings_remediation: 'remediated',
  remediation_evidence: ['ev-remediation'],
};

describe('default child-labour questionnaire', () => {
  it('is a valid template of 25–35 questions', () => {
    expect(validateTemplate(template).ok).to.equal(true);
    expect(questions.length).to.be.within(25, 35);
    expect(template.version).to.equal(1);
  });

  it('has every text in Spanish and English, and the Spanish is not a copy of the English', () => {
    const texts = localizedTexts(template);
    expect(texts.length).to.be.greaterThan(100);
    for (const t of texts) {
      expect(t.es, t.path).to.be.a('string').and.not.equal('');
      expect(t.en, t.path).to.be.a('string').and.not.equal('');
    }
    for (const q of questions) {
      expect(q.text.es, q.id).to.not.equal(q.text.en);
      if (q.help) expect(q.help.es, q.id).to.not.equal(q.help.en);
      // Spanish questions open with ¿ as well as closing with ?
      if (q.text.es.includes('?')) expect(q.text.es, q.id).to.include('¿');
    }
  });

  it('covers the topics of the brief, with evidence uploads and conditional follow-ups', () => {
    for (const id of ['policy_document', 'age_verification_procedure']) expect(byId(id).type, id).to.equal('file');
    expect(byId('contractor_age_verification').showIf).to.deep.equal({ questionId: 'uses_labour_contractors', equals: true });
    expect(byId('young_worker_medical_certificate').showIf).to.deep.equal({ questionId: 'youngest_worker_age', lt: 18 });
    expect(byId('childcare_available').showIf).to.deep.equal({ questionId: 'families_accompany', in: ['sometimes', 'usually'] });
    expect(byId('age_verification_at_hiring').text.es).to.match(/documento oficial/);
    expect(byId('age_verification_at_hiring').help?.es).to.include('CURP');
    expect(byId('uses_labour_contractors').text.es).to.include('enganchadores');
    expect(byId('supervisor_training').scoring?.control).to.equal('training');
    expect(questions.filter((q) => q.showIf).length).to.be.greaterThan(10);
  });

  it('labels every control and red-flag code in both locales', () => {
    const controls = new Set(questions.map((q) => q.scoring?.control).filter((c): c is string => !!c));
    const flags = new Set<string>();
    for (const q of questions) {
      q.redFlags?.forEach((r) => flags.add(r.code));
      q.options?.forEach((o) => o.redFlag && flags.add(o.redFlag.code));
    }
    expect([...flags]).to.include.members(['children_working_on_site', 'no_age_verification', 'under18_hazardous_tasks', 'under15_employed']);
    expectTranslated([
      ...[...controls, 'other'].map((c) => `questionnaires.controls.${c}`),
      ...[...flags].map((f) => `questionnaires.redFlags.${f}`),
      'questionnaires.severity.critical',
      'questionnaires.severity.high',
    ]);
  });

  it('gives an exemplary supplier a full controls score and no red flags', () => {
    expect(validateAnswers(template, exemplary, 'submit')).to.deep.equal({ valid: true, errors: [] });
    const result = evaluateAssessment(template, exemplary);
    expect(result.controlsScore).to.equal(1);
    expect(result.redFlags).to.deep.equal([]);
    expect(result.visibleCount).to.equal(35);
    expect(result.answeredCount).to.equal(35);
  });

  it('scores an adult-only workforce with few controls (worked by hand)', () => {
    const answers = {
      youngest_worker_age: 30, // young-worker section hidden
      seasonal_or_migrant_workers: false,
      on_site_housing: false,
      written_policy: false, // 0 of 2
      hazardous_tasks_identified: false, // 0 of 2
      age_verification_at_hiring: false, // 0 of 3, no_age_verification
      uses_labour_contractors: false,
      subcontracting: false,
      piece_rate_pay: 'no_piece_rate', // 2 of 2
      children_seen_on_site: 'never',
      children_access_control: false, // 0 of 1
      grievance_channel: true, // 2 of 2; grievance_languages now visible, unanswered: 0 of 1
      supervisor_training: false, // 0 of 2
      previous_findings: false,
    };
    const result = evaluateAssessment(template, answers);
    expect(result.controlsScore).to.be.closeTo(4 / 15, 1e-12);
    expect(result.redFlags).to.deep.equal([{ code: 'no_age_verification', severity: 'high', questionId: 'age_verification_at_hiring' }]);
    expect(result.visibleCount).to.equal(15);
    expect(result.answeredCount).to.equal(14);
    const { errors } = validateAnswers(template, answers, 'submit');
    expect(errors.map((e) => e.questionId)).to.deep.equal(['grievance_languages']);
  });

  it('raises the critical and high red flags from key answers', () => {
    const result = evaluateAssessment(template, {
      ...exemplary,
      youngest_worker_age: 14,
      age_verification_at_hiring: false,
      young_worker_medical_certificate: 'none',
      young_worker_hours_limits: false,
      young_worker_hazardous_tasks: true,
      piece_rate_pay: 'family_unit',
      children_seen_on_site: 'working',
      findings_remediation: 'dismissal_only',
    });
    expect(result.redFlags).to.deep.equal([
      { code: 'under15_employed', severity: 'critical', questionId: 'youngest_worker_age' },
      { code: 'no_age_verification', severity: 'high', questionId: 'age_verification_at_hiring' },
      { code: 'young_worker_no_medical_certificate', severity: 'high', questionId: 'young_worker_medical_certificate' },
      { code: 'young_worker_hours_exceeded', severity: 'high', questionId: 'young_worker_hours_limits' },
      { code: 'under18_hazardous_tasks', severity: 'critical', questionId: 'young_worker_hazardous_tasks' },
      { code: 'piece_rate_family_pay', severity: 'high', questionId: 'piece_rate_pay' },
      { code: 'children_working_on_site', severity: 'critical', questionId: 'children_seen_on_site' },
      { code: 'unremediated_findings', severity: 'high', questionId: 'findings_remediation' },
    ]);
  });

  it('flags accepting the stated age as the only proof', () => {
    const result = evaluateAssessment(template, { ...exemplary, age_verification_docs: ['self_declaration'] });
    expect(result.redFlags).to.deep.equal([{ code: 'no_age_verification', severity: 'high', questionId: 'age_verification_docs' }]);
  });

  it('flags children present in work areas even when they are not working', () => {
    const result = evaluateAssessment(template, { ...exemplary, children_seen_on_site: 'accompanying' });
    expect(result.redFlags).to.deep.equal([{ code: 'children_in_work_areas', severity: 'high', questionId: 'children_seen_on_site' }]);
    expect(result.controlsScore).to.equal(1);
  });

  it('does not flag young-worker answers once the section is hidden', () => {
    const result = evaluateAssessment(template, { ...exemplary, youngest_worker_age: 25, young_worker_hazardous_tasks: true });
    expect(result.redFlags).to.deep.equal([]);
    expect(result.visibleCount).to.equal(29);
  });

  it('returns a fresh copy on each call', () => {
    const a = defaultTemplate();
    a.sections[0].questions[0].text.es = 'cambiado';
    expect(defaultTemplate().sections[0].questions[0].text.es).to.not.equal('cambiado');
  });

  it('has the same UI label keys in both locale files', () => {
    const keys = (node: unknown, prefix = ''): string[] =>
      node && typeof node === 'object'
        ? Object.entries(node).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
        : [prefix];
    const [es, en] = LOCALES.map((l) => keys((loadResources(l) as Record<string, unknown>).questionnaires).sort());
    expect(es.length).to.be.greaterThan(50);
    expect(es).to.deep.equal(en);
  });
});
