import type { Sex } from './remediation.types.ts';

/** Age groups reported for children found working (CLRISK / INEGI ENTI bands). */
export const AGE_GROUPS = ['5_11', '12_14', '15_17'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export function ageGroup(age: number): AgeGroup {
  return age <= 11 ? '5_11' : age <= 14 ? '12_14' : '15_17';
}

/**
 * Removal from work is split by whether the child has an alternative (school or
 * protection); a good outcome is a closure as in school, protected or permitted work;
 * lost to follow-up is counted on its own, as a failure (docs/casework.md).
 */
export const CHILD_MEASURES = [
  'identified', 'withdrawnWithAlternative', 'withdrawnOnly', 'enrolled', 'goodOutcome', 'lostToFollowUp', 'open', 'closed',
] as const;
export type ChildMeasure = (typeof CHILD_MEASURES)[number];
export type ChildCounts = Record<ChildMeasure, number>;

export const DIMENSIONS = ['sex', 'ageGroup', 'indigenous', 'afroDescendant', 'migrant', 'householdChores'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const GROUPS: Record<Dimension, readonly string[]> = {
  sex: ['female', 'male', 'other', 'undisclosed'] satisfies Sex[],
  ageGroup: AGE_GROUPS,
  // "unknown": not recorded, as without the guardian's consent (LFPDPPP).
  indigenous: ['yes', 'no', 'unknown'],
  migrant: ['yes', 'no', 'unknown'],
  afroDescendant: ['yes', 'no', 'unknown'],
  // INEGI ENTI: household chores in inadequate conditions (girls in camps, CLRISK seed 001).
  householdChores: ['yes', 'no', 'unknown'],
};

/** One grouped row from the database: counts for one combination of the four attributes. */
export interface ChildCaseCell extends ChildCounts {
  sex: Sex;
  age_group: AgeGroup;
  indigenous: boolean | null;
  migrant: boolean | null;
  afro_descendant?: boolean | null;
  household_chores?: boolean | null;
}

export interface ChildIndicatorTable {
  total: ChildCounts;
  groups: { dimension: Dimension; rows: { group: string; counts: ChildCounts }[] }[];
}

const zero = (): ChildCounts => Object.fromEntries(CHILD_MEASURES.map((m) => [m, 0])) as ChildCounts;

function add(into: ChildCounts, from: ChildCounts) {
  for (const m of CHILD_MEASURES) into[m] += from[m];
}

const YES_NO: Record<Exclude<Dimension, 'sex' | 'ageGroup'>, (c: ChildCaseCell) => boolean | null> = {
  indigenous: (c) => c.indigenous, migrant: (c) => c.migrant,
  afroDescendant: (c) => c.afro_descendant ?? null, householdChores: (c) => c.household_chores ?? null,
};

/** Totals and one-way breakdowns (by sex, age group, indigenous, migrant) of the grouped counts. */
export function aggregateChildCases(cells: ChildCaseCell[]): ChildIndicatorTable {
  const total = zero();
  const groups = DIMENSIONS.map((dimension) => ({
    dimension,
    rows: GROUPS[dimension].map((group) => ({ group, counts: zero() })),
  }));
  const yesNo = (v: boolean | null) => (v === null ? 'unknown' : v ? 'yes' : 'no');
  const keyOf = (cell: ChildCaseCell, d: Dimension): string =>
    d === 'sex' ? cell.sex : d === 'ageGroup' ? cell.age_group : yesNo(YES_NO[d](cell));
  for (const cell of cells) {
    add(total, cell);
    for (const g of groups) add(g.rows.find((r) => r.group === keyOf(cell, g.dimension))!.counts, cell);
  }
  return { total, groups };
}

/** A shown count, or null when hidden to protect the children behind it. */
export type ShownCounts = Record<ChildMeasure, number | null>;

export interface ShownIndicatorTable {
  total: ShownCounts;
  groups: { dimension: Dimension; rows: { group: string; counts: ShownCounts }[] }[];
  suppressedCells: number;
}

export const MIN_CELL = 3;

/**
 * Small-cell suppression, so aggregated indicators cannot point at a child: any count of
 * 1 or 2 is hidden (0 is shown: it identifies no one). Then, so that a hidden count
 * cannot be worked back from the total and the cells shown, (a) in each breakdown column
 * whose total is shown, while one cell alone is hidden, or the hidden cells add up to
 * exactly their number (all would be 1), the smallest other non-zero cell is hidden
 * too; (b) open + closed = identified, so hiding one of them hides the other.
 * Repeated until stable. One marker for every hidden cell, so nobody can tell which
 * ones are small.
 */
export function suppressSmallCells(table: ChildIndicatorTable, min = MIN_CELL): ShownIndicatorTable {
  const rows = [{ counts: table.total }, ...table.groups.flatMap((g) => g.rows)];
  const hidden = new Set<string>();
  const id = (rowIndex: number, m: ChildMeasure) => `${rowIndex}:${m}`;
  rows.forEach((r, i) => {
    for (const m of CHILD_MEASURES) if (r.counts[m] > 0 && r.counts[m] < min) hidden.add(id(i, m));
  });

  const groupRanges: number[][] = [];
  let offset = 1;
  for (const g of table.groups) {
    groupRanges.push(g.rows.map((_, j) => offset + j));
    offset += g.rows.length;
  }

  let changed = true;
  while (changed) {
    changed = false;
    for (const range of groupRanges) {
      for (const m of CHILD_MEASURES) {
        const hiddenHere = range.filter((i) => hidden.has(id(i, m)));
        const hiddenSum = hiddenHere.reduce((sum, i) => sum + rows[i].counts[m], 0);
        const derivable = hiddenHere.length === 1 || (hiddenHere.length > 1 && hiddenSum === hiddenHere.length);
        if (!derivable || hidden.has(id(0, m))) continue;
        const candidates = range.filter((i) => !hidden.has(id(i, m)) && rows[i].counts[m] > 0);
        if (candidates.length === 0) continue;
        const smallest = candidates.reduce((a, b) => (rows[b].counts[m] < rows[a].counts[m] ? b : a));
        hidden.add(id(smallest, m));
        changed = true;
      }
    }
    rows.forEach((_, i) => {
      const open = hidden.has(id(i, 'open'));
      const closed = hidden.has(id(i, 'closed'));
      if (open !== closed) {
        hidden.add(id(i, open ? 'closed' : 'open'));
        changed = true;
      }
    });
  }

  const shown = (i: number, counts: ChildCounts): ShownCounts =>
    Object.fromEntries(CHILD_MEASURES.map((m) => [m, hidden.has(id(i, m)) ? null : counts[m]])) as ShownCounts;
  let index = 1;
  return {
    total: shown(0, table.total),
    groups: table.groups.map((g) => ({ dimension: g.dimension, rows: g.rows.map((r) => ({ group: r.group, counts: shown(index++, r.counts) })) })),
    suppressedCells: hidden.size,
  };
}

/** The same table with nothing hidden (for roles that may see the cases themselves). */
export function unsuppressed(table: ChildIndicatorTable): ShownIndicatorTable {
  return { ...table, suppressedCells: 0 };
}

/** done/verified by the due date ÷ actions that are due (or already finished); null with nothing due. */
export function onTimeRate(onTime: number, counted: number): number | null {
  return counted === 0 ? null : onTime / counted;
}
