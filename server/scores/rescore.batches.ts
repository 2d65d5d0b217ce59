/**
 * How a re-scoring run cuts its suppliers into batches. A batch is written while the next one
 * is read and computed (rescore.ts), so the database waits while the first batch is computed
 * and Node waits while the last one is written. At 20,000 suppliers a batch that was 1.7 s at
 * each end of a 100,000-supplier run, with one of the two cores idle. Runs of several full
 * batches therefore start and end with smaller ones (an eighth, a quarter, a half), so both
 * ends cost a fraction of that; the rest is cut into equal batches of at most `max`.
 */
export function batchPlan(total: number, max: number): number[] {
  if (total <= 0) return [0];
  if (max < 1) throw new RangeError(`batch size must be at least 1, not ${max}`);
  const steps = [8, 4, 2].map((d) => Math.ceil(max / d));
  const ramp = total >= 4 * max && total - 2 * sum(steps) >= max ? steps : [];
  const head = ramp;
  const tail = [...ramp].reverse();
  const middle = total - sum(head) - sum(tail);
  const count = Math.ceil(middle / max);
  const even = Array.from({ length: count }, (_, i) => Math.floor(middle / count) + (i < middle % count ? 1 : 0));
  return [...head, ...even, ...tail];
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
