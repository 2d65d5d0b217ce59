import { expect } from 'chai';
import { readinessFor, type SiteFacts } from '../../server/distintivos/readiness.ts';
import { REQUIREMENTS, schemeFor } from '../../server/distintivos/requirements.ts';

const base: SiteFacts = {
  assessment: null, trainings: [], openChildLabourFindings: 0, openChildCases: 0, openFindings: 0, openFindingsWithoutPlan: 0, closedPlans: 0,
};
const status = (r: ReturnType<typeof readinessFor>) => Object.fromEntries(r.requirements.map((x) => [x.requirement.id, x.status]));

describe('distintivos: readiness per requirement (pure)', () => {
  it('applies DEALTI to farms (SCIAN 11) and MEXSTI to other sectors', () => {
    expect(schemeFor('1112')).to.equal('dealti');
    expect(schemeFor('46')).to.equal('mexsti');
    expect(schemeFor(null)).to.equal(null);
    expect(REQUIREMENTS.filter((r) => r.scheme === 'mexsti')).to.have.length(5);
  });

  it('names every gap when nothing is known, and never meets a requirement without evidence', () => {
    const r = readinessFor('dealti', base);
    expect(r.met).to.equal(0);
    const policy = r.requirements.find((x) => x.requirement.id === 'dealti_policy')!;
    expect(policy.checks.map((c) => c.reason)).to.deep.equal(['noAssessment', 'noAssessment', 'noAssessment']);
    expect(r.requirements.find((x) => x.requirement.id === 'dealti_health')!.checks[0].reason).to.equal('external');
  });

  it('meets requirements from answers, documents, verified trainings and remediation, and names what is missing', () => {
    const facts: SiteFacts = {
      ...base,
      assessment: {
        id: 'a1', reviewedAt: '2026-11-02', files: ['policy_document'],
        answers: {
          written_policy: true, hazardous_tasks_identified: true, families_accompany: 'never', children_access_control: true,
          young_worker_schooling: 'some', children_seen_on_site: 'never', age_verification_at_hiring: true, young_worker_hazardous_tasks: false,
        },
      },
      trainings: [{ id: 't1', heldOn: '2026-10-01', topics: ['child_labour_law'], verified: false }],
      openFindings: 1, closedPlans: 2,
    };
    const r = readinessFor('dealti', facts);
    expect(status(r)).to.deep.equal({
      dealti_policy: 'met', dealti_childcare: 'met', dealti_schooling: 'gap', dealti_health: 'gap',
      dealti_no_child_labour: 'met', dealti_training: 'gap', dealti_remediation: 'gap',
    });
    const childcare = r.requirements.find((x) => x.requirement.id === 'dealti_childcare')!;
    expect(childcare.checks[0].status).to.equal('na'); // families never come
    const schooling = r.requirements.find((x) => x.requirement.id === 'dealti_schooling')!;
    expect(schooling.checks.find((c) => c.status === 'gap')).to.include({ reason: 'answer', value: 'some' });
    expect(r.requirements.find((x) => x.requirement.id === 'dealti_training')!.checks[0]).to.include({ reason: 'unverifiedTraining' });
    // The v1 questionnaire does not ask about a remediation procedure: named as not answered.
    expect(r.requirements.find((x) => x.requirement.id === 'dealti_remediation')!.checks.map((c) => c.reason ?? c.status)).to.deep.equal(['met', 'notAnswered']);

    const verified = readinessFor('dealti', { ...facts, trainings: [{ ...facts.trainings[0], verified: true }] });
    expect(status(verified).dealti_training).to.equal('met');
  });

  it('an open child-labour finding or child case is a gap whatever the answers say', () => {
    const answers = { written_policy: true, children_seen_on_site: 'never', age_verification_at_hiring: true, young_worker_hazardous_tasks: 'no' };
    const facts: SiteFacts = { ...base, assessment: { id: 'a', reviewedAt: '2026-01-01', files: ['policy_document'], answers } };
    expect(status(readinessFor('mexsti', facts)).mexsti_policy).to.equal('met');
    const r = readinessFor('mexsti', { ...facts, openChildCases: 1 });
    expect(status(r).mexsti_policy).to.equal('gap');
    expect(r.requirements[0].checks.find((c) => c.status === 'gap')).to.include({ reason: 'childLabour' });
  });
});
