import type { Database } from './db/types.ts';
import type { DemoStep } from './seed/demo.ts';

/**
 * Reference data every instance needs after migrations (territories, the demo risk
 * dataset). Features register their loaders here; each loader is idempotent.
 */
export async function prepareReferenceData(_db: Database): Promise<void> {}

/** Demo-data steps of the features, run once on a fresh embedded database. */
export function demoSteps(): DemoStep[] {
  return [];
}
