import type { ExplanationComponent } from '../scoring/types.ts';
import { traceLines } from './score.explain.ts';
import type { TraceLine } from './stored-score.ts';

/**
 * Kept for callers written against the first stored format. Stored explanations are now
 * arithmetic traces (stored-score.ts); this turns one into lines with `scores.trace.*`
 * reasons. For the full sentences use explainSite / explainSupplier (score.explain.ts).
 */
export function unpackExplanation(trace: readonly TraceLine[]): ExplanationComponent[] {
  return traceLines(trace);
}
