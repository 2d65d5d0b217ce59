/**
 * Training coverage (docs/training.md): of the sites whose current residual level is high
 * or critical, the share with a training session held at the site (or for its whole
 * supplier) in the last 12 months. Pure: the caller reads levels and sessions.
 */

export interface CoverageSite {
  siteId: string;
  supplierId: string;
  level: string | null;
}

export interface CoverageSession {
  supplierId: string | null;
  siteId: string | null;
  heldOn: string;
  verified: boolean;
}

export interface Coverage {
  highRiskSites: number;
  trained: number;
  trainedVerified: number;
  /** trained ÷ highRiskSites, 0..1; null when no site is high or critical. */
  share: number | null;
  shareVerified: number | null;
  /** The window's first day, YYYY-MM-DD. */
  since: string;
}

export const HIGH_RISK_LEVELS: ReadonlySet<string> = new Set(['high', 'critical']);
export const COVERAGE_MONTHS = 12;

/** The same calendar day 12 months before `today` (29 Feb → 28 Feb or 1 Mar as Date rolls). */
export function windowStart(today: string, months = COVERAGE_MONTHS): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

export function trainingCoverage(sites: readonly CoverageSite[], sessions: readonly CoverageSession[], today: string): Coverage {
  const since = windowStart(today);
  const recent = sessions.filter((s) => s.heldOn >= since && s.heldOn <= today && s.supplierId !== null);
  let highRiskSites = 0;
  let trained = 0;
  let trainedVerified = 0;
  for (const site of sites) {
    if (!site.level || !HIGH_RISK_LEVELS.has(site.level)) continue;
    highRiskSites++;
    const covering = recent.filter((s) => s.supplierId === site.supplierId && (s.siteId === null || s.siteId === site.siteId));
    if (covering.length > 0) trained++;
    if (covering.some((s) => s.verified)) trainedVerified++;
  }
  const ratio = (n: number) => (highRiskSites === 0 ? null : n / highRiskSites);
  return { highRiskSites, trained, trainedVerified, share: ratio(trained), shareVerified: ratio(trainedVerified), since };
}
