import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Client, kill, startVigia, type VigiaProcess } from '../../scripts/lib/vigia-process.ts';

const OWNER = 'propietaria@demo.vigia.mx';
const DEMO_PASSWORD = 'vigia-demo-2026';
const ROWS = 4_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An import big enough to be caught running: one supplier with one site per row. */
function importFile(tag: string): Uint8Array {
  const lines = ['Razón social,ID externo,Sitio,Estado,Municipio,Trabajadores'];
  for (let i = 0; i < ROWS; i++) lines.push(`Proveedor ${tag} ${i},${tag}-${i},Sitio ${i},Sonora,Hermosillo,12`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

interface JobJson { status: string; statusLabel: string; result?: { href?: string } | null; error: string | null }

async function waitForJob(c: () => Client, jobId: string, until: (j: JobJson) => boolean, ms: number, everyMs = 25): Promise<JobJson> {
  const deadline = Date.now() + ms;
  let last: JobJson | undefined;
  while (Date.now() < deadline) {
    try {
      last = await c().json<JobJson>(`/api/v1/jobs/${jobId}`);
      if (until(last)) return last;
    } catch {
      /* the process is restarting */
    }
    await sleep(everyMs);
  }
  throw new Error(`job ${jobId} never reached the expected state; last: ${JSON.stringify(last)}`);
}

async function signIn(base: string): Promise<Client> {
  const c = new Client(base);
  await c.get('/login');
  const res = await c.form('/login', { email: OWNER, password: DEMO_PASSWORD });
  expect(res.status, res.text.slice(0, 500)).to.equal(302);
  return c;
}

async function queueImport(c: Client, tag: string): Promise<string> {
  await c.get('/suppliers');
  const up = await c.upload('/suppliers/import', 'file', `${tag}.csv`, importFile(tag));
  expect(up.status, up.text.slice(0, 800)).to.equal(302);
  await c.get(up.location);
  const commit = await c.form(`${up.location}/commit`, {});
  expect(commit.status, commit.text.slice(0, 800)).to.equal(302);
  return /\/jobs\/([0-9a-f-]{36})$/.exec(commit.location)![1];
}

async function queueReport(c: Client): Promise<string> {
  await c.get('/reports');
  const res = await c.form('/reports', { kind: 'company', locale: 'es-MX', periodFrom: '2026-01-01', periodTo: '2026-12-31' });
  expect(res.status, res.text.slice(0, 800)).to.equal(303);
  return /\/jobs\/([0-9a-f-]{36})$/.exec(res.location)![1];
}

async function importedCount(c: Client, tag: string): Promise<number> {
  // The API pages by cursor (no totals): walk the pages, 100 at a time.
  let count = 0;
  let cursor: string | null = '';
  while (cursor !== null) {
    const page: { data: unknown[]; nextCursor: string | null } = await c.json(`/api/v1/suppliers?q=${encodeURIComponent(`Proveedor ${tag}`)}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    count += page.data.length;
    cursor = page.nextCursor;
  }
  return count;
}

/**
 * Real processes, killed for real: `server/main.ts` started as `npm start` would, an import
 * and a PDF report each interrupted by SIGKILL while running, then completed after a restart
 * with nothing half-written. On PostgreSQL the topology is two web processes and one worker
 * (sessions shared across web processes, each job run exactly once by the worker); on the
 * embedded database one process does both, as PGlite allows.
 */
describe('processes: crash recovery and web/worker roles', function () {
  this.timeout(400_000);
  const serverUrl = process.env.DATABASE_URL;
  const procs: VigiaProcess[] = [];
  let dir: string;
  let clusterDbUrl: string | undefined;
  let clusterDb: string | undefined;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigia-cluster-'));
    if (serverUrl) {
      clusterDb = `vigia_cluster_${process.pid}_${Date.now()}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${clusterDb}`);
      await admin.end();
      const u = new URL(serverUrl);
      u.pathname = `/${clusterDb}`;
      clusterDbUrl = u.toString();
    }
  });

  after(async () => {
    for (const p of procs) await kill(p);
    await rm(dir, { recursive: true, force: true });
    if (clusterDb) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${clusterDb} WITH (FORCE)`);
      await admin.end();
    }
  });

  const common = () => ({
    STORAGE_DIR: path.join(dir, 'storage'), OUTBOX_DIR: path.join(dir, 'outbox'), JOB_LEASE_SECONDS: '3',
    ...(clusterDbUrl ? { DATABASE_URL: clusterDbUrl } : { DATA_DIR: path.join(dir, 'data') }),
  });
  async function start(role: 'all' | 'web' | 'worker', extra: Record<string, string> = {}) {
    const p = await startVigia({ ...common(), VIGIA_ROLE: role, ...extra });
    procs.push(p);
    return p;
  }

  it('recovers an import and a report whose worker was killed, and (server mode) shares sessions and jobs across processes', async () => {
    let web1: VigiaProcess;
    let web2: VigiaProcess | undefined;
    let worker: VigiaProcess;
    if (serverUrl) {
      web1 = await start('web', { SEED_DEMO: '1' }); // seeds the demo before the others start
      worker = await start('worker');
      web2 = await start('web');
    } else {
      web1 = await start('all');
      worker = web1;
    }
    const restartWorker = async () => {
      await kill(worker);
      worker = await start(serverUrl ? 'worker' : 'all', serverUrl ? {} : { PORT: new URL(web1.url).port });
      if (!serverUrl) web1 = worker;
    };
    const c1 = await signIn(web1.url);

    if (web2) {
      // A session made on one web process works on the other.
      const page = await c1.at(web2.url).get('/suppliers');
      expect(page.status).to.equal(200);
      expect(page.text).to.contain('Agroexportadora del Soconusco');
      // An import queued through web 1 runs exactly once, on the worker.
      const jobId = await queueImport(c1, 'UNO');
      const done = await waitForJob(() => c1.at(web2!.url), jobId, (j) => j.status === 'succeeded' || j.status === 'failed', 120_000, 200);
      expect(done.status, JSON.stringify(done)).to.equal('succeeded');
      expect(await importedCount(c1.at(web2.url), 'UNO')).to.equal(ROWS);
    }

    // An import interrupted mid-run by SIGKILL completes after a restart, written once.
    const client = () => c1.at(web1.url);
    const importJob = await queueImport(c1, 'CRASH');
    await waitForJob(client, importJob, (j) => j.status === 'running', 60_000);
    await restartWorker();
    expect(await importedCount(client(), 'CRASH'), 'nothing half-written after the crash').to.be.oneOf([0, ROWS]);
    const imported = await waitForJob(client, importJob, (j) => j.status === 'succeeded' || j.status === 'failed', 180_000, 250);
    expect(imported.status, JSON.stringify(imported)).to.equal('succeeded');
    expect(await importedCount(client(), 'CRASH')).to.equal(ROWS);

    // A report interrupted mid-render completes after a restart; its PDF downloads.
    const reportJob = await queueReport(client());
    await waitForJob(client, reportJob, (j) => j.status === 'running', 60_000);
    await restartWorker();
    const rendered = await waitForJob(client, reportJob, (j) => j.status === 'succeeded' || j.status === 'failed', 180_000, 250);
    expect(rendered.status, JSON.stringify(rendered)).to.equal('succeeded');
    const pdf = await fetch(`${web1.url}${rendered.result!.href}/download`, { headers: { Cookie: c1.cookie } });
    expect(pdf.status).to.equal(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).to.equal('%PDF-');
  });
});
