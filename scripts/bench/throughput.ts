/**
 * Authenticated page throughput against an Express hello-world, side by side in one run:
 * each server is its own process, autocannon (20 connections) drives it from this one.
 * Medians of RUNS runs of SECONDS each.
 *
 *   npx tsx scripts/bench/throughput.ts                     # embedded PGlite (fresh folder, demo seeded)
 *   DATABASE_URL=postgres://…/fresh_db npx tsx scripts/bench/throughput.ts
 *
 * Vigía runs as in production behind a TLS proxy (NODE_ENV=production, X-Forwarded-Proto:
 * https, TRUST_PROXY=1): template cache on, request logging at warn.
 */
import autocannon from 'autocannon';
import pg from 'pg';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, freePort, kill, startVigia } from '../lib/vigia-process.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONNECTIONS = 20;
const PAGES = ['/', '/suppliers', '/scores'];
const DEMO_EMAIL = 'propietaria@demo.vigia.mx';

/** An Express app in its own process answering GET / with `handler` (CommonJS source). */
async function expressServer(setup: string, handler: string, env: Record<string, string> = {}): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const code = `const e=require('express');${setup};const a=e();a.get('/',${handler});a.listen(${port},'127.0.0.1',()=>console.log('up'))`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'], cwd: path.resolve(import.meta.dirname, '../..'), env: { ...process.env, ...env } });
  await new Promise((r) => child.stdout!.once('data', r));
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

const helloWorld = () => expressServer('', `(q,s)=>s.send('Hello World!')`);

/**
 * The floors under any signed-in page on a database server: Express plus one round trip
 * (`SELECT 1`), and Express plus exactly the statement Vigía runs per signed-in request
 * (the session row with its request context, migration 034), prepared as Vigía prepares it, on a pool of the same size.
 * No page that checks its session against the database can be faster than these.
 * The third adds what any page showing tenant data must do besides: read under row-level
 * security, in a transaction as the app role with the tenant set (one row of the tenant's
 * organisation), all of it sent in one round trip — fewer than any Vigía page makes.
 */
function floorServers(url: string, sid: string, orgId: string, userId: string) {
  // The pool, and the session statement as server/http/session-store.ts sends it, prepared as Vigía prepares it.
  const setup = `const pg=require('pg');const pool=new pg.Pool({connectionString:process.env.FLOOR_DB,max:10});` +
    `const sessionRead={name:'session',text:process.env.FLOOR_SESSION_SQL,values:[process.env.FLOOR_SID]}`;
  const env = {
    FLOOR_DB: url, FLOOR_SID: sid, FLOOR_ORG: orgId, FLOOR_USER: userId,
    FLOOR_SESSION_SQL: 'SELECT sess, CASE WHEN user_id IS NULL THEN NULL ELSE app_request_context(user_id) END AS ctx FROM sessions WHERE sid = $1 AND expire > now()',
  };
  return {
    roundTrip: () => expressServer(setup, `(q,s,n)=>pool.query('SELECT 1').then(()=>s.send('Hello World!'),n)`, env),
    session: () => expressServer(setup,
      `(q,s,n)=>pool.query(sessionRead).then((r)=>(r.rows.length?s.send('Hello World!'):s.status(500).send('no session')),n)`, env),
    tenantRead: () => expressServer(setup + ';' +
      `const tenant="BEGIN; SET LOCAL ROLE vigia_app; SELECT set_config('app.org_id', '"+process.env.FLOOR_ORG+"', true), set_config('app.user_id', '"+process.env.FLOOR_USER+"', true); SELECT name FROM organizations WHERE id = app_org(); COMMIT"`,
      `(q,s,n)=>pool.query(sessionRead).then((r)=>r.rows.length?pool.query(tenant).then((t)=>(t[3].rows.length?s.send('Hello World!'):s.status(500).send('no tenant row'))):s.status(500).send('no session')).catch(n)`,
      env),
  };
}

