/**
 * Writes data/mx/clrisk-demo.csv, the demo risk dataset (see docs/risk-dataset-format.md):
 * states = CLRISK Phase I 2018 levels; municipalities = SYNTHETIC, deterministic values.
 * Usage: tsx scripts/generate-demo-dataset.ts [--check]   (--check: fail if the file is stale)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { mexicoTerritories } from '../server/territories/territory.data.ts';
import { DEMO_FILE, demoCsv } from '../server/risk-datasets/risk-dataset.demo.ts';

const csv = demoCsv(mexicoTerritories());
if (process.argv.includes('--check')) {
  const current = await readFile(DEMO_FILE, 'utf8').catch(() => '');
  if (current !== csv) {
    console.error(`${DEMO_FILE} is out of date: run tsx scripts/generate-demo-dataset.ts`);
    process.exit(1);
  }
  console.log(`${DEMO_FILE} is up to date`);
} else {
  await writeFile(DEMO_FILE, csv);
  console.log(`wrote ${DEMO_FILE} (${csv.trim().split('\n').length - 1} rows)`);
}
