/**
 * Re-scores 100,000 suppliers (~1.5 sites each, a fifth with a reviewed assessment, about 2 % of
 * sites with an open finding, a third with activities) through
 * the same function the `rescore` job runs, and prints wall time and suppliers/s for:
 *   1. the first scoring (every score written),
 *   2. a re-run with nothing changed (inputs hashed, nothing written),
 *   3. a re-run after a weights change (every score replaced: old rows retired, new ones written),
 *      BENCH_WEIGHTS_RUNS times (3 by default) to other weights each time, and their median,
 *   4. the database's floor for 3: the rows it wrote, copied inside the database into tables with
 *      the same indexes (nothing to parse, no RLS, nothing retired);
 *   5. on PostgreSQL, the floor with the rows sent: the same rows COPYed from the client straight into
 *      tables with the same indexes (as the owner: no RLS, no staging table), each site's and supplier's
 *      current-score pointer moved to them, and every site's inputs read (the unchanged re-run's database CPU);
 *   6. Node's share alone: every batch's inputs read and its rows computed and encoded, nothing written.
 * Embedded PGlite (in memory) by default; PostgreSQL when DATABASE_URL is set — use an
 * empty database created for the run, e.g.
 *   psql -h 127.0.0.1 -U postgres -d test -c 'create database vigia_bench'
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/vigia_bench npm run bench:score
 * Run: npm run bench:score [-- suppliers]
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { openDatabase } from '../../server/db/index.ts';
import type { Database } from '../../server/db/types.ts';
import type { Actor } from '../../server/auth/actor.ts';
import { prepareReferenceData } from '../../server/startup.ts';
import { DEMO_FILE } from '../../server/risk-datasets/risk-dataset.demo.ts';
import { insertOrganization } from '../../server/organizations/organization.queries.ts';
import { insertTemplateIfAbsent } from '../../server/questionnaires/template.queries.ts';
import { defaultTemplate } from '../../server/questionnaires/default-template.ts';
import { DEFAULT_BATCH, readBatchInputs, rescoreOrganization, tenantWeights, type RescoreResult } from '../../server/scores/rescore.ts';
import { computeBatch, weightsKeyOf } from '../../server/scores/rescore.compute.ts';
import * as rescoreSql from '../../server/scores/rescore.queries.ts';
import { batchPlan } from '../../server/scores/rescore.batches.ts';
import { territorialTable } from '../../server/scores/territorial.inputs.ts';
import { getActiveDataset } from '../../server/risk-datasets/risk-dataset.service.ts';
import { ACTIVITIES, GOODS, rng } from './lib/suppliers.ts';

const SUPPLIERS = Number(process.argv[2] ?? 100_000);
const SECTORS = ['111', '112', '1151', '311', '315', '316', '43', '46', '23', '212', '54', '72', '81', '11', '31'];
const CONDITIONS = [
  { adolescentProtections: 'full', familiesWithoutChildcare: false, campHousing: false, contractors: false, pieceRate: false },
  { adolescentProtections: 'missing', familiesWithoutChildcare: true, campHousing: true, contractors: true, pieceRate: true },
  { adolescentProtections: 'unknown', familiesWithoutChildcare: null, campHousing: false, contractors: true, pieceRate: null },
];

async function seed(db: Database): Promise<{ orgId: string; sites: number; assessments: number }> {
  const rand = rng(20260101);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];
  // Municipalities of the demo file (and some state-only sites, which take the state fallback).
  const codes = readFileSync(DEMO_FILE, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split(',')[2]);
  const orgId = await db.admin((q) => insertOrganization(q, { kind: 'company', name: `Bench ${Date.now()}`, slug: `bench-${randomUUID().slice(0, 8)}` }));

  const suppliers: unknown[][] = [];
  const sites: unknown[][] = [];
  const supplierWide: string[] = [];
  const findings: unknown[][] = [];
  for (let i = 0; i < SUPPLIERS; i++) {
    const id = randomUUID();
    const goods = pick(GOODS);
    suppliers.push([orgId, id, `Proveedor ${i}`, pick(SECTORS), `{${goods.join(',')}}`, `proveedor ${i}`]);
    if (rand() < 0.2) supplierWide.push(id);
    const n = rand() < 0.5 ? 1 : 2;
    for (let k = 0; k < n; k++) {
      const code = pick(codes);
      const total = rand() < 0.1 ? null : 10 + Math.floor(rand() * 500);
      const part = (max: number) => (total === null || rand() < 0.1 ? null : Math.floor(rand() * total * max));
      const siteId = randomUUID();
      sites.push([orgId, siteId, id, `Sitio ${i}-${k}`, code, code.slice(0, 2), total, part(0.5), part(0.05), part(0.8),
        part(0.5), part(0.3), part(0.1), part(0.3), `{${pick(ACTIVITIES).join(',')}}`]);
      // About 2 % of sites have an open finding (half of them hazardous work by a minor): the floors' read path.
      if (rand() < 0.02) findings.push([orgId, id, siteId, 'audit', rand() < 0.5 ? 'hazardous_under_18' : 'missing_controls', 'high', 'Hallazgo']);
    }
  }
  await db.admin(async (q) => {
    await db.copyRows(q, 'suppliers', ['organization_id', 'id', 'legal_name', 'sector_code', 'commodities', 'search_text'], suppliers);
    await db.copyRows(q, 'sites', ['organization_id', 'id', 'supplier_id', 'name', 'territory_code', 'state_code', 'workforce_total',
      'workforce_women', 'workforce_adolescents', 'workforce_seasonal', 'workforce_migrant', 'workforce_indigenous',
      'workforce_family', 'workforce_subcontracted', 'activities'], sites);
    await db.copyRows(q, 'findings', ['organization_id', 'supplier_id', 'site_id', 'source', 'category', 'severity', 'title'], findings);
  });
  // A fifth of the suppliers have a reviewed, supplier-wide assessment with its evaluation snapshot.
  await db.admin(async (q) => {
    await q.query(`SELECT set_config('app.org_id', $1, true)`, [orgId]);
    const { id: templateId } = await insertTemplateIfAbsent(q, { definition: defaultTemplate(), source: 'shipped', createdBy: null });
    const t = defaultTemplate();
    const rows = supplierWide.map((supplierId) => [orgId, supplierId, templateId, t.key, t.version, 'reviewed',
      pick(['2025-06-01T00:00:00Z', '2026-06-01T00:00:00Z', '2026-10-15T00:00:00Z']), Math.round(rand() * 1000) / 1000,
      rand() < 0.05 ? JSON.stringify([{ code: 'children_seen_working', severity: 'critical' }]) : '[]',
      pick(['declared', 'documents_reviewed']), JSON.stringify(pick(CONDITIONS))]);
    await db.copyRows(q, 'assessments', ['organization_id', 'supplier_id', 'template_id', 'template_key', 'template_version',
      'status', 'reviewed_at', 'controls_score', 'red_flags', 'evidence_level', 'conditions'], rows);
  });
  await db.admin((q) => q.exec('ANALYZE suppliers; ANALYZE sites; ANALYZE assessments'));
  return { orgId, sites: sites.length, assessments: supplierWide.length };
}

/**
 * CPU seconds the server spent for this database so far, summed over its connections, when the
 * server runs on this machine (Linux /proc): on a shared machine it moves far less with the load
 * than wall time does. Connections are sampled by pid before and after a step.
 */
