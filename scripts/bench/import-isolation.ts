/**
 * Tenant isolation during a large import: one tenant's 50,000-row supplier import must not slow
 * another tenant's page beyond 2× its idle p95. Starts Vigía as its own process(es) with the
 * demo data, signs in two tenants (A: the demo company's owner, B: the demo consultancy's
 * owner), times B's page idle, then again while A uploads the file, confirms it and the import
 * job runs, all through HTTP as the browser does. Prints both p95s and their ratio.
 *
 *   npm run bench:isolation -- [rows=50000] [page=/]                  embedded PGlite, one process
 *   DATABASE_URL=postgres://…/fresh_db npm run bench:isolation -- …    web + worker processes
 * BENCH_IDLE_REQUESTS (default 60) sets the idle sample; B's loaded sample lasts as long as A's import.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, kill, startVigia, type VigiaProcess } from '../lib/vigia-process.ts';
import { benchPlaces, generateRows, toCsvFile } from './import-data.ts';

const ROWS = Number(process.argv[2] ?? 50_000);
let PAGE = process.argv[3] ?? '/';
const IDLE_REQUESTS = Number(process.env.BENCH_IDLE_REQUESTS ?? 60);
/** Bounds the whole loaded phase, so a stuck import cannot keep the benchmark running. */
const IMPORT_TIMEOUT_MS = 15 * 60_000;
const PASSWORD = 'vigia-demo-2026';

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (x: number) => `${Math.round(x)} ms`;

async function signIn(url: string, email: string): Promise<Client> {
  const c = new Client(url);
  await c.get('/login');
  const r = await c.form('/login', { email, password: PASSWORD });
  if (r.status !== 302) throw new Error(`login of ${email} failed: ${r.status}`);
  return c;
}

/**
 * A request whose kept-alive connection the server closed meanwhile is sent once more on a
 * new one. While PGlite's commit blocks the process for longer than the server's keep-alive
 * timeout, the server closes idle sockets the moment it resumes, racing the client's next
 * request; a browser retries such a request the same way. The retry's time is counted.
 */
async function once<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET') throw err;
    return send();
  }
}

/** One timed page view of B; a non-200 answer is an error, not a sample. */
async function timedView(b: Client): Promise<number> {
  const t0 = performance.now();
  const r = await once(() => b.get(PAGE));
  if (r.status !== 200) throw new Error(`${PAGE} answered ${r.status} for tenant B`);
  return performance.now() - t0;
}

/** Upload, preview, confirm — as the browser does — then wait for the import job to finish. */
async function importAs(a: Client, file: Buffer, phases: string[]): Promise<void> {
  const t0 = performance.now();
  const mark = (what: string) => phases.push(`${what} at ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await once(() => a.get('/suppliers/import'));
  const up = await once(() => a.upload('/suppliers/import', 'file', 'bench-isolation.csv', file));
  if (up.status !== 302) throw new Error(`upload answered ${up.status}: ${up.text.slice(0, 300)}`);
  mark('uploaded and previewed');
  await once(() => a.get(up.location)); // the preview page, which carries the confirm form's CSRF token
  const confirm = await once(() => a.form(`${up.location}/commit`, {}));
  if (confirm.status !== 302 || !confirm.location.startsWith('/jobs/')) throw new Error(`confirm answered ${confirm.status}: ${confirm.text.slice(0, 300)}`);
  mark('confirmed');
  for (;;) {
    if (performance.now() - t0 > IMPORT_TIMEOUT_MS) throw new Error('import did not finish in time');
    await new Promise((r) => setTimeout(r, 500));
    const status = /data-status="(\w+)"/.exec((await once(() => a.get(confirm.location))).text)?.[1];
    if (status === 'succeeded') break;
    if (status === 'failed') throw new Error('the import job failed');
  }
  mark('committed');
}

const dir = await mkdtemp(path.join(tmpdir(), 'vigia-isolation-'));
const server = process.env.DATABASE_URL;
const common = {
  SESSION_SECRET: 'x'.repeat(40), LOG_LEVEL: 'warn', STORAGE_DIR: path.join(dir, 'storage'), OUTBOX_DIR: path.join(dir, 'outbox'),
};
const started: VigiaProcess[] = [];
try {
  // PostgreSQL: the web process (which seeds the demo) first, then a worker that runs the import job.
  const web = await startVigia(server ? { ...common, DATABASE_URL: server, SEED_DEMO: '1', VIGIA_ROLE: 'web' } : { ...common, DATA_DIR: path.join(dir, 'data') });
  started.push(web);
  if (server) started.push(await startVigia({ ...common, DATABASE_URL: server, VIGIA_ROLE: 'worker' }));
  const a = await signIn(web.url, 'propietaria@demo.vigia.mx');
  const b = await signIn(web.url, 'consultora@demo.vigia.mx');
  const file = toCsvFile(generateRows(ROWS, benchPlaces()));

  // A consultancy's home redirects to its portfolio: time the page B actually lands on.
  for (let hop = await b.get(PAGE); hop.status === 302 && hop.location.startsWith('/'); hop = await b.get(PAGE)) PAGE = hop.location;
  for (let i = 0; i < 5; i++) await timedView(b); // warm caches and templates
  const idle: number[] = [];
  for (let i = 0; i < IDLE_REQUESTS; i++) idle.push(await timedView(b));

  const loaded: number[] = [];
  const loadedAt: number[] = [];
  const phases: string[] = [];
  let done = false;
  const importing = importAs(a, file, phases).finally(() => (done = true));
  // Handled at `await importing` below; marked now so a failure while B's loop waits cannot
  // end this process as an unhandled rejection before `finally` stops the servers.
  importing.catch(() => undefined);
  const t0 = performance.now();
  while (!done) {
    loadedAt.push((performance.now() - t0) / 1000);
    loaded.push(await timedView(b));
  }
  await importing;
  const importSeconds = (performance.now() - t0) / 1000;

  const idleP95 = percentile(idle, 95);
  const loadedP95 = percentile(loaded, 95);
  console.log(`${server ? 'PostgreSQL (web + worker processes)' : 'PGlite (one process)'}: tenant A imports ${ROWS.toLocaleString('en')} rows ` +
    `(${(file.length / 1024 / 1024).toFixed(1)} MB) through HTTP in ${importSeconds.toFixed(1)} s (${phases.join(', ')}); tenant B views ${PAGE}`);
  console.log(`  B idle:             p50 ${ms(percentile(idle, 50))}, p95 ${ms(idleP95)}, max ${ms(Math.max(...idle))} (${idle.length} views)`);
  console.log(`  B during A import:  p50 ${ms(percentile(loaded, 50))}, p95 ${ms(loadedP95)}, max ${ms(Math.max(...loaded))} (${loaded.length} views)`);
  const worst = loaded.map((x, i) => ({ x, at: loadedAt[i] })).sort((p, q) => q.x - p.x).slice(0, 3);
  console.log(`  slowest views of B: ${worst.map((w) => `${ms(w.x)} from ${w.at.toFixed(1)} s`).join(', ')}`);
  console.log(`  ratio loaded/idle p95: ${(loadedP95 / idleP95).toFixed(2)} (target ≤ 2)`);
} finally {
  for (const p of started.reverse()) await kill(p);
  await rm(dir, { recursive: true, force: true });
}
