import { expect } from 'chai';
import { shippedTemplate } from '../../server/questionnaires/default-template.ts';
import { evaluateAssessment } from '../../server/questionnaires/evaluate.ts';
import { validateAnswers } from '../../server/questionnaires/answers.ts';
import { RED_FLAG_FINDINGS, classifyRedFlag } from '../../server/remediation/red-flags.ts';
import type { AnswerValue } from '../../server/questionnaires/conditions.ts';
import { exemplaryV2, familyFarmV2 } from './v2-answers.ts';

const template = shippedTemplate(2);

interface Case {
  /** What the supplier answers, on top of an exemplary company (or a family plot). */
  answers: Record<string, AnswerValue>;
  base?: 'company' | 'family';
  code: string;
  severity: 'critical' | 'high';
  questionId: string;
  category: string;
}

const AWP = 'adolescent_without_protections';
const MC = 'missing_controls';

/** One row per way a breach shows in the answers; each code of v2 appears at least once. */
const CASES: Case[] = [
  { answers: { youngest_worker_age: 'under_15' }, code: 'under15_employed', severity: 'critical', questionId: 'youngest_worker_age', category: 'child_labour_under_15' },
  { answers: { children_seen_on_site: 'working' }, code: 'children_working_on_site', severity: 'critical', questionId: 'children_seen_on_site', category: 'child_labour_under_15' },
  { answers: { young_worker_hazardous_tasks: 'yes' }, code: 'under18_hazardous_tasks', severity: 'critical', questionId: 'young_worker_hazardous_tasks', category: 'hazardous_under_18' },
  // LFT 23: even on the family's own plot, hazardous work is banned under 18.
  { base: 'family', answers: { family_children_tasks: ['light', 'agrochemicals'] }, code: 'under18_hazardous_tasks', severity: 'critical', questionId: 'family_children_tasks', category: 'hazardous_under_18' },
  { answers: { youngest_worker_age: 'unknown' }, code: 'youngest_age_unknown', severity: 'high', questionId: 'youngest_worker_age', category: MC },
  { answers: { age_verification_at_hiring: false }, code: 'no_age_verification', severity: 'high', questionId: 'age_verification_at_hiring', category: MC },
  { answers: { age_verification_docs: ['self_declaration'] }, code: 'no_age_verification', severity: 'high', questionId: 'age_verification_docs', category: MC },
  // LFT 174
  { answers: { young_worker_medical_certificate: 'some' }, code: 'young_worker_no_medical_certificate', severity: 'high', questionId: 'young_worker_medical_certificate', category: AWP },
  { answers: { young_worker_medical_certificate: 'unknown' }, code: 'young_worker_no_medical_certificate', severity: 'high', questionId: 'young_worker_medical_certificate', category: AWP },
  // LFT 22
  { answers: { parental_authorisation: 'no' }, code: 'young_worker_no_parental_authorisation', severity: 'high', questionId: 'parental_authorisation', category: AWP },
  { answers: { parental_authorisation: 'unknown' }, code: 'young_worker_no_parental_authorisation', severity: 'high', questionId: 'parental_authorisation', category: AWP },
  // LFT 22 Bis
  { answers: { young_worker_schooling: 'some' }, code: 'young_worker_no_basic_education', severity: 'high', questionId: 'young_worker_schooling', category: AWP },
  { answers: { young_worker_schooling: 'none' }, code: 'young_worker_no_basic_education', severity: 'high', questionId: 'young_worker_schooling', category: AWP },
  { answers: { young_worker_schooling: 'unknown' }, code: 'young_worker_no_basic_education', severity: 'high', questionId: 'young_worker_schooling', category: AWP },
  // LFT 177, 178
  { answers: { young_worker_overtime: 'yes' }, code: 'young_worker_hours_exceeded', severity: 'high', questionId: 'young_worker_overtime', category: AWP },
  { answers: { young_worker_rest_days: 'unknown' }, code: 'young_worker_hours_exceeded', severity: 'high', questionId: 'young_worker_rest_days', category: AWP },
  { answers: { under16_daily_hours: 'no' }, code: 'young_worker_hours_exceeded', severity: 'high', questionId: 'under16_daily_hours', category: AWP },
  // LFT 175; Const. 123-A-II
  { answers: { young_worker_night_work: 'yes' }, code: 'young_worker_night_work', severity: 'high', questionId: 'young_worker_night_work', category: AWP },
  { answers: { young_worker_hazardous_tasks: 'unknown' }, code: 'young_worker_tasks_unknown', severity: 'high', questionId: 'young_worker_hazardous_tasks', category: AWP },
  { answers: { contractor_age_verification: 'no' }, code: 'contractor_no_age_verification', severity: 'high', questionId: 'contractor_age_verification', category: MC },
  { answers: { contractor_age_verification: 'unknown' }, code: 'contractor_no_age_verification', severity: 'high', questionId: 'contractor_age_verification', category: MC },
  { answers: { subcontractor_monitoring: 'no_check' }, code: 'subcontractors_unchecked', severity: 'high', questionId: 'subcontractor_monitoring', category: MC },
  { answers: { childcare_available: 'no_childcare' }, code: 'families_on_site_no_childcare', severity: 'high', questionId: 'childcare_available', category: MC },
  { answers: { childcare_available: 'unknown' }, code: 'families_on_site_no_childcare', severity: 'high', questionId: 'childcare_available', category: MC },
  { answers: { children_schooling: 'some' }, code: 'children_out_of_school', severity: 'high', questionId: 'children_schooling', category: MC },
  { answers: { children_schooling: 'unknown' }, code: 'children_out_of_school', severity: 'high', questionId: 'children_schooling', category: MC },
  // INEGI's second component of child labour: household chores in inadequate conditions (mostly girls).
  { answers: { children_care_duties: 'yes' }, code: 'children_domestic_care_duties', severity: 'high', questionId: 'children_care_duties', category: MC },
  { answers: { children_care_duties: 'unknown' }, code: 'children_domestic_care_duties', severity: 'high', questionId: 'children_care_duties', category: MC },
  { base: 'family', answers: { family_children_school: 'misses_season' }, code: 'children_out_of_school', severity: 'high', questionId: 'family_children_school', category: MC },
  { base: 'family', answers: { family_children_help: 'unknown' }, code: 'family_child_work_unknown', severity: 'high', questionId: 'family_children_help', category: MC },
  { base: 'family', answers: { family_children_tasks: ['unknown'] }, code: 'family_child_work_unknown', severity: 'high', questionId: 'family_children_tasks', category: MC },
  { answers: { piece_rate_pay: 'family_unit' }, code: 'piece_rate_family_pay', severity: 'high', questionId: 'piece_rate_pay', category: MC },
  { answers: { children_seen_on_site: 'accompanying' }, code: 'children_in_work_areas', severity: 'high', questionId: 'children_seen_on_site', category: MC },
  { answers: { findings_remediation: 'dismissal_only' }, code: 'unremediated_findings', severity: 'high', questionId: 'findings_remediation', category: MC },
  { answers: { remediation_procedure: 'dismissal' }, code: 'remediation_by_dismissal', severity: 'high', questionId: 'remediation_procedure', category: MC },
  { answers: { recruitment_fees: 'yes' }, code: 'recruitment_fees_charged', severity: 'high', questionId: 'recruitment_fees', category: MC },
  { answers: { recruitment_fees: 'unknown' }, code: 'recruitment_fees_charged', severity: 'high', questionId: 'recruitment_fees', category: MC },
  { answers: { identity_documents_retained: 'yes' }, code: 'identity_documents_retained', severity: 'high', questionId: 'identity_documents_retained', category: MC },
];

