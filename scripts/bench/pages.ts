/**
 * The three pages of issue 12 at 100,000 suppliers in one tenant: the dashboard (`/`), the
 * score list (`/scores`, first page and a filtered page) and the supplier list (`/suppliers`,
 * page 1000). Loads suppliers (+ 1–2 sites each, a fifth with an assessment in some status,
 * ~2 % of sites with a finding, half of those with a remediation plan and an overdue action)
 * with COPY, scores them with the real re-scoring job, then times each page's data as its
 * route asks for it: the same services, one call per view, under RLS as a signed-in admin.
 * Prints p50/p95 of N runs. Embedded PGlite (in memory) by default; PostgreSQL instead when
 * DATABASE_URL names a fresh database (as npm run bench passes it).
 *
 *   npx tsx scripts/bench/pages.ts [suppliers] [runs]
 *   createdb -h 127.0.0.1 -U postgres vigia_pages && \
 *     DATABASE_URL=postgres://postgres@127.0.0.1:5432/vigia_pages npm run bench:pages -- 100000 20
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openDatabase } from '../../server/db/index.ts';
import type { Database } from '../../server/db/types.ts';
import type { Actor } from '../../server/auth/actor.ts';
import { prepareReferenceData } from '../../server/startup.ts';
import { DEMO_FILE } from '../../server/risk-datasets/risk-dataset.demo.ts';
import { insertOrganization } from '../../server/organizations/organization.queries.ts';
import { insertTemplateIfAbsent } from '../../server/questionnaires/template.queries.ts';
import { defaultTemplate } from '../../server/questionnaires/default-template.ts';
import { rescoreOrganization } from '../../server/scores/rescore.ts';
import { ACTIVITIES, GOODS, legalNameFor, rfcFor, rng } from './lib/suppliers.ts';
import { pct, timeRuns } from './lib/timing.ts';
import { supplierSearchText } from '../../server/suppliers/search-text.ts';
import { createSupplierService } from '../../server/suppliers/supplier.service.ts';
import { listQuerySchema } from '../../server/suppliers/supplier.schema.ts';
import { createDashboardService } from '../../server/home/dashboard.service.ts';
import { createOrgProfileService } from '../../server/org-profile/org-profile.service.ts';
import { createScoreService } from '../../server/scores/score.service.ts';
import { createJobService } from '../../server/jobs/job.service.ts';
import { createLogger } from '../../server/logger.ts';

const SUPPLIERS = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 20);
const BATCH = 20_000;

const SECTORS = ['111', '112', '1151', '311', '315', '316', '43', '46', '23', '212', '54', '72', '81', '11', '31'];
const ASSESSMENT_STATUSES = ['draft', 'sent', 'sent', 'in_progress', 'submitted', 'returned', 'reviewed', 'reviewed'];

async function load(db: Database): Promise<Actor> {
  const rand = rng(20261204);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];
  const codes = readFileSync(DEMO_FILE, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split(',')[2]);
  const orgId = await db.admin((q) => insertOrganization(q, { kind: 'company', name: 'Bench', slug: `bench-${randomUUID().slice(0, 8)}` }));
  const { id: templateId } = await db.admin(async (q) => {
    await q.query(`SELECT set_config('app.org_id', $1, true)`, [orgId]);
    return insertTemplateIfAbsent(q, { definition: defaultTemplate(), source: 'shipped', createdBy: null });
  });
  const t = defaultTemplate();
  const started = Date.now();
  let counts = { sites: 0, assessments: 0, findings: 0, actions: 0 };
  for (let from = 0; from < SUPPLIERS; from += BATCH) {
    const suppliers: unknown[][] = [];
    const sites: unknown[][] = [];
    const assessments: unknown[][] = [];
    const findings: unknown[][] = [];
    const plans: unknown[][] = [];
    const actions: unknown[][] = [];
    for (let i = from; i < Math.min(SUPPLIERS, from + BATCH); i++) {
      const id = randomUUID();
      const legalName = legalNameFor(i);
      const taxId = rfcFor(i);
      const externalId = `PRV-${i}`;
      const status = i % 100 === 7 ? 'archived' : i % 50 === 0 ? 'inactive' : 'active';
      suppliers.push([orgId, id, externalId, taxId, legalName, pick(SECTORS), `{${pick(GOODS).join(',')}}`, 1 + (i % 3), status,
        status === 'archived' ? new Date().toISOString() : null, supplierSearchText({ legalName, taxId, externalId })]);
      const n = rand() < 0.5 ? 1 : 2;
      for (let k = 0; k < n; k++) {
        const code = pick(codes);
        const total = 10 + Math.floor(rand() * 500);
        const siteId = randomUUID();
        sites.push([orgId, siteId, id, `Sitio ${i}-${k}`, code, code.slice(0, 2), total, Math.floor(rand() * total * 0.05),
          `{${pick(ACTIVITIES).join(',')}}`, k === 1 && rand() < 0.1 ? 'archived' : 'active']);
        if (rand() < 0.02) {
          const findingId = randomUUID();
          const open = rand() < 0.7;
          findings.push([orgId, findingId, id, siteId, 'audit', rand() < 0.5 ? 'hazardous_under_18' : 'missing_controls', 'high', 'Hallazgo',
            open ? 'open' : 'closed', open ? null : new Date().toISOString()]);
          if (rand() < 0.5) {
            const planId = randomUUID();
            plans.push([orgId, planId, findingId, id, 'Plan']);
            actions.push([orgId, randomUUID(), planId, 'Acción', 'supplier', rand() < 0.5 ? '2026-01-15' : '2027-06-30', pick(['open', 'in_progress', 'cancelled'])]);
          }
        }
      }
      if (rand() < 0.2) {
        const status = pick(ASSESSMENT_STATUSES);
        const reviewed = status === 'reviewed';
        assessments.push([orgId, id, templateId, t.key, t.version, status, rand() < 0.5 ? '2026-02-01' : '2027-02-01',
          reviewed ? '2026-06-01T00:00:00Z' : null, reviewed ? Math.round(rand() * 1000) / 1000 : null, reviewed ? '[]' : null,
          reviewed ? 'declared' : null]);
      }
    }
    await db.admin(async (q) => {
      await db.copyRows(q, 'suppliers', ['organization_id', 'id', 'external_id', 'tax_id', 'legal_name', 'sector_code', 'commodities', 'tier', 'status', 'archived_at', 'search_text'], suppliers);
      await db.copyRows(q, 'sites', ['organization_id', 'id', 'supplier_id', 'name', 'territory_code', 'state_code', 'workforce_total', 'workforce_adolescents', 'activities', 'status'], sites);
      await db.copyRows(q, 'assessments', ['organization_id', 'supplier_id', 'template_id', 'template_key', 'template_version', 'status', 'due_date',
        'reviewed_at', 'controls_score', 'red_flags', 'evidence_level'], assessments);
      await db.copyRows(q, 'findings', ['organization_id', 'id', 'supplier_id', 'site_id', 'source', 'category', 'severity', 'title', 'status', 'closed_at'], findings);
      await db.copyRows(q, 'remediation_plans', ['organization_id', 'id', 'finding_id', 'supplier_id', 'title'], plans);
      await db.copyRows(q, 'remediation_actions', ['organization_id', 'id', 'plan_id', 'title', 'owner_kind', 'due_date', 'status'], actions);
    });
    counts = { sites: counts.sites + sites.length, assessments: counts.assessments + assessments.length, findings: counts.findings + findings.length, actions: counts.actions + actions.length };
  }
  await vacuum(db);
  console.log(`  loaded ${SUPPLIERS.toLocaleString('en')} suppliers, ${counts.sites.toLocaleString('en')} sites, ${counts.assessments.toLocaleString('en')} assessments, ` +
    `${counts.findings.toLocaleString('en')} findings, ${counts.actions.toLocaleString('en')} actions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const actor: Actor = { orgId, orgName: 'Bench', orgKind: 'company', role: 'admin', via: 'membership', userId: null, userName: 'bench', isPlatformAdmin: false };
  const scoring = Date.now();
  const r = await rescoreOrganization(db, actor, { reason: 'bench' });
  await vacuum(db);
  console.log(`  scored ${r.suppliersScored.toLocaleString('en')} suppliers (${r.scoresWritten.toLocaleString('en')} scores) in ${((Date.now() - scoring) / 1000).toFixed(1)} s`);
  return actor;
}

const TABLES = [
  'suppliers', 'sites', 'assessments', 'findings', 'remediation_plans', 'remediation_actions', 'supplier_scores', 'site_scores',
  'supplier_score_current', 'site_score_current',
];

/** What autovacuum does after a bulk load (on PGlite, what the import does: it has no autovacuum). */
function vacuum(db: Database): Promise<void> {
  return db.vacuum(TABLES);
}