const CLOCK_TICKS = 100;
async function serverCpu(): Promise<Map<number, number> | null> {
  if (db.kind !== 'postgres') return null;
  const r = await db.admin((q) => q.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`));
  const out = new Map<number, number>();
  for (const { pid } of r.rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS); // utime + stime
    } catch {
      return null; // not on this machine
    }
  }
  return out;
}
const serverSeconds = (before: Map<number, number> | null, after: Map<number, number> | null): number | null => {
  if (!before || !after) return null;
  let s = 0;
  for (const [pid, t] of after) s += t - (before.get(pid) ?? 0);
  return s;
};
const serverCpuSince = (before: Map<number, number> | null, after: Map<number, number> | null): string => {
  const s = serverSeconds(before, after);
  return s === null ? '' : `, database CPU ${s.toFixed(2)} s`;
};

/**
 * The whole machine's busy CPU seconds so far (Linux /proc/stat: every process, the database's
 * background writers included), or null elsewhere. Over a run, busy ≈ cores × wall time means
 * the run was bound by CPU, and busy ÷ cores is then the least wall time that work could take.
 */
function machineBusy(): number | null {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Runs one re-scoring, prints its figures and returns its wall seconds and the database CPU seconds it took (null when unknown). */
async function timed(label: string, fn: () => Promise<RescoreResult>): Promise<{ seconds: number; dbSeconds: number | null }> {
  const dbCpu = await serverCpu();
  const busy = machineBusy();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const r = await fn();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const busyAfter = machineBusy();
  const dbSeconds = serverSeconds(dbCpu, await serverCpu());
  const machine = busy === null || busyAfter === null ? '' : `; machine busy ${(busyAfter - busy).toFixed(2)} s of ${(cpus().length * ms / 1000).toFixed(2)} s on ${cpus().length} cores`;
  const dbUsed = (dbSeconds === null ? '' : `, database CPU ${dbSeconds.toFixed(2)} s`) + machine;
  console.log(
    `${label.padEnd(28)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${Math.round((r.suppliersScored / ms) * 1000).toLocaleString('en').padStart(8)} suppliers/s` +
      `  written ${r.scoresWritten.toLocaleString('en')}, unchanged ${r.unchanged.toLocaleString('en')}  (node CPU ${((used.user + used.system) / 1e6).toFixed(2)} s${dbUsed})`,
  );
  return { seconds: ms / 1000, dbSeconds };
}

const db = await openDatabase({ url: process.env.DATABASE_URL });
await prepareReferenceData(db);
const seedStart = performance.now();
const { orgId, sites, assessments } = await seed(db);
console.log(`${db.kind}: ${SUPPLIERS.toLocaleString('en')} suppliers, ${sites.toLocaleString('en')} sites, ${assessments.toLocaleString('en')} reviewed assessments (seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s)`);

// How fast this database writes right now (the machine is shared): a plain insert of as many
// rows as the scoring writes, into a table with a uuid key. Read the figures below against it.
{
  const n = SUPPLIERS + sites;
  const started = performance.now();
  await db.admin(async (q) => {
    await q.query(`CREATE TABLE bench_calibration (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int, t text)`);
    await q.query(`INSERT INTO bench_calibration (n, t) SELECT g, md5(g::text) FROM generate_series(1, $1) g`, [n]);
    await q.query(`DROP TABLE bench_calibration`);
  });
  console.log(`${'calibration: plain insert'.padEnd(28)} ${((performance.now() - started) / 1000).toFixed(2).padStart(6)} s  (${n.toLocaleString('en')} rows with a uuid key, no scoring)`);
}

const actor: Actor = {
  orgId, orgName: 'Bench', orgKind: 'company', role: 'admin', via: 'membership', userId: null, userName: 'bench', isPlatformAdmin: false,
};
await timed('first scoring', () => rescoreOrganization(db, actor, { reason: 'bench' }));
const readInputs = (await timed('re-run, nothing changed', () => rescoreOrganization(db, actor, { reason: 'bench' }))).dbSeconds;
// A weights change, BENCH_WEIGHTS_RUNS times (3 by default), each to other weights: one run on these shared
// machines can be a third slower than the next, so the median is the figure to read. Each run adds a
// history row per site and supplier, and a later run is a little slower for it (docs/benchmarks.md, stop 14).
const weightsRuns: number[] = [];
for (let i = 0; i < Math.max(1, Number(process.env.BENCH_WEIGHTS_RUNS ?? 3)); i++) {
  const territorial = [0.5, 0.3, 0.4, 0.6, 0.35][i % 5];
  await db.tx({ orgId, userId: null }, (q) =>
    q.query(`INSERT INTO scoring_settings (organization_id, weights) VALUES ($1, $2)
             ON CONFLICT (organization_id) DO UPDATE SET weights = excluded.weights`,
    [orgId, JSON.stringify({ components: { territorial, sector: 0.75 - territorial } })]),
  );
  weightsRuns.push((await timed(`re-run after weights change`, () => rescoreOrganization(db, actor, { reason: 'bench' }))).seconds);
}
if (weightsRuns.length > 1) {
  const sorted = [...weightsRuns].sort((a, b) => a - b);
  console.log(`${'weights change, median'.padEnd(28)} ${sorted[Math.floor(sorted.length / 2)].toFixed(2).padStart(6)} s  ` +
    `(${sorted.length} runs, ${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)} s)`);
}

// The floor of a weights change in the database: storing the rows it wrote, already built and
// already inside the database (no parsing, no row-level security, no retiring, no counts), into
// tables with the same columns and indexes. A weights change must also read every site's inputs
// (the database CPU of the re-run with nothing changed).
{
  const run = await db.admin((q) => q.query<{ id: string }>(
    `SELECT id FROM score_runs WHERE organization_id = $1 ORDER BY started_at DESC LIMIT 1`, [orgId]));
  const dbCpu = await serverCpu();
  const started = performance.now();
  const rows = await db.admin(async (q) => {
    let n = 0;
    for (const table of ['site_scores', 'supplier_scores']) {
      await q.exec(`CREATE TABLE bench_floor_${table} (LIKE ${table} INCLUDING DEFAULTS INCLUDING INDEXES)`);
      const r = await q.query(`INSERT INTO bench_floor_${table} SELECT * FROM ${table} WHERE organization_id = $1 AND run_id = $2`, [orgId, run.rows[0].id]);
      n += r.rowCount;
    }
    return n;
  });
  const ms = performance.now() - started;
  const dbUsed = serverCpuSince(dbCpu, await serverCpu());
  await db.admin((q) => q.exec('DROP TABLE bench_floor_site_scores; DROP TABLE bench_floor_supplier_scores'));
  console.log(`${'floor: store those rows'.padEnd(28)} ${(ms / 1000).toFixed(2).padStart(6)} s  ` +
    `(${rows.toLocaleString('en')} rows copied inside the database into tables with the same indexes${dbUsed})`);
}

// The engine runs in the app (server/scoring is TypeScript; pages and reports re-run it on the stored
// inputs), so the rows must also reach the database. The fastest way PostgreSQL takes rows from a
// client is COPY; here as the owner, straight into tables with the same indexes (no row-level security,
// no staging table), then the pointers of migration 037 moved to the new rows, inside the database.
// Add reading every site's inputs (the unchanged re-run's database CPU): what a weights change costs
// the database at least, whatever the app does.
if (db.kind === 'postgres') {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const run = (await client.query<{ id: string }>(
    `SELECT id FROM score_runs WHERE organization_id = $1 ORDER BY started_at DESC LIMIT 1`, [orgId])).rows[0].id;
  const copyOut = async (sql: string): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of client.query(copyStreams.to(sql))) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const sent: Record<string, Buffer> = {};
  for (const table of ['site_scores', 'supplier_scores']) {
    sent[table] = await copyOut(`COPY (SELECT * FROM ${table} WHERE organization_id = '${orgId}' AND run_id = '${run}') TO STDOUT`);
    await client.query(`CREATE TABLE bench_sent_${table} (LIKE ${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
  }
  // A copy of the pointers, to be moved to the sent rows (an update writes a new row version even when
  // the values are the same, so this costs what moving them does).
  await client.query(`CREATE TABLE bench_sent_site_ptr (LIKE site_score_current INCLUDING ALL) WITH (fillfactor = 50);
    CREATE TABLE bench_sent_supplier_ptr (LIKE supplier_score_current INCLUDING ALL);
    INSERT INTO bench_sent_site_ptr SELECT * FROM site_score_current WHERE organization_id = '${orgId}';
    INSERT INTO bench_sent_supplier_ptr SELECT * FROM supplier_score_current WHERE organization_id = '${orgId}'`);
  await client.query('VACUUM ANALYZE bench_sent_site_ptr');
  await client.query('VACUUM ANALYZE bench_sent_supplier_ptr');
  const dbCpu = await serverCpu();
  const started = performance.now();
  for (const table of ['site_scores', 'supplier_scores']) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < sent[table].length; i += 65536) chunks.push(sent[table].subarray(i, i + 65536));
    await pipeline(Readable.from(chunks), client.query(copyStreams.from(`COPY bench_sent_${table} FROM STDIN`)));
  }
  const copied = performance.now();
  await client.query(`UPDATE bench_sent_site_ptr p SET score_id = c.id, input_hash = c.input_hash, inputs_key = c.inputs_key, dataset_id = c.dataset_id
      FROM bench_sent_site_scores c WHERE p.organization_id = c.organization_id AND p.site_id = c.site_id;
    UPDATE bench_sent_supplier_ptr p SET score_id = c.id, input_hash = c.input_hash, level = c.level, worst_residual = c.worst_residual
      FROM bench_sent_supplier_scores c WHERE p.organization_id = c.organization_id AND p.supplier_id = c.supplier_id`);
  const ms = performance.now() - started;
  const stored = serverSeconds(dbCpu, await serverCpu()) ?? 0;
  await client.query(`DROP TABLE bench_sent_site_scores, bench_sent_supplier_scores, bench_sent_site_ptr, bench_sent_supplier_ptr`);
  await client.end();
  const mb = (sent.site_scores.length + sent.supplier_scores.length) / 1e6;
  console.log(`${'floor: send and store them'.padEnd(28)} ${(ms / 1000).toFixed(2).padStart(6)} s  ` +
    `(COPY of ${mb.toFixed(1)} MB from the client ${((copied - started) / 1000).toFixed(2)} s, pointers moved ${((ms - (copied - started)) / 1000).toFixed(2)} s; ` +
    `database CPU ${stored.toFixed(2)} s, + reading the inputs ${(readInputs ?? 0).toFixed(2)} s = ${(stored + (readInputs ?? 0)).toFixed(2)} s)`);
}
// The other side of the same weights change: Node's own work, without writing anything. Every batch's
// inputs read as the run reads them, then its rows computed and encoded for COPY (under a weights key
// no stored score has, so every site and supplier is computed), one batch at a time. With the floors
// above, what the goal leaves on two cores: (Node's share + the database's floor) / 2 is the wall time
// of a run that never waits.
{
  const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; };
  const ctx = { orgId, userId: null };
  const setup = await db.tx(ctx, async (q) => {
    const { weights } = await tenantWeights(q, orgId);
    const dataset = await getActiveDataset(q, 'MX');
    return { weights, dataset, territories: dataset ? await territorialTable(q, dataset) : null, suppliers: await rescoreSql.selectScoringSupplierIds(q, orgId, null) };
  });
  const all = setup.suppliers;
  const plan = batchPlan(all.length, DEFAULT_BATCH);
  const spent = { read: 0, compute: 0 };
  let rows = 0;
  let bytes = 0;
  let start = 0;
  for (let b = 0; b < plan.length; b++) {
    const slice = all.slice(start, start + plan[b]);
    start += plan[b];
    const scope = { after: b === 0 ? null : all[start - plan[b] - 1], upTo: b === plan.length - 1 ? null : slice[slice.length - 1] };
    let c = cpu();
    const read = await db.tx(ctx, (q) => readBatchInputs(q, orgId, scope));
    spent.read += cpu() - c;
    c = cpu();
    const r = await computeBatch({
      orgId, runId: randomUUID(), weights: setup.weights, weightsKey: `${weightsKeyOf(setup.weights)}-node-alone`, datasetId: setup.dataset?.id ?? null,
      territories: setup.territories, trainings: read.trainings, evaluations: read.evaluations, evidence: read.evidence,
      asOf: new Date().toISOString().slice(0, 10), currentSites: read.current.sites, currentSuppliers: read.current.suppliers,
    }, read.suppliers, read.sites);
    rows += r.siteRows.length + r.supplierRows.length;
    for (const piece of [...r.siteRows.pieces(), ...r.supplierRows.pieces()]) bytes += piece.length;
    spent.compute += cpu() - c;
  }
  console.log(`${'node alone: read, compute'.padEnd(28)} ${(spent.read + spent.compute).toFixed(2).padStart(6)} s  ` +
    `(Node CPU: reading every batch's inputs ${spent.read.toFixed(2)} s, computing and encoding ${rows.toLocaleString('en')} rows ` +
    `(${(bytes / 1e6).toFixed(1)} MB of COPY text) ${spent.compute.toFixed(2)} s; nothing written)`);
}
await db.close();