function codesOfTemplate(): Set<string> {
  const codes = new Set<string>();
  for (const q of template.sections.flatMap((s) => s.questions)) {
    q.redFlags?.forEach((r) => codes.add(r.code));
    q.options?.forEach((o) => o.redFlag && codes.add(o.redFlag.code));
  }
  return codes;
}

describe('questionnaire v2 red flags (one per legal breach)', () => {
  it('the exemplary answers raise none', () => {
    expect(evaluateAssessment(template, exemplaryV2()).redFlags).to.deep.equal([]);
    expect(evaluateAssessment(template, familyFarmV2()).redFlags).to.deep.equal([]);
  });

  for (const c of CASES) {
    it(`${c.code} (${c.severity}) from ${c.questionId} = ${JSON.stringify(c.answers[c.questionId])} → ${c.category}`, () => {
      const answers = { ...(c.base === 'family' ? familyFarmV2() : exemplaryV2()), ...c.answers };
      expect(validateAnswers(template, answers, 'submit').errors).to.deep.equal([]);
      const raised = evaluateAssessment(template, answers).redFlags;
      expect(raised).to.deep.include({ code: c.code, severity: c.severity, questionId: c.questionId });
      // The finding it opens: its own class, never the fallback for unknown codes.
      expect(RED_FLAG_FINDINGS).to.have.property(c.code);
      expect(classifyRedFlag(c.code, c.severity)).to.deep.equal({ category: c.category, severity: c.severity });
    });
  }

  it('every red flag of v2 is tested above and mapped to a finding class', () => {
    const tested = new Set(CASES.map((c) => c.code));
    for (const code of codesOfTemplate()) {
      expect(tested.has(code), code).to.equal(true);
      expect(RED_FLAG_FINDINGS, code).to.have.property(code);
    }
  });
});
