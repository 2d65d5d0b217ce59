import { expect } from 'chai';
import { scoreSiteWithTraining, trainingCredit, type TrainingInput } from '../../server/scoring/training-credit.ts';
import { DEFAULT_WEIGHTS } from '../../server/scoring/weights.ts';
import type { AssessmentInput, SiteScoreInput } from '../../server/scoring/types.ts';

const assessment: AssessmentInput = { assessmentId: 'a1', reviewedAt: '2026-06-01', controlsScore: 0.5, redFlags: [] };
const training = (over: Partial<TrainingInput> = {}): TrainingInput => ({
  sessionId: 's1', heldOn: '2026-09-10', verifiedAt: '2026-09-12', supervisors: 6, ageMonths: 2,
  control: { earned: 0, max: 2, totalMax: 14 }, ...over,
});

describe('training: a verified supervisor training as evidence for the training control', () => {
  it('earns the control its full points at the documents-reviewed level', () => {
    const c = trainingCredit(assessment, training())!;
    // 7 of 14 points + 2 training points = 9 of 14.
    expect(c.controlsScore).to.be.closeTo(9 / 14, 1e-9);
    expect(c.detail).to.include({ component: 'controls', reasonKey: 'training.reason.credited', value: 2 });
    expect(c.detail.params).to.include({ level: 'documents_reviewed', credited: 2, earned: 0, pointsAdded: 14.29 });
  });

  it('adds nothing when the assessment already earns the control, or the session is over 12 months old', () => {
    expect(trainingCredit(assessment, training({ control: { earned: 2, max: 2, totalMax: 14 } }))).to.deep.include({ controlsScore: 0.5 });
    const stale = trainingCredit(assessment, training({ ageMonths: 13 }))!;
    expect(stale.controlsScore).to.equal(0.5);
    expect(stale.detail.reasonKey).to.equal('training.reason.stale');
  });

  it('gives no credit without an assessment or without a training control in it', () => {
    expect(trainingCredit(null, training())).to.equal(null);
    expect(trainingCredit(assessment, training({ control: null }))).to.equal(null);
  });

  it('lowers the residual score and explains why under the controls line', () => {
    const input: SiteScoreInput = {
      territorial: { level: 'high', levelScore: 0.9, datasetId: 'd', datasetVersion: '1', isDemo: true, fallback: null },
      sector: { scianCode: '111', commodities: [] },
      workforce: { total: 100, adolescents15to17: 0, seasonal: 0, migrant: 0, indigenous: 0, familyLabour: 0, subcontracted: 0, women: 50 },
      assessment,
    };
    const without = scoreSiteWithTraining(input, null, DEFAULT_WEIGHTS);
    const withTraining = scoreSiteWithTraining(input, training(), DEFAULT_WEIGHTS);
    expect(withTraining.residual).to.be.below(without.residual);
    const controls = withTraining.explanation.find((l) => l.component === 'controls')!;
    expect(controls.value).to.equal(64.29);
    expect(controls.details?.[0].reasonKey).to.equal('training.reason.credited');
    expect(without.explanation.find((l) => l.component === 'controls')!.details).to.equal(undefined);
  });
});
