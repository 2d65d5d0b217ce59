import { mkdir } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createMaintenance } from './maintenance/maintenance.service.ts';
import { openDatabase } from './db/index.ts';
import { createApp } from './app.ts';
import { initI18n } from './i18n/index.ts';
import { prepareReferenceData, demoSteps } from './startup.ts';
import { seedDemo, DEMO_PASSWORD } from './seed/demo.ts';
import { scheduleOverdueChecks } from './remediation/overdue.service.ts';
import { reapOrphanedChromium } from './reports/chromium.ts';
import { scheduleCaseworkChecks } from './remediation/case-jobs.service.ts';
import { scheduleGrievanceChecks } from './grievances/grievance.jobs.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  // Say what is wrong in plain words, without a stack trace, and stop.
  console.error((err as Error).message);
  process.exit(1);
}
const logger = createLogger(config.LOG_LEVEL);

// Demo steps write translated texts (e.g. findings from red flags), so texts load first.
await initI18n();
if (!config.DATABASE_URL) await mkdir(config.DATA_DIR, { recursive: true });
const db = await openDatabase({
  url: config.DATABASE_URL, migrationUrl: config.MIGRATION_DATABASE_URL, secret: config.sessionSecret,
  dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR,
});
await prepareReferenceData(db);

const role = config.VIGIA_ROLE;
/** Unix niceness of a worker-only process (0 normal, 19 lowest). */
const WORKER_NICENESS = 10;
const runsWeb = role !== 'worker';
const runsWorker = role !== 'web';

// The embedded database seeds itself on first start; a server database only when asked
// (by a web or all-in-one process, so a worker starting beside them does not race it).
if (runsWeb && (!config.DATABASE_URL || config.SEED_DEMO)) {
  const logins = await seedDemo(db, demoSteps());
  if (logins) {
    console.log('\nVigía demo data created. Sign in with any of these (password for all: %s):', DEMO_PASSWORD);
    for (const l of logins) console.log(`  ${l.email.padEnd(28)} ${l.role.padEnd(8)} ${l.organization}`);
  }
}

const { app, services } = await createApp({ config, db, logger });
const stops: (() => void)[] = [];
if (runsWorker) {
  // Chromium left behind by a worker that was killed before this start (pipe-less launches).
  const reaped = await reapOrphanedChromium();
  if (reaped > 0) logger.warn({ reaped }, 'killed Chromium processes orphaned by an earlier crash');
  services.jobs.start();
  stops.push(scheduleOverdueChecks(services.remediation.overdue, services.jobs, logger));
  // Hourly: follow-up reminders to case workers and the retention of closed cases.
  stops.push(scheduleCaseworkChecks(services.remediation.caseJobs, services.jobs, logger));
  // Hourly: grievance deadline reminders (7-day acknowledgment, 3-month feedback).
  stops.push(scheduleGrievanceChecks(services.grievances.jobs, services.jobs, logger));
  // Hourly: queue a reminders job per organisation with questionnaires near or past their due date.
  stops.push(services.reminders.schedule(services.jobs));
  // Hourly: delete expired sessions; on PGlite, which never autovacuums, also VACUUM (ANALYZE)
  // the tables with many dead rows (checked every few minutes, so large deletions follow soon).
  stops.push(createMaintenance({ db, logger }).schedule());
}
const server = runsWeb
  ? app.listen(config.PORT, config.HOST, () => {
      console.log(`\nVigía listening on ${config.baseUrl}  (database: ${db.kind === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL server'}; role: ${role})`);
      if (!config.DATABASE_URL) console.log(`Demo password: ${DEMO_PASSWORD}  ·  e-mails are written to ${config.OUTBOX_DIR}`);
    })
  : undefined;
if (!runsWeb) {
  // A worker-only process runs imports, re-scoring and reports: seconds of CPU each. At a
  // lower scheduling priority it takes the cores only when web processes on the same host
  // leave them idle, so one tenant's import does not slow another tenant's pages.
  try {
    setPriority(WORKER_NICENESS);
  } catch (err) {
    logger.warn({ err }, 'could not lower the worker process priority');
  }
}
if (!runsWeb) console.log(`Vigía worker started (role: worker, pid ${process.pid}); processing background jobs.`);

async function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down');
  for (const stop of stops) stop();
  await services.jobs.stop();
  await services.reports.close();
  server?.close();
  await db.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
