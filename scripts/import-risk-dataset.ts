/**
 * Imports a territorial risk dataset (CSV or XLSX; format in docs/risk-dataset-format.md).
 *
 *   tsx scripts/import-risk-dataset.ts --file x.csv --name "CLRISK México 2018" --source "STPS fichas estatales" \
 *     --year 2018 --licence "..." [--levels low,medium,high | --levels "bajo=0.2,medio=0.55,alto=0.9"] \
 *     [--version 2018-oficial] [--country MX] [--demo] [--activate] [--locale es-MX|en]
 *
 * Uses DATABASE_URL when set, otherwise the app's embedded database folder (DATA_DIR, default var/data).
 * Exit code 1 with every rejected row listed when the file is refused; nothing is written then.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/index.ts';
import { DomainError, ValidationFailed } from '../server/errors.ts';
import { initI18n, pickLocale, translator } from '../server/i18n/index.ts';
import { importRiskDataset } from '../server/risk-datasets/risk-dataset.service.ts';
import { parseScaleSpec } from '../server/risk-datasets/risk-dataset.scale.ts';
import { loadTerritories } from '../server/territories/territory.service.ts';

const { values: args } = parseArgs({
  options: {
    file: { type: 'string' },
    name: { type: 'string' },
    source: { type: 'string' },
    year: { type: 'string' },
    licence: { type: 'string' },
    levels: { type: 'string' },
    version: { type: 'string' },
    country: { type: 'string', default: 'MX' },
    demo: { type: 'boolean', default: false },
    activate: { type: 'boolean', default: false },
    locale: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help || !args.file) {
  console.log('Usage: tsx scripts/import-risk-dataset.ts --file <x.csv|x.xlsx> --name <name> --source <source> --year <yyyy> --licence <licence>');
  console.log('       [--levels low,medium,high | "bajo=0.2,medio=0.55,alto=0.9"] [--version <label>] [--country MX] [--demo] [--activate]');
  process.exit(args.help ? 0 : 2);
}

await initI18n();
const t = translator(pickLocale(args.locale, process.env.LANG?.replace('_', '-').split('.')[0]));

const levels = args.levels ? parseScaleSpec(args.levels) : undefined;
if (levels === null) {
  console.error(t('riskDatasets.cli.badLevels', { value: args.levels }));
  process.exit(2);
}

const config = loadConfig();
const db = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL, migrationUrl: config.MIGRATION_DATABASE_URL, secret: config.sessionSecret } : { dataDir: config.DATA_DIR });
let exitCode = 0;
try {
  await loadTerritories(db);
  const report = await importRiskDataset(db, {
    file: await readFile(args.file),
    fileName: path.basename(args.file),
    options: {
      country: args.country,
      name: args.name ?? '',
      version: args.version,
      source: args.source ?? '',
      year: args.year ?? '',
      licence: args.licence ?? '',
      isDemo: args.demo,
      levels,
    },
    activate: args.activate,
  });
  const dataset = report.dataset;
  console.log(t('riskDatasets.cli.imported', { rows: dataset.rowCount, version: dataset.version, id: dataset.id }));
  if (report.ignoredColumns.length) console.log(t('riskDatasets.cli.ignoredColumns', { columns: report.ignoredColumns.join(', ') }));
  console.log(t(dataset.isActive ? 'riskDatasets.cli.active' : 'riskDatasets.cli.notActive', { country: dataset.country }));
} catch (err) {
  if (!(err instanceof DomainError)) throw err;
  exitCode = 1;
  console.error(t(err.key, err.params));
  if (err instanceof ValidationFailed) {
    for (const issue of err.issues) {
      const where = issue.row ? t('riskDatasets.cli.at', { row: issue.row, field: issue.field ?? '' }) : (issue.field ?? '');
      console.error(`  ${where}: ${t(issue.key, issue.params)}`);
    }
  }
} finally {
  await db.close();
}
process.exit(exitCode);
