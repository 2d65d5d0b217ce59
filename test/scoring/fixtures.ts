import type { AssessmentInput, SiteScoreInput, TerritorialInput, WorkforceInput } from '../../server/scoring/types.ts';

/** Small builders for the worked examples; every example spells out what it changes. */

export const chiapasHighDemo: TerritorialInput = {
  level: 'alto',
  levelScore: 0.9,
  index: null,
  datasetId: 'clrisk-demo',
  datasetVersion: '1',
  datasetName: 'CLRISK demo',
  territoryCode: '07089',
  territoryName: 'Tapachula, Chiapas',
  isDemo: true,
  fallback: null,
};

export const noWorkers: WorkforceInput = {
  total: 0,
  adolescents15to17: 0,
  seasonal: 0,
  migrant: 0,
  indigenous: 0,
  familyLabour: 0,
  subcontracted: 0,
  women: 0,
};

/** 100 people: 80 seasonal, 60 migrant, 20 indigenous, 30 women, nothing else. */
export const seasonalMigrantWorkforce: WorkforceInput = {
  total: 100,
  adolescents15to17: 0,
  seasonal: 80,
  migrant: 60,
  indigenous: 20,
  familyLabour: 0,
  subcontracted: 0,
  women: 30,
};

/** Example 1: high-risk municipality, crop farming, seasonal migrant workforce, no assessment. */
export const farmInChiapas: SiteScoreInput = {
  territorial: chiapasHighDemo,
  sector: { scianCode: '111', commodities: [] },
  workforce: seasonalMigrantWorkforce,
  assessment: null,
};

export function assessment(controlsScore: number, extra: Partial<AssessmentInput> = {}): AssessmentInput {
  return { assessmentId: 'assessment-1', reviewedAt: '2025-05-02', controlsScore, redFlags: [], ...extra };
}

export function withAssessment(site: SiteScoreInput, a: AssessmentInput | null): SiteScoreInput {
  return { ...site, assessment: a };
}
