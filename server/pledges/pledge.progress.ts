/**
 * A consultancy's progress against its pledge (docs/pledges.md defines each measure).
 * Pure: the service reads the counts from the clients' data.
 */

export const PLEDGE_MEASURES = ['enterprises', 'work_units', 'children_reached', 'people_trained'] as const;
export type PledgeMeasure = (typeof PLEDGE_MEASURES)[number];

export interface PledgeTarget {
  id: string;
  measure: PledgeMeasure;
  target: number;
  startsOn: string;
  deadline: string;
}

export type PledgeStatus = 'met' | 'onTrack' | 'behind' | 'missed';

export interface PledgeProgressRow extends PledgeTarget {
  actual: number;
  /** actual ÷ target, 0..∞ (over 1 when exceeded). */
  ratio: number;
  /** Share of the period elapsed on `today`, 0..1. */
  elapsed: number;
  status: PledgeStatus;
  daysLeft: number;
}

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/**
 * Met when the count reaches the target; past the deadline without it, missed; before it,
 * on track when the share achieved is at least the share of the period elapsed (a straight
 * line from the start to the deadline), behind otherwise.
 */
export function pledgeProgress(targets: readonly PledgeTarget[], actuals: Readonly<Record<PledgeMeasure, Record<string, number>>>, today: string): PledgeProgressRow[] {
  return targets.map((t) => {
    const actual = actuals[t.measure]?.[t.id] ?? 0;
    const ratio = actual / t.target;
    const span = Math.max(1, day(t.deadline) - day(t.startsOn));
    const elapsed = Math.min(1, Math.max(0, (day(today) - day(t.startsOn)) / span));
    const daysLeft = Math.max(0, Math.round((day(t.deadline) - day(today)) / DAY));
    const status: PledgeStatus = actual >= t.target ? 'met' : today > t.deadline ? 'missed' : ratio >= elapsed ? 'onTrack' : 'behind';
    return { ...t, actual, ratio, elapsed, status, daysLeft };
  });
}

/** The counts one client contributes over a target's period (docs/pledges.md). */
export interface ClientCounts {
  /** The engagement was active on some day of the period. */
  engaged: boolean;
  workUnits: number;
  childrenReached: number;
  peopleTrained: number;
}

/** Sums the clients' counts per target; `own` = people trained in sessions the consultancy recorded itself. */
export function sumActuals(
  targets: readonly PledgeTarget[],
  perClient: readonly Record<string, ClientCounts>[],
  ownTrained: Record<string, number>,
): Record<PledgeMeasure, Record<string, number>> {
  const out: Record<PledgeMeasure, Record<string, number>> = { enterprises: {}, work_units: {}, children_reached: {}, people_trained: {} };
  for (const t of targets) {
    let n = 0;
    for (const client of perClient) {
      const c = client[t.id];
      if (!c) continue;
      if (t.measure === 'enterprises') n += c.engaged ? 1 : 0;
      else if (t.measure === 'work_units') n += c.workUnits;
      else if (t.measure === 'children_reached') n += c.childrenReached;
      else n += c.peopleTrained;
    }
    if (t.measure === 'people_trained') n += ownTrained[t.id] ?? 0;
    out[t.measure][t.id] = n;
  }
  return out;
}
