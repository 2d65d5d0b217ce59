import type { AssessmentInput, EvidenceInput, EvidenceLevel, OpenChildCase, OpenFinding } from './types.ts';

/**
 * How much credit controls can earn, and what evidence keeps a floor under the residual
 * risk. Rationale and sources in docs/scoring.md ("Evidence levels", "Evidence outranks
 * declarations"). Fixed for every tenant: an auditor must read the same rule everywhere.
 */

/**
 * Largest share of the inherent risk that controls can remove at each evidence level
 * (the tenant's `controlsReduction` still applies when lower). The ILO–IOE tool warns that
 * self-assessments and audits alone miss child labour; only worker interviews on site come near.
 */
export const EVIDENCE_CAPS: Readonly<Record<EvidenceLevel, number>> = Object.freeze({
  declared: 0.3,
  documents_reviewed: 0.5,
  verified_on_site: 0.7,
});
export const EVIDENCE_LEVELS = Object.keys(EVIDENCE_CAPS) as EvidenceLevel[];

/** Full credit for 12 months (LkSG §5: a risk analysis at least yearly), then linear to none at 24. */
export const CREDIT_FULL_MONTHS = 12;
export const CREDIT_ZERO_MONTHS = 24;

export function creditFactor(ageMonths: number): number {
  if (ageMonths <= CREDIT_FULL_MONTHS) return 1;
  if (ageMonths >= CREDIT_ZERO_MONTHS) return 0;
  return (CREDIT_ZERO_MONTHS - ageMonths) / (CREDIT_ZERO_MONTHS - CREDIT_FULL_MONTHS);
}

/** Whole months between two ISO dates (YYYY-MM-DD…), never negative. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = [Number(from.slice(0, 4)), Number(from.slice(5, 7)), Number(from.slice(8, 10))];
  const [ty, tm, td] = [Number(to.slice(0, 4)), Number(to.slice(5, 7)), Number(to.slice(8, 10))];
  const months = (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
  return months > 0 ? months : 0;
}

/** Finding categories that mean a child is working below 15 or a minor in hazardous work. */
export const CHILD_LABOUR_CATEGORIES: ReadonlySet<string> = new Set(['child_labour_under_15', 'hazardous_under_18']);
/** Case situations that mean the same; other open cases (no protections, at risk) set the high floor. */
export const CHILD_LABOUR_SITUATIONS: ReadonlySet<string> = new Set(['under_minimum_age', 'hazardous_work']);

export interface EvidenceFloor {
  severity: 'critical' | 'high';
  /** What the explanation names: the first item that sets the floor and how many there are. */
  first: { kind: 'finding'; item: OpenFinding } | { kind: 'case'; item: OpenChildCase };
  findings: number;
  cases: number;
}

/**
 * The floor open findings and cases set: critical for a child under 15 working or a minor
 * in hazardous work (finding or case), high for any other open high or critical finding
 * or open case. Null when nothing open sets a floor.
 */
export function evidenceFloor(e: EvidenceInput | null | undefined): EvidenceFloor | null {
  if (!e) return null;
  let best: EvidenceFloor['first'] | null = null;
  let critical = false;
  let findings = 0;
  let cases = 0;
  for (const f of e.findings) {
    const isCritical = CHILD_LABOUR_CATEGORIES.has(f.category);
    if (!isCritical && f.severity !== 'critical' && f.severity !== 'high') continue;
    findings++;
    if (!best || (isCritical && !critical)) best = { kind: 'finding', item: f };
    if (isCritical) critical = true;
  }
  for (const c of e.cases) {
    const isCritical = CHILD_LABOUR_SITUATIONS.has(c.situation);
    cases++;
    if (!best || (isCritical && !critical)) best = { kind: 'case', item: c };
    if (isCritical) critical = true;
  }
  if (!best) return null;
  return { severity: critical ? 'critical' : 'high', first: best, findings, cases };
}

/** Harvest sites in territories this high (0..100) need an on-site check in the last harvest. */
export const HARVEST_TERRITORY_MIN = 60;

/** The evidence that lifts the harvest floor: on site, during the harvest, within the last 12 months. */
export function harvestVerified(a: AssessmentInput | null): boolean {
  return !!a && a.evidenceLevel === 'verified_on_site' && a.harvestVerified === true && (a.ageMonths ?? 0) < CREDIT_FULL_MONTHS;
}