/** The session id inside express-session's signed cookie (`vigia.sid=s:<id>.<signature>`). */
function sessionIdOf(cookie: string): string {
  const value = decodeURIComponent(/vigia\.sid=([^;]+)/.exec(cookie)?.[1] ?? '');
  return value.slice(2, value.lastIndexOf('.'));
}

async function rps(url: string, headers: Record<string, string> = {}): Promise<{ rps: number; p95: number; errors: number }> {
  const runs: { rps: number; p95: number; errors: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
    const bad = r.non2xx + r.errors + r.timeouts;
    runs.push({ rps: r.requests.average, p95: r.latency.p97_5 ?? r.latency.p99, errors: bad });
  }
  runs.sort((a, b) => a.rps - b.rps);
  return runs[Math.floor(runs.length / 2)];
}

const dir = await mkdtemp(path.join(tmpdir(), 'vigia-bench-'));
const server = process.env.DATABASE_URL;
const hello = await helloWorld();
const vigia = await startVigia({
  NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), TRUST_PROXY: 'true', BASE_URL: 'https://vigia.bench', LOG_LEVEL: 'warn',
  STORAGE_DIR: path.join(dir, 'storage'), OUTBOX_DIR: path.join(dir, 'outbox'),
  ...(server ? { DATABASE_URL: server, SEED_DEMO: '1' } : { DATA_DIR: path.join(dir, 'data') }),
});
try {
  const proxy = { 'X-Forwarded-Proto': 'https' };
  const c = new Client(vigia.url);
  c.extraHeaders = proxy;
  await c.get('/login');
  const login = await c.form('/login', { email: DEMO_EMAIL, password: 'vigia-demo-2026' });
  if (login.status !== 302) throw new Error(`login failed: ${login.status} ${login.text.slice(0, 300)}`);
  for (const p of PAGES) {
    const check = await c.get(p);
    if (check.status !== 200) throw new Error(`${p} answered ${check.status}`);
  }

  const base = await rps(hello.url);
  console.log(`\nThroughput, ${CONNECTIONS} connections, median of ${RUNS} × ${SECONDS} s; database: ${server ? 'PostgreSQL' : 'PGlite'}`);
  console.log(`| page | req/s | p97.5 ms | vs hello-world (${Math.round(base.rps)} req/s) | non-2xx/errors |`);
  console.log('|---|---|---|---|---|');
  const row = (name: string, r: { rps: number; p95: number; errors: number }) =>
    console.log(`| ${name} | ${Math.round(r.rps)} | ${r.p95} | ${((r.rps / base.rps) * 100).toFixed(1)} % | ${r.errors} |`);
  if (server) {
    const pgc = new pg.Client({ connectionString: server });
    await pgc.connect();
    const owner = await pgc.query<{ organization_id: string; user_id: string }>(
      `SELECT m.organization_id, m.user_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1 AND m.role = 'owner' LIMIT 1`,
      [DEMO_EMAIL]);
    await pgc.end();
    const floors = floorServers(server, sessionIdOf(c.cookie), owner.rows[0].organization_id, owner.rows[0].user_id);
    for (const [name, start] of [
      ['floor: Express + `SELECT 1`', floors.roundTrip],
      ['floor: Express + the session statement', floors.session],
      ['floor: … + one tenant read under RLS', floors.tenantRead],
    ] as const) {
      const f = await start();
      try {
        row(name, await rps(f.url));
      } finally {
        f.stop();
      }
    }
  }
  for (const p of PAGES) row(`\`${p}\``, await rps(vigia.url + p, { ...proxy, Cookie: c.cookie }));
} finally {
  hello.stop();
  await kill(vigia, process.env.VIGIA_PROF ? 'SIGTERM' : 'SIGKILL'); // a CPU profile is written on a clean exit only
  await rm(dir, { recursive: true, force: true });
}
