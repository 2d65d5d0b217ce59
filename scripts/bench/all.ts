/**
 * `npm run bench`: every performance target of issue 12 in one run, each benchmark in its own
 * process (so one's memory and caches do not colour the next), on the embedded database and,
 * when BENCH_DATABASE_URL names a PostgreSQL server, on a fresh database created there per
 * benchmark (dropped afterwards). Prints each benchmark's own figures, then where the targets
 * stand is read off them — see docs/benchmarks.md for the table, the dates and the machine.
 *
 *   npm run bench                                   # PGlite only
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench
 *   BENCH_SUPPLIERS=20000 npm run bench              # smaller, for a quick look
 *
 * BENCH_MILLION=1 (with BENCH_DATABASE_URL) adds the million-supplier run (scripts/bench/million.ts,
 * PostgreSQL only, about half an hour at full size); it reads BENCH_TENANTS and BENCH_SUPPLIERS too.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '../..');
const suppliers = process.env.BENCH_SUPPLIERS ?? '100000';
const server = process.env.BENCH_DATABASE_URL;

const BENCHES: { name: string; target: string; script: string; args: string[] }[] = [
  { name: 'page throughput vs Express hello-world', target: '≥ 50 % on PostgreSQL (PGlite: document the limit)', script: 'throughput.ts', args: [] },
  { name: 'supplier list at scale', target: 'p95 < 100 ms', script: 'suppliers-list.ts', args: [suppliers, '20'] },
  { name: 'dashboard, score list, supplier list page 1000', target: 'p95 < 100 ms', script: 'pages.ts', args: [suppliers, '20'] },
  { name: 'supplier import vs raw COPY', target: 'ratio ≥ 1/3', script: 'import.ts', args: [suppliers] },
  { name: "one tenant's 50,000-row import vs another tenant's page", target: 'loaded p95 ≤ 2× idle p95', script: 'import-isolation.ts', args: ['50000'] },
  { name: 're-scoring', target: 'after a weights change < 5 s (PostgreSQL)', script: 'score.ts', args: [suppliers] },
  { name: 'PDF report pipeline vs bare Chromium', target: 'ratio ≤ 1.5', script: 'report.ts', args: [] },
];

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  if (!server) return undefined;
  const name = `vigia_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

function run(script: string, args: string[], env: Record<string, string | undefined>): number {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bench', script), ...args], {
    cwd: root, stdio: 'inherit', env: { ...process.env, ...env },
  });
  return r.status ?? 1;
}

const started = new Date();
console.log(`Vigía benchmarks — ${started.toISOString()} — ${suppliers} suppliers where a size applies`);
let failed = 0;
for (const b of BENCHES) {
  console.log(`\n=== ${b.name} (target: ${b.target}) — embedded PGlite ===`);
  failed += run(b.script, b.args, { DATABASE_URL: undefined }) === 0 ? 0 : 1;
  const fresh = await freshDatabase();
  if (fresh) {
    console.log(`\n=== ${b.name} (target: ${b.target}) — PostgreSQL ===`);
    try {
      failed += run(b.script, b.args, { DATABASE_URL: fresh.url }) === 0 ? 0 : 1;
    } finally {
      await fresh.drop();
    }
  }
}
if (process.env.BENCH_MILLION === '1') {
  const fresh = await freshDatabase();
  if (!fresh) {
    console.log('\n=== a million suppliers across 200 tenants: skipped, it runs on PostgreSQL only (set BENCH_DATABASE_URL) ===');
  } else {
    console.log('\n=== a million suppliers across 200 tenants (list p95, re-scoring, size per supplier) — PostgreSQL ===');
    try {
      failed += run('million.ts', [], { DATABASE_URL: fresh.url }) === 0 ? 0 : 1;
    } finally {
      await fresh.drop();
    }
  }
}
console.log(`\n${failed ? `${failed} benchmark run(s) failed` : 'all benchmarks ran'} in ${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min`);
process.exit(failed ? 1 : 0);
