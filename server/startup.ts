import type { Database } from './db/types.ts';
import type { DemoStep } from './seed/demo.ts';
import { demoSuppliers } from './suppliers/supplier.demo.ts';
import { assessmentDemoStep } from './assessments/assessment.demo.ts';
import { remediationDemoStep } from './remediation/remediation.demo.ts';
import { scoresDemoStep } from './scores/score.demo.ts';
import { loadTerritories } from './territories/territory.service.ts';
import { ensureDemoDataset } from './risk-datasets/risk-dataset.demo.ts';

/**
 * Reference data every instance needs after migrations. Each loader is idempotent.
 * The demo CLRISK dataset is imported only while the country has no dataset at all,
 * so a real import replaces it for good (it stays labelled "demo" wherever it is used).
 */
export async function prepareReferenceData(db: Database): Promise<void> {
  await loadTerritories(db);
  await ensureDemoDataset(db);
}

/** Demo-data steps of the features, run once on a fresh embedded database, in order. */
export function demoSteps(): DemoStep[] {
  // Assessments stay last: they go to the demo suppliers added by earlier steps.
  return [demoSuppliers, assessmentDemoStep, remediationDemoStep, scoresDemoStep];
}
