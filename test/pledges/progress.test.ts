import { expect } from 'chai';
import { pledgeProgress, sumActuals, type PledgeTarget } from '../../server/pledges/pledge.progress.ts';

const targets: PledgeTarget[] = [
  { id: 'e', measure: 'enterprises', target: 15, startsOn: '2026-01-01', deadline: '2027-01-01' },
  { id: 'w', measure: 'work_units', target: 40, startsOn: '2026-01-01', deadline: '2027-01-01' },
  { id: 'c', measure: 'children_reached', target: 1800, startsOn: '2026-01-01', deadline: '2027-01-01' },
  { id: 'p', measure: 'people_trained', target: 100, startsOn: '2025-01-01', deadline: '2025-12-31' },
];

describe('pledges: progress against targets (pure)', () => {
  it('sums the clients\' counts per measure; people trained adds the consultancy\'s own sessions', () => {
    const a = { e: { engaged: true, workUnits: 0, childrenReached: 0, peopleTrained: 0 }, w: { engaged: true, workUnits: 12, childrenReached: 0, peopleTrained: 0 },
      c: { engaged: true, workUnits: 0, childrenReached: 900, peopleTrained: 0 }, p: { engaged: true, workUnits: 0, childrenReached: 0, peopleTrained: 30 } };
    const b = { e: { engaged: false, workUnits: 0, childrenReached: 0, peopleTrained: 0 }, w: { engaged: false, workUnits: 9, childrenReached: 0, peopleTrained: 0 },
      c: { engaged: false, workUnits: 0, childrenReached: 1, peopleTrained: 0 }, p: { engaged: false, workUnits: 0, childrenReached: 0, peopleTrained: 50 } };
    expect(sumActuals(targets, [a, b], { p: 25 })).to.deep.equal({
      enterprises: { e: 1 }, work_units: { w: 21 }, children_reached: { c: 901 }, people_trained: { p: 105 },
    });
  });

  it('is on track when the share achieved keeps up with the share of the period elapsed', () => {
    const rows = pledgeProgress(targets, { enterprises: { e: 8 }, work_units: { w: 10 }, children_reached: { c: 1800 }, people_trained: { p: 99 } }, '2026-07-02');
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    // 1 July is half the year: 8/15 = 53 % ≥ 50 % elapsed; 10/40 = 25 % < 50 %.
    expect(by.e).to.include({ actual: 8, status: 'onTrack', daysLeft: 183 });
    expect(by.e.elapsed).to.be.closeTo(0.5, 0.01);
    expect(by.w).to.include({ status: 'behind' });
    expect(by.c).to.include({ status: 'met', ratio: 1 });
    expect(by.p).to.include({ status: 'missed', daysLeft: 0 });
  });

  it('counts zero for a measure with no data', () => {
    const [row] = pledgeProgress([targets[0]], { enterprises: {}, work_units: {}, children_reached: {}, people_trained: {} }, '2026-01-01');
    expect(row).to.include({ actual: 0, ratio: 0, elapsed: 0, status: 'onTrack' });
  });
});
