import { expect } from 'chai';
import { aggregateChildCases, ageGroup, suppressSmallCells, type ChildCaseCell } from '../../server/remediation/indicators.ts';

const cell = (c: Partial<ChildCaseCell>): ChildCaseCell => ({
  sex: 'female', age_group: '12_14', indigenous: false, migrant: false, identified: 0, withdrawnWithAlternative: 0, withdrawnOnly: 0, enrolled: 0, goodOutcome: 0, lostToFollowUp: 0, open: 0, closed: 0, ...c,
});

describe('remediation: indicator arithmetic', () => {
  it('puts ages in the 5–11, 12–14 and 15–17 groups', () => {
    expect([5, 11, 12, 14, 15, 17].map(ageGroup)).to.deep.equal(['5_11', '5_11', '12_14', '12_14', '15_17', '15_17']);
  });

  it('adds grouped cells up into totals and one-way breakdowns', () => {
    const table = aggregateChildCases([
      cell({ sex: 'female', age_group: '12_14', indigenous: true, migrant: false, identified: 3, withdrawnOnly: 2, enrolled: 1, open: 2, closed: 1 }),
      cell({ sex: 'male', age_group: '15_17', indigenous: true, migrant: true, identified: 4, withdrawnOnly: 4, enrolled: 0, open: 1, closed: 3 }),
      cell({ sex: 'male', age_group: '5_11', indigenous: false, migrant: true, identified: 2, withdrawnOnly: 0, enrolled: 2, open: 2, closed: 0 }),
    ]);
    expect(table.total).to.deep.equal({ identified: 9, withdrawnWithAlternative: 0, withdrawnOnly: 6, enrolled: 3, goodOutcome: 0, lostToFollowUp: 0, open: 5, closed: 4 });
    const row = (d: string, g: string) => table.groups.find((x) => x.dimension === d)!.rows.find((r) => r.group === g)!.counts;
    expect(row('sex', 'female').identified).to.equal(3);
    expect(row('sex', 'male')).to.deep.equal({ identified: 6, withdrawnWithAlternative: 0, withdrawnOnly: 4, enrolled: 2, goodOutcome: 0, lostToFollowUp: 0, open: 3, closed: 3 });
    expect(row('sex', 'other').identified).to.equal(0);
    expect(row('ageGroup', '5_11').identified).to.equal(2);
    expect(row('ageGroup', '15_17').closed).to.equal(3);
    expect(row('indigenous', 'yes').identified).to.equal(7);
    expect(row('indigenous', 'no').identified).to.equal(2);
    expect(row('migrant', 'yes').withdrawnOnly).to.equal(4);
    expect(row('migrant', 'unknown').identified).to.equal(0);
    expect(row('migrant', 'no').enrolled).to.equal(1);
  });

  it('hides counts of 1–2, and a second cell when the hidden one could be worked out from the total', () => {
    // Identified by sex: female 5, male 1 (total 6). Hiding only "male 1" would leave 6 − 5 = 1.
    const table = aggregateChildCases([
      cell({ sex: 'female', age_group: '12_14', identified: 5, withdrawnOnly: 0, enrolled: 0, open: 5, closed: 0 }),
      cell({ sex: 'male', age_group: '12_14', identified: 1, withdrawnOnly: 0, enrolled: 0, open: 1, closed: 0 }),
    ]);
    const shown = suppressSmallCells(table);
    const sex = shown.groups.find((g) => g.dimension === 'sex')!.rows;
    expect(shown.total.identified).to.equal(6);
    expect(sex.find((r) => r.group === 'male')!.counts.identified).to.equal(null);
    expect(sex.find((r) => r.group === 'female')!.counts.identified).to.equal(null);
    expect(sex.find((r) => r.group === 'other')!.counts.identified).to.equal(0);
    // All six are 12–14 and none indigenous: those cells equal the total and stay visible.
    expect(shown.groups.find((g) => g.dimension === 'ageGroup')!.rows.find((r) => r.group === '12_14')!.counts.identified).to.equal(6);
    // male: open 1 hidden → its closed (0) hidden too, since open + closed = identified.
    expect(sex.find((r) => r.group === 'male')!.counts.closed).to.equal(null);
  });

  it('hides a small total and leaves zeros and large cells alone', () => {
    const shown = suppressSmallCells(aggregateChildCases([cell({ sex: 'female', identified: 2, open: 2 })]));
    expect(shown.total.identified).to.equal(null);
    expect(shown.total.withdrawnOnly).to.equal(0);
    const big = suppressSmallCells(aggregateChildCases([cell({ sex: 'female', identified: 4, open: 4 }), cell({ sex: 'male', identified: 3, open: 3 })]));
    expect(big.suppressedCells).to.equal(0);
  });

  it('also hides when two hidden cells would both have to be 1', () => {
    // Ages: 5–11: 1, 12–14: 1, 15–17: 4 → total 6; the two small cells sum to 2 = their count.
    const table = aggregateChildCases([
      cell({ age_group: '5_11', identified: 1, open: 1 }),
      cell({ age_group: '12_14', identified: 1, open: 1 }),
      cell({ age_group: '15_17', identified: 4, open: 4 }),
    ]);
    const ages = suppressSmallCells(table).groups.find((g) => g.dimension === 'ageGroup')!.rows;
    expect(ages.map((r) => r.counts.identified)).to.deep.equal([null, null, null]);
  });
});
