import type { ScoringWeights, WorkforceFactor } from './weights.ts';

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';
export type RedFlagSeverity = 'critical' | 'high';

export interface TerritorialInput {
  /** The dataset's own level label (e.g. 'high'); shown as is. */
  level: string;
  /** 0..1, from the dataset's explicit level-to-score mapping. */
  levelScore: number;
  /** CLRISK index when the dataset has one; shown, not scored (its scale is not published). */
  index?: number | null;
  datasetId: string;
  datasetVersion: string;
  /** For the explanation text, e.g. "CLRISK demo". */
  datasetName?: string;
  territoryCode?: string;
  territoryName?: string;
  isDemo: boolean;
  /** 'state' when the municipality is unknown and the state's value stands in. */
  fallback: 'state' | null;
}

export interface SectorInput {
  /** SCIAN code of any length; its first two digits pick the sector. */
  scianCode: string | null;
  /** Commodity ids; those on the DOL list for Mexico raise the sector component. */
  commodities: readonly string[];
}

/** Head counts at the site; null = not reported. */
export interface WorkforceInput {
  total: number | null;
  adolescents15to17: number | null;
  seasonal: number | null;
  migrant: number | null;
  indigenous: number | null;
  familyLabour: number | null;
  subcontracted: number | null;
  women: number | null;
}

export interface RedFlag {
  code: string;
  severity: RedFlagSeverity;
}

export interface AssessmentInput {
  assessmentId: string;
  /** ISO date of the analyst's review; null = submitted but not reviewed yet. */
  reviewedAt: string | null;
  /** 0..1: share of the control points earned. */
  controlsScore: number;
  redFlags: readonly RedFlag[];
}

export interface SiteScoreInput {
  territorial: TerritorialInput | null;
  sector: SectorInput;
  workforce: WorkforceInput;
  assessment: AssessmentInput | null;
}

export type ScoreFlag =
  | 'demoDataset'
  | 'territoryStateFallback'
  | 'territoryUnknown'
  | 'sectorUnknown'
  | 'dolCommodity'
  | 'dolForcedLabourCommodity'
  | 'workforceUnknown'
  | 'workforceIncomplete'
  | 'noEvidenceOfControls'
  | 'assessmentNotReviewed'
  | 'redFlags'
  | 'redFlagFloor'
  | 'siteSizeUnknown';

export type ExplanationParams = Record<string, string | number | boolean | null>;

/**
 * One line of "why": contribution = value × weight (points added to the parent; for
 * controls, points removed). Render with renderExplanation() (explanation.ts), which
 * adds value, weight and contribution to the params; they are not copied into
 * `params` here because that doubles the cost of bulk re-scoring.
 */
export interface ExplanationComponent {
  component:
    | 'territorial'
    | 'sector'
    | 'workforce'
    | 'controls'
    | 'redFlags'
    | 'sectorBase'
    | 'dolCommodity'
    | WorkforceFactor
    | 'women'
    | 'worstSite'
    | 'workforceWeighted';
  value: number;
  weight: number;
  contribution: number;
  reasonKey: string;
  params: ExplanationParams;
  details?: ExplanationComponent[];
}

/** What a stored score was computed from, so history can be re-read and re-run. */
export interface ScoreInputs {
  engineVersion: string;
  sectorTableVersion: string;
  datasetId: string | null;
  datasetVersion: string | null;
  isDemo: boolean;
  territoryFallback: 'state' | null;
  assessmentId: string | null;
  assessmentReviewedAt: string | null;
  /** The (frozen, shared) weights object used. */
  weights: ScoringWeights;
}

export interface SiteScore {
  /** Components, 0..100. */
  territorial: number;
  sector: number;
  workforce: number;
  inherent: number;
  residual: number;
  inherentLevel: RiskLevel;
  level: RiskLevel;
  flags: ScoreFlag[];
  explanation: ExplanationComponent[];
  inputs: ScoreInputs;
}

export interface SupplierScore {
  /** The worst site's level. */
  level: RiskLevel;
  siteCount: number;
  worstSiteIndex: number;
  worstResidual: number;
  worstInherent: number;
  weightedResidual: number;
  weightedInherent: number;
  weightedLevel: RiskLevel;
  /** Every flag raised by any site, plus siteSizeUnknown. */
  flags: ScoreFlag[];
  explanation: ExplanationComponent[];
}
