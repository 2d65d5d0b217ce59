/**
 * Issue 12, "a million suppliers": 1,000,000 suppliers across 200 tenants on PostgreSQL, then
 *   1. the supplier list p95 (first page, a search, the last page) for a large, a medium and a
 *      small tenant, through the service the page calls (restricted role, RLS in force);
 *   2. each tenant's re-scoring time through `rescoreOrganization`, the function the job runs
 *      (first scoring of every tenant; then, for the three, an unchanged re-run and a re-run
 *      after a weights change);
 *   3. the database size per supplier, and the biggest tables.
 * Prints a markdown table at the end. PostgreSQL only — use an empty database made for the run:
 *
 *   createdb -h 127.0.0.1 -U postgres million_bench
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/million_bench npm run bench:million
 *   dropdb -h 127.0.0.1 -U postgres million_bench
 *
 * Options (environment): BENCH_TENANTS (200), BENCH_SUPPLIERS (1000000), BENCH_RUNS (20 timed
 * runs per list case), e.g. BENCH_TENANTS=20 BENCH_SUPPLIERS=50000 for a quick look.
 *
 * Tenant sizes are skewed like a real customer base: one tenant holds 10 % of the suppliers
 * (100,000 at full size), one in forty holds 2 % (20,000), the rest share what is left unevenly
 * (±40 % around the mean, ~4,100 at full size). The data are loaded with COPY, tenant by tenant.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { openDatabase } from '../../server/db/index.ts';
import type { Database } from '../../server/db/types.ts';
import type { Actor } from '../../server/auth/actor.ts';
import { prepareReferenceData } from '../../server/startup.ts';
import { insertOrganization } from '../../server/organizations/organization.queries.ts';
import { insertTemplateIfAbsent } from '../../server/questionnaires/template.queries.ts';
import { defaultTemplate } from '../../server/questionnaires/default-template.ts';
import { mexicoTerritories } from '../../server/territories/territory.data.ts';
import { ACTIVITIES, GOODS, legalNameFor, rfcFor, rng } from './lib/suppliers.ts';
import { pct, timeRuns } from './lib/timing.ts';
import { supplierSearchText } from '../../server/suppliers/search-text.ts';
import { createSupplierService } from '../../server/suppliers/supplier.service.ts';
import { listQuerySchema } from '../../server/suppliers/supplier.schema.ts';
import { rescoreOrganization } from '../../server/scores/rescore.ts';

const url = process.env.DATABASE_URL;
if (!url || !/^postgres(ql)?:\/\//.test(url)) {
  console.error('bench:million runs on PostgreSQL only: set DATABASE_URL to an empty database made for the run, e.g.\n' +
    '  createdb -h 127.0.0.1 -U postgres million_bench\n' +
    '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/million_bench npm run bench:million\n' +
    '(embedded PGlite holds one connection in this process; a million suppliers there measures nothing the server would see).');
  process.exit(2);
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`${name} must be a positive whole number (got "${raw}").`);
    process.exit(2);
  }
  return n;
}
const TENANTS = positive('BENCH_TENANTS', 200);
const SUPPLIERS = positive('BENCH_SUPPLIERS', 1_000_000);
const RUNS = positive('BENCH_RUNS', 20);
if (TENANTS < 3 || SUPPLIERS < TENANTS * 10) {
  console.error('BENCH_TENANTS must be at least 3 and BENCH_SUPPLIERS at least 10 per tenant.');
  process.exit(2);
}
/** Suppliers per COPY transaction: bounded memory for the 100,000-supplier tenant. */
const BATCH = 25_000;

const SECTORS = ['111', '112', '1151', '311', '315', '316', '43', '46', '23', '212', '54', '72', '81', '111219', '311421', '327121'];
const CONDITIONS = [
  { adolescentProtections: 'full', familiesWithoutChildcare: false, campHousing: false, contractors: false, pieceRate: false },
  { adolescentProtections: 'missing', familiesWithoutChildcare: true, campHousing: true, contractors: true, pieceRate: true },
  { adolescentProtections: 'unknown', familiesWithoutChildcare: null, campHousing: false, contractors: true, pieceRate: null },
];
const rand = rng(20261204);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];

