/**
 * Supplier list latency at 100,000 suppliers (+ one site each) for one tenant: loads them
 * with COPY, then times the list as the page runs it (service, RLS, count + page + places).
 * Always on in-memory PGlite; also on PostgreSQL when DATABASE_URL names a fresh database.
 *
 *   npx tsx scripts/bench/suppliers-list.ts [suppliers] [runs]
 *   DATABASE_URL=postgres://…/fresh_db npm run bench:suppliers
 */
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../server/db/index.ts';
import type { Database } from '../../server/db/types.ts';
import type { Actor } from '../../server/auth/actor.ts';
import { insertOrganization } from '../../server/organizations/organization.queries.ts';
import { loadTerritories } from '../../server/territories/territory.service.ts';
import { mexicoTerritories } from '../../server/territories/territory.data.ts';
import { legalNameFor, rfcFor } from './lib/suppliers.ts';
import { pct, timeRuns } from './lib/timing.ts';
import { supplierSearchText } from '../../server/suppliers/search-text.ts';
import { createSupplierService } from '../../server/suppliers/supplier.service.ts';
import { listQuerySchema } from '../../server/suppliers/supplier.schema.ts';

const SUPPLIERS = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 20);
const BATCH = 10_000;

const SECTORS = ['111219', '111', '1119', '311421', '315', '315229', '493', '327121', '4311', '112'];

async function load(db: Database): Promise<Actor> {
  await loadTerritories(db);
  const municipalities = mexicoTerritories().filter((t) => t.level === 'municipality');
  const slug = `bench-${randomUUID().slice(0, 8)}`;
  const orgId = await db.admin((q) => insertOrganization(q, { kind: 'company', name: 'Bench', slug }));
  const started = Date.now();
  for (let from = 0; from < SUPPLIERS; from += BATCH) {
    const suppliers: unknown[][] = [];
    const sites: unknown[][] = [];
    for (let i = from; i < Math.min(SUPPLIERS, from + BATCH); i++) {
      const id = randomUUID();
      const legalName = legalNameFor(i);
      const taxId = rfcFor(i);
      const externalId = `PRV-${i}`;
      suppliers.push([
        orgId, id, externalId, taxId, legalName, null, SECTORS[i % SECTORS.length], '{fresa,zarzamora}', 1 + (i % 3),
        i % 50 === 0 ? 'inactive' : 'active', supplierSearchText({ legalName, taxId, externalId }),
      ]);
      const m = municipalities[(i * 7) % municipalities.length];
      sites.push([orgId, randomUUID(), id, `Sitio ${i}`, m.code, m.stateCode, 20 + (i % 300), '{harvest}']);
    }
    await db.admin(async (q) => {
      await db.copyRows(q, 'suppliers', ['organization_id', 'id', 'external_id', 'tax_id', 'legal_name', 'trade_name', 'sector_code', 'commodities', 'tier', 'status', 'search_text'], suppliers);
      await db.copyRows(q, 'sites', ['organization_id', 'id', 'supplier_id', 'name', 'territory_code', 'state_code', 'workforce_total', 'activities'], sites);
    });
  }
  // What autovacuum does after a bulk load; without the visibility map no scan is index-only.
  await vacuum(db);
  console.log(`  loaded ${SUPPLIERS.toLocaleString('en')} suppliers + sites in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { orgId, orgName: 'Bench', orgKind: 'company', role: 'viewer', via: 'membership', userId: null, userName: 'bench', isPlatformAdmin: false };
}

/** VACUUM cannot run in a transaction block, so not through Database.admin; PGlite gets ANALYZE only. */
async function vacuum(db: Database): Promise<void> {
  if (db.kind === 'pglite') {
    await db.admin((q) => q.exec('ANALYZE suppliers; ANALYZE sites;'));
    return;
  }
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query('VACUUM ANALYZE suppliers');
  await client.query('VACUUM ANALYZE sites');
  await client.end();
}

const CASES: [string, Record<string, string>][] = [
  ['first page (by name)', {}],
  ['search "huerta pena"', { q: 'huerta pena' }],
  ['search RFC fragment', { q: rfcFor(4242).slice(0, 9) }],
  ['filter state 07 (Chiapas)', { state: '07' }],
  ['filter municipality 01001', { municipality: '01001' }],
  ['filter sector 31-33 + tier 2', { sector: '31-33', tier: '2' }],
  ['sort by tier', { sort: 'tier' }],
  ['page 1000', { page: '1000' }],
];

async function bench(label: string, db: Database) {
  console.log(`\n${label}`);
  const actor = await load(db);
  const service = createSupplierService(db);
  for (const [name, query] of CASES) {
    const parsed = listQuerySchema.parse(query);
    const first = await service.list(actor, parsed); // warm-up, and a sanity check on the result
    const times = await timeRuns(RUNS, () => service.list(actor, parsed));
    console.log(`  ${name.padEnd(30)} p50 ${pct(times, 50).toFixed(1).padStart(7)} ms   p95 ${pct(times, 95).toFixed(1).padStart(7)} ms   (${first.total.toLocaleString('en')} matching, ${first.rows.length} shown)`);
  }
  await db.close();
}

// BENCH_PGLITE=0 skips the (slow to load) embedded run when only the server matters.
if (process.env.BENCH_PGLITE !== '0') await bench(`PGlite (in memory), ${SUPPLIERS.toLocaleString('en')} suppliers, ${RUNS} runs each`, await openDatabase({}));
if (process.env.DATABASE_URL) {
  await bench(`PostgreSQL (${new URL(process.env.DATABASE_URL).pathname.slice(1)}), ${SUPPLIERS.toLocaleString('en')} suppliers, ${RUNS} runs each`, await openDatabase({ url: process.env.DATABASE_URL }));
}