const t = (key: string) => key;

async function bench(label: string, db: Database) {
  console.log(`\n${label}`);
  await prepareReferenceData(db);
  const actor = await load(db);
  const dashboard = createDashboardService(db);
  const orgProfile = createOrgProfileService(db);
  const suppliers = createSupplierService(db);
  // The job queue is only for writes (re-scoring requests); nothing is started here.
  const scores = createScoreService({ db, jobs: createJobService({ db, logger: createLogger('warn') }) });
  const cases: [string, () => Promise<string>][] = [
    ['dashboard /', async () => {
      // The route's order: checklist and deletion notice (org-profile routes), then the overview.
      await orgProfile.homeNotices(actor);
      const o = await dashboard.overview(actor, t);
      return `${o.counts.suppliers} suppliers, ${o.counts.sites} sites, ${o.counts.scored} scored, ${o.assessments?.total} assessments, ${o.overdue?.total} overdue`;
    }],
    ['scores /scores', async () => {
      const l = await scores.list(actor, { levels: [], limit: 50, offset: 0 });
      return `${l.total} listed, first ${l.items[0]?.score?.level}`;
    }],
    ['scores ?level=high,critical', async () => {
      const l = await scores.list(actor, { levels: ['high', 'critical'], limit: 50, offset: 0 });
      return `${l.total} listed`;
    }],
    ['suppliers ?page=1000', async () => {
      const l = await suppliers.list(actor, listQuerySchema.parse({ page: '1000' }));
      return `${l.total} matching, page ${l.page}, ${l.rows.length} shown`;
    }],
  ];
  for (const [name, fn] of cases) {
    const what = await fn(); // warm-up, and what the page shows
    const times = await timeRuns(RUNS, fn);
    console.log(`  ${name.padEnd(30)} p50 ${pct(times, 50).toFixed(1).padStart(7)} ms   p95 ${pct(times, 95).toFixed(1).padStart(7)} ms   (${what})`);
  }
  await db.close();
}

const url = process.env.DATABASE_URL;
await bench(
  `${url ? `PostgreSQL (${new URL(url).pathname.slice(1)})` : 'PGlite (in memory)'}, ${SUPPLIERS.toLocaleString('en')} suppliers, ${RUNS} runs each`,
  await openDatabase({ url }),
);
