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

/**
 * How far an analyst checked the controls (docs/scoring.md, "Evidence levels"): the
 * supplier's word, documents seen, or a visit with worker interviews.
 */
export type EvidenceLevel = 'declared' | 'documents_reviewed' | 'verified_on_site';

/**
 * The conditions under which adolescents, seasonal and migrant workers are at risk, read
 * from the questionnaire answers. null = not answered, "don't know" or not asked: unknown.
 */
export interface WorkforceConditions {
  /** 'full' = every young-worker protection asked about is in place (register, certificate, hours, schooling, no hazardous tasks). */
  adolescentProtections: 'full' | 'missing' | 'unknown';
  familiesWithoutChildcare: boolean | null;
  campHousing: boolean | null;
  contractors: boolean | null;
  pieceRate: boolean | null;
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
  /** Absent = 'declared' (assessments reviewed before evidence levels were recorded). */
  evidenceLevel?: EvidenceLevel;
  /** Whole months from the evidence (on-site visit, else review) to the scoring run; credit decays after 12. */
  ageMonths?: number;
  /** The on-site verification took place during the harvest season (and within the last 12 months). */
  harvestVerified?: boolean;
  conditions?: WorkforceConditions | null;
}

/** An open finding or child case at the site: only ids and classes, never a child's data. */
export interface OpenFinding {
  id: string;
  category: string;
  severity: string;
}
export interface OpenChildCase {
  id: string;
  situation: string;
}
export interface EvidenceInput {
  findings: readonly OpenFinding[];
  cases: readonly OpenChildCase[];
}

export interface SiteScoreInput {
  territorial: TerritorialInput | null;
  sector: SectorInput;
  workforce: WorkforceInput;
  assessment: AssessmentInput | null;
  /** Site activities (ids of SITE_ACTIVITIES); hazardous ones raise the sector component. */
  activities?: readonly string[];
  /** Open findings and child cases: evidence outranks declarations. */
  evidence?: EvidenceInput | null;
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
  | 'hazardousActivity'
  | 'assessmentStale'
  | 'openFindings'
  | 'openChildCase'
  | 'evidenceFloor'
  | 'harvestNotVerified'
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
    | 'activity'
    | 'evidence'
    | 'harvest'
    | WorkforceFactor
    | 'indigenous'
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
