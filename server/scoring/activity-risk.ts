/**
 * Site activities that carry child-labour risk of their own, beyond the supplier's sector
 * (docs/scoring.md, "Activities"). A brick kiln and a home-based garment workshop are
 * both "manufacturing" by SCIAN; what is done at the site is what puts children at risk.
 * The worst listed activity of a site closes a share of the sector value's remaining gap
 * to 100, after the DOL uplift, so the sector value never exceeds 100.
 * Labels live in the i18n files under `scoring.activities.<id>` and `scoring.activitySources.<source>`.
 */

export const ACTIVITY_TABLE_VERSION = 'mx-activity-2026.1';

/**
 * - lft176: Ley Federal del Trabajo art. 176 lists it among hazardous or unhealthy work
 *   for under-18s (summary in clrisk-sources.md §4.1; the full text is not transcribed) [S61][S62];
 * - dol: the good it produces is on the US DOL list for Mexico (cattle) or, for bricks,
 *   for several Latin American countries [S50];
 * - enti: agriculture is the largest sector of non-permitted child work in Mexico (33 %,
 *   ENTI 2022) and harvest is when school dropout peaks [S19][S37];
 * - homework: home-based piece work is outside any workplace inspection and paid by the
 *   piece, the way children end up working beside their parents (clrisk.md, questionnaire topics).
 */
export type ActivitySource = 'lft176' | 'dol' | 'enti' | 'homework';

export interface ActivityRisk {
  id: string;
  /** Share of the remaining headroom (100 − sector value) the activity closes. */
  uplift: number;
  sources: readonly ActivitySource[];
}

// Half the headroom for activities the law itself names hazardous for minors (or that hide
// children from any inspection); a quarter where the risk comes from the good or the season.
const DEFS: readonly ActivityRisk[] = [
  { id: 'brick_making', uplift: 0.5, sources: ['lft176', 'dol'] },
  { id: 'mining', uplift: 0.5, sources: ['lft176'] },
  { id: 'construction', uplift: 0.5, sources: ['lft176'] },
  { id: 'home_based_work', uplift: 0.5, sources: ['homework'] },
  { id: 'harvest', uplift: 0.5, sources: ['lft176', 'enti'] },
  { id: 'livestock', uplift: 0.25, sources: ['dol'] },
  { id: 'fishing', uplift: 0.25, sources: ['lft176'] },
];

export const ACTIVITY_RISK: ReadonlyMap<string, ActivityRisk> = new Map(DEFS.map((d) => [d.id, Object.freeze(d)]));

/** The riskiest listed activity of a site (first in table order on a tie), or undefined. */
export function worstActivity(activities: readonly string[] | undefined): ActivityRisk | undefined {
  if (!activities || activities.length === 0) return undefined;
  let worst: ActivityRisk | undefined;
  for (const a of activities) {
    const r = ACTIVITY_RISK.get(a);
    if (r && (!worst || r.uplift > worst.uplift)) worst = r;
  }
  return worst;
}