/** Sizes, largest first; they add up to SUPPLIERS exactly. */
function tenantSizes(): number[] {
  const large = Math.round(SUPPLIERS * 0.1);
  const mediums = Math.max(1, Math.round(TENANTS / 40));
  const medium = Math.round(SUPPLIERS * 0.02);
  const rest = TENANTS - 1 - mediums;
  const left = SUPPLIERS - large - mediums * medium;
  const weights = Array.from({ length: rest }, () => 0.6 + rand() * 0.8);
  const sum = weights.reduce((a, b) => a + b, 0);
  const small = weights.map((w) => Math.max(1, Math.floor((left * w) / sum)));
  small[0] += left - small.reduce((a, b) => a + b, 0);
  return [large, ...Array<number>(mediums).fill(medium), ...small.sort((a, b) => b - a)];
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const fmt = (n: number) => n.toLocaleString('en');

interface Tenant { orgId: string; name: string; size: number; sites: number; assessments: number }

async function createTenant(db: Database, n: number, size: number, municipalities: { code: string; stateCode: string }[]): Promise<Tenant> {
  const name = `Empresa ${n + 1}`;
  const orgId = await db.admin((q) => insertOrganization(q, { kind: 'company', name, slug: `million-${n + 1}-${randomUUID().slice(0, 6)}` }));
  const t = defaultTemplate();
  const templateId = await db.admin(async (q) => {
    await q.query(`SELECT set_config('app.org_id', $1, true)`, [orgId]);
    return (await insertTemplateIfAbsent(q, { definition: t, source: 'shipped', createdBy: null })).id;
  });
  const tenant: Tenant = { orgId, name, size, sites: 0, assessments: 0 };
  for (let from = 0; from < size; from += BATCH) {
    const suppliers: unknown[][] = [];
    const sites: unknown[][] = [];
    const assessments: unknown[][] = [];
    const findings: unknown[][] = [];
    for (let i = from; i < Math.min(size, from + BATCH); i++) {
      const id = randomUUID();
      const legalName = legalNameFor(i);
      const taxId = rand() < 0.9 ? rfcFor(i) : null;
      const externalId = `PRV-${i}`;
      suppliers.push([orgId, id, externalId, taxId, legalName, pick(SECTORS), `{${pick(GOODS).join(',')}}`, rand() < 0.7 ? 1 : 2,
        i % 50 === 0 ? 'inactive' : 'active', supplierSearchText({ legalName, taxId, externalId })]);
      const count = rand() < 0.6 ? 1 : 2;
      for (let k = 0; k < count; k++) {
        const m = pick(municipalities);
        // One site in twenty is known only by its state: the scoring falls back to the state's values.
        const code = rand() < 0.05 ? m.stateCode : m.code;
        const total = rand() < 0.1 ? null : 10 + Math.floor(rand() * 500);
        const part = (max: number) => (total === null || rand() < 0.1 ? null : Math.floor(rand() * total * max));
        const siteId = randomUUID();
        sites.push([orgId, siteId, id, `Sitio ${i}-${k}`, code, m.stateCode, total, part(0.5), part(0.05), part(0.8),
          part(0.5), part(0.3), part(0.1), part(0.3), `{${pick(ACTIVITIES).join(',')}}`]);
        if (rand() < 0.02) findings.push([orgId, id, siteId, 'audit', rand() < 0.5 ? 'hazardous_under_18' : 'missing_controls', 'high', 'Hallazgo']);
      }
      // A fifth of the suppliers have a reviewed, supplier-wide assessment with its evaluation snapshot.
      if (rand() < 0.2) {
        assessments.push([orgId, id, templateId, t.key, t.version, 'reviewed',
          pick(['2025-06-01T00:00:00Z', '2026-06-01T00:00:00Z', '2026-10-15T00:00:00Z']), Math.round(rand() * 1000) / 1000,
          rand() < 0.05 ? JSON.stringify([{ code: 'children_seen_working', severity: 'critical' }]) : '[]',
          pick(['declared', 'documents_reviewed']), JSON.stringify(pick(CONDITIONS))]);
      }
    }
    await db.admin(async (q) => {
      await db.copyRows(q, 'suppliers', ['organization_id', 'id', 'external_id', 'tax_id', 'legal_name', 'sector_code', 'commodities', 'tier', 'status', 'search_text'], suppliers);
      await db.copyRows(q, 'sites', ['organization_id', 'id', 'supplier_id', 'name', 'territory_code', 'state_code', 'workforce_total',
        'workforce_women', 'workforce_adolescents', 'workforce_seasonal', 'workforce_migrant', 'workforce_indigenous',
        'workforce_family', 'workforce_subcontracted', 'activities'], sites);
      await db.copyRows(q, 'findings', ['organization_id', 'supplier_id', 'site_id', 'source', 'category', 'severity', 'title'], findings);
      await db.copyRows(q, 'assessments', ['organization_id', 'supplier_id', 'template_id', 'template_key', 'template_version',
        'status', 'reviewed_at', 'controls_score', 'red_flags', 'evidence_level', 'conditions'], assessments);
    });
    tenant.sites += sites.length;
    tenant.assessments += assessments.length;
  }
  return tenant;
}

/** VACUUM cannot run inside a transaction, so not through Database.admin: a client of its own. */
async function vacuumAnalyze(): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

function actorFor(t: Tenant, role: 'viewer' | 'admin'): Actor {
  return { orgId: t.orgId, orgName: t.name, orgKind: 'company', role, via: 'membership', userId: null, userName: 'bench', isPlatformAdmin: false };
}

const LIST_CASES: [string, Record<string, string>][] = [
  ['first page', {}],
  ['search "huerta pena"', { q: 'huerta pena' }],
  // Beyond the last page the service shows the last one: the deepest OFFSET a user can reach.
  ['last page', { page: '999999' }],
];

// ---------------------------------------------------------------------------------------------

const started = performance.now();
console.log(`bench:million — ${new Date().toISOString()} — ${fmt(SUPPLIERS)} suppliers, ${TENANTS} tenants, ${RUNS} runs per list case — load ${load()}`);
const db = await openDatabase({ url });
await prepareReferenceData(db);

const existing = await db.admin((q) => q.query<{ n: number }>(`SELECT count(*)::int AS n FROM suppliers`));
if (existing.rows[0].n > 0) {
  console.error(`The database already holds ${fmt(existing.rows[0].n)} suppliers: run on an empty database made for the benchmark.`);
  await db.close();
  process.exit(2);
}

// What an instance holds before any tenant (catalogues, reference data): not counted per supplier.
const baseline = await db.admin(async (q) => (await q.query<{ bytes: number }>(`SELECT pg_database_size(current_database())::bigint AS bytes`)).rows[0].bytes);
const municipalities = mexicoTerritories().filter((t) => t.level === 'municipality').map((t) => ({ code: t.code, stateCode: t.stateCode }));
const sizes = tenantSizes();
const tenants: Tenant[] = [];
const loadStart = performance.now();
for (let n = 0; n < sizes.length; n++) {
  tenants.push(await createTenant(db, n, sizes[n], municipalities));
  if ((n + 1) % 20 === 0 || n === sizes.length - 1) {
    const done = tenants.reduce((a, t) => a + t.size, 0);
    console.log(`  loaded ${n + 1}/${sizes.length} tenants, ${fmt(done)} suppliers, ${secs(performance.now() - loadStart)} (load ${load()})`);
  }
}
const totalSites = tenants.reduce((a, t) => a + t.sites, 0);
const totalAssessments = tenants.reduce((a, t) => a + t.assessments, 0);
const loadMs = performance.now() - loadStart;
const vacuumStart = performance.now();
await vacuumAnalyze();
console.log(`loaded ${fmt(SUPPLIERS)} suppliers, ${fmt(totalSites)} sites, ${fmt(totalAssessments)} reviewed assessments in ${secs(loadMs)}; VACUUM ANALYZE ${secs(performance.now() - vacuumStart)}`);

// The three tenants measured: the largest, a medium one, and the median of the rest.
const large = tenants[0];
const medium = tenants[1];
const smalls = tenants.slice(1 + Math.max(1, Math.round(TENANTS / 40)));
const small = smalls[Math.floor(smalls.length / 2)];
const measured: [string, Tenant][] = [['large', large], ['medium', medium], ['small', small]];

// Every tenant scored once, as the nightly job would have done: the list shows current risk levels
// and the database size counts the score rows.
const firstScoring = new Map<string, number>();
const scoreStart = performance.now();
for (const [i, t] of tenants.entries()) {
  const t0 = performance.now();
  await rescoreOrganization(db, actorFor(t, 'admin'), { reason: 'bench' });
  firstScoring.set(t.orgId, performance.now() - t0);
  if ((i + 1) % 20 === 0 || i === tenants.length - 1) console.log(`  first scoring ${i + 1}/${tenants.length} tenants, ${secs(performance.now() - scoreStart)} (load ${load()})`);
}
const scoreAllMs = performance.now() - scoreStart;
await vacuumAnalyze();

// Size with every supplier scored once (no weights-change history yet).
const size = await db.admin(async (q) => {
  const total = (await q.query<{ bytes: number }>(`SELECT pg_database_size(current_database())::bigint AS bytes`)).rows[0].bytes;
  const tables = (await q.query<{ name: string; bytes: number; rows: number }>(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid)::bigint AS bytes, c.reltuples::bigint AS rows
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
      ORDER BY 2 DESC LIMIT 8`,
  )).rows;
  return { total, tables };
});

// List latency through the page's service.
const service = createSupplierService(db);
const listRows: string[] = [];
for (const [label, t] of measured) {
  const actor = actorFor(t, 'viewer');
  for (const [name, query] of LIST_CASES) {
    const parsed = listQuerySchema.parse(query);
    const first = await service.list(actor, parsed); // warm-up, and what the page would show
    const times = await timeRuns(RUNS, () => service.list(actor, parsed));
    const row = `| ${label} (${fmt(t.size)}) | ${name} | ${pct(times, 50).toFixed(1)} | ${pct(times, 95).toFixed(1)} | ${fmt(first.total)} matching, page ${first.page}/${first.pages} | ${load()} |`;
    listRows.push(row);
    console.log(row);
  }
}

// Re-scoring the three tenants: nothing changed, then after a weights change (every score replaced).
const rescoreRows: string[] = [];
for (const [label, t] of measured) {
  const actor = actorFor(t, 'admin');
  let t0 = performance.now();
  const unchanged = await rescoreOrganization(db, actor, { reason: 'bench' });
  const unchangedMs = performance.now() - t0;
  await db.tx({ orgId: t.orgId, userId: null }, (q) =>
    q.query(`INSERT INTO scoring_settings (organization_id, weights) VALUES ($1, $2)`, [t.orgId, JSON.stringify({ components: { territorial: 0.5, sector: 0.25 } })]),
  );
  t0 = performance.now();
  const changed = await rescoreOrganization(db, actor, { reason: 'bench' });
  const changedMs = performance.now() - t0;
  const row = `| ${label} | ${fmt(t.size)} | ${fmt(t.sites)} | ${secs(firstScoring.get(t.orgId)!)} | ${secs(unchangedMs)} (${fmt(unchanged.scoresWritten)} written) | ${secs(changedMs)} (${fmt(changed.scoresWritten)} written) | ${load()} |`;
  rescoreRows.push(row);
  console.log(row);
}
await db.close();

const firsts = [...firstScoring.values()].sort((a, b) => a - b);
const mb = (b: number) => `${fmt(Math.round((b / 2 ** 20) * 10) / 10)} MB`;
console.log(`
### Shape
${fmt(SUPPLIERS)} suppliers in ${TENANTS} tenants (largest ${fmt(sizes[0])}, ${Math.max(1, Math.round(TENANTS / 40))} of ${fmt(sizes[1])}, the rest ${fmt(sizes[sizes.length - 1])}–${fmt(smalls[0].size)}); ${fmt(totalSites)} sites; ${fmt(totalAssessments)} reviewed assessments.
Loaded with COPY in ${secs(loadMs)}; every tenant's first scoring took ${secs(scoreAllMs)} in all (per tenant: median ${secs(pct(firsts, 50))}, max ${secs(firsts[firsts.length - 1])}). Whole run ${((performance.now() - started) / 60_000).toFixed(1)} min.

### Supplier list (service + RLS, ${RUNS} runs after a warm-up)
| tenant | case | p50 ms | p95 ms | result | load (1/5/15 min) |
|---|---|---|---|---|---|
${listRows.join('\n')}

### Re-scoring one tenant (rescoreOrganization)
| tenant | suppliers | sites | first scoring | re-run, nothing changed | re-run after a weights change | load (1/5/15 min) |
|---|---|---|---|---|---|---|
${rescoreRows.join('\n')}

### Database size (every supplier scored once)
pg_database_size ${mb(size.total)}: ${fmt(Math.round(size.total / SUPPLIERS))} bytes per supplier; without the ${mb(baseline)} the database held before any tenant (reference data), **${fmt(Math.round((size.total - baseline) / SUPPLIERS))} bytes per supplier** (${fmt(Math.round((size.total - baseline) / totalSites))} per site).

| table | total size (with indexes, TOAST) | rows (estimate) | bytes per supplier |
|---|---|---|---|
${size.tables.map((t) => `| ${t.name} | ${mb(t.bytes)} | ${fmt(t.rows)} | ${fmt(Math.round(t.bytes / SUPPLIERS))} |`).join('\n')}
`);
