import { expect } from 'chai';
import { batchPlan } from '../../server/scores/rescore.batches.ts';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('scores: how a re-scoring run is cut into batches', () => {
  it('starts and ends a large run with smaller batches, and never exceeds the batch size', () => {
    const plan = batchPlan(100_000, 20_000);
    expect(sum(plan)).to.equal(100_000);
    expect(plan.slice(0, 3)).to.deep.equal([2500, 5000, 10_000]);
    expect(plan.slice(-3)).to.deep.equal([10_000, 5000, 2500]);
    expect(Math.max(...plan)).to.be.at.most(20_000);
    // The middle is cut evenly.
    const middle = plan.slice(3, -3);
    expect(Math.max(...middle) - Math.min(...middle)).to.be.at.most(1);
  });

  it('cuts a run of few batches evenly, covering every supplier once', () => {
    expect(batchPlan(50_000, 20_000)).to.deep.equal([16_667, 16_667, 16_666]);
    expect(batchPlan(20_000, 20_000)).to.deep.equal([20_000]);
    expect(batchPlan(7, 1)).to.deep.equal([1, 1, 1, 1, 1, 1, 1]);
    for (const [total, max] of [[1, 20_000], [99_999, 20_000], [123_457, 1000], [80_000, 20_000], [5, 2], [4, 1], [9, 2], [40, 10]]) {
      const plan = batchPlan(total, max);
      expect(sum(plan), `${total}/${max}`).to.equal(total);
      expect(plan.every((n) => n >= 1 && n <= max), `${total}/${max}: ${plan}`).to.equal(true);
    }
  });

  it('has one empty batch for no suppliers (it still retires the scores of requested ones that are gone)', () => {
    expect(batchPlan(0, 20_000)).to.deep.equal([0]);
    expect(() => batchPlan(10, 0)).to.throw(RangeError);
  });
});
