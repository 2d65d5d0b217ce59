/**
 * PDF report overhead: in one run, on one Chromium, N renders of a 1-page supplier report
 * through the real pipeline (data gathering in a tenant transaction + Handlebars template +
 * renderer pool) against N prints of the same final HTML by bare puppeteer-core (new page,
 * setContent, pdf, close). Prints both medians and their ratio; the target is ≤ 1.5.
 * Always on in-memory PGlite; on PostgreSQL when DATABASE_URL names a fresh database.
 *
 *   npm run bench:report [-- runs]
 *   npx tsx scripts/bench/report.ts [runs]
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/index.ts';
import type { Actor } from '../../server/auth/actor.ts';
import { createUser } from '../../server/auth/auth.queries.ts';
import { insertMembership, insertOrganization } from '../../server/organizations/organization.queries.ts';
import { prepareReferenceData } from '../../server/startup.ts';
import { initI18n } from '../../server/i18n/index.ts';
import { createLogger } from '../../server/logger.ts';
import { createJobService } from '../../server/jobs/job.service.ts';
import { createSupplierService } from '../../server/suppliers/supplier.service.ts';
import { createSiteService } from '../../server/suppliers/site.service.ts';
import { supplierSchema } from '../../server/suppliers/supplier.schema.ts';
import { siteSchema } from '../../server/suppliers/site.schema.ts';
import { rescoreOrganization } from '../../server/scores/rescore.ts';
import { createPdfRenderer } from '../../server/reports/pdf-renderer.ts';
import { createReportService, type ReportRequest } from '../../server/reports/report.service.ts';
import { CHARTS_BUNDLE } from '../../server/reports/report.templates.ts';

const RUNS = Number(process.argv[2] ?? 15);
const WARMUP = 3;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function seed(db: Awaited<ReturnType<typeof openDatabase>>): Promise<{ actor: Actor; supplierId: string }> {
  const slug = `bench-${randomUUID().slice(0, 8)}`;
  const { orgId, userId } = await db.admin(async (q) => {
    const orgId = await insertOrganization(q, { kind: 'company', name: 'Bench Alimentos', slug });
    const userId = await createUser(q, { email: `${slug}@bench.test`, name: 'Analista Bench', passwordHash: 'x' });
    await insertMembership(q, { orgId, userId, role: 'analyst' });
    return { orgId, userId };
  });
  const actor: Actor = { orgId, orgName: 'Bench Alimentos', orgKind: 'company', role: 'analyst', via: 'membership', userId, userName: 'Analista Bench', isPlatformAdmin: false };
  const suppliers = createSupplierService(db);
  const sites = createSiteService(db);
  const { id } = await suppliers.create(actor, supplierSchema.parse({ legalName: 'Café Soconusco Exportadora, S.A. de C.V.', taxId: 'CSE190312AB1', sectorCode: '111', tier: '1', status: 'active' }));
  for (const [name, code, lat, lon] of [['Finca Santa Rita', '07089', '14.9056', '-92.2629'], ['Beneficio Huixtla', '07040', '15.1394', '-92.4661'], ['Finca El Progreso', '07089', '14.95', '-92.20']]) {
    await sites.create(actor, id, siteSchema.parse({ name, territoryCode: code, latitude: lat, longitude: lon, workforceTotal: '60', workforceSeasonal: '30' }));
  }
  await rescoreOrganization(db, actor);
  return { actor, supplierId: id };
}

async function main() {
  if (!existsSync(CHARTS_BUNDLE)) execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'build-client.mjs')], { stdio: 'inherit' });
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  await initI18n();
  const db = await openDatabase({ url: process.env.DATABASE_URL });
  await prepareReferenceData(db);
  const { actor, supplierId } = await seed(db);

  const renderer = createPdfRenderer({ executablePath: config.CHROMIUM_PATH });
  const jobs = createJobService({ db, logger: createLogger('silent') });
  const reports = createReportService({ db, jobs, renderer, storageDir: path.join(tmpdir(), 'vigia-bench'), baseUrl: config.baseUrl });
  const request: ReportRequest = {
    id: randomUUID(), kind: 'supplier', params: { supplierId }, locale: 'es-MX', title: 'Informe de proveedor: Café Soconusco Exportadora, S.A. de C.V.', author_name: actor.userName,
  };
  const browser = await renderer.browser();
  const pdfOptions = renderer.printOptions;

  let finalHtml = '';
  let footer = '';
  let pages = 0;
  const pipeline = async () => {
    const started = performance.now();
    const { html, footerTemplate } = await reports.prepare(actor, request);
    const out = await renderer.render(html, { footerTemplate });
    finalHtml = html;
    footer = footerTemplate;
    pages = out.pages;
    return performance.now() - started;
  };
  const bare = async () => {
    const started = performance.now();
    const page = await browser.newPage();
    await page.setContent(finalHtml);
    await page.pdf({ ...pdfOptions, printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: footer });
    await page.close();
    return performance.now() - started;
  };

  for (let i = 0; i < WARMUP; i++) {
    await pipeline();
    await bare();
  }
  // Alternated, so drift on a shared machine hits both sides alike.
  const a: number[] = [];
  const b: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) {
    a.push(await pipeline());
    b.push(await bare());
  }
  const used = process.cpuUsage(cpu);
  const ma = median(a);
  const mb = median(b);
  const ratio = ma / mb;
  console.log(`database: ${db.kind}  ·  runs: ${RUNS} each (after ${WARMUP} warm-up)  ·  report pages: ${pages}  ·  HTML: ${(finalHtml.length / 1024).toFixed(0)} KB`);
  console.log(`pipeline (data + template + pool render): median ${ma.toFixed(1)} ms  (min ${Math.min(...a).toFixed(1)}, max ${Math.max(...a).toFixed(1)})`);
  console.log(`bare Chromium (new page + setContent + pdf): median ${mb.toFixed(1)} ms  (min ${Math.min(...b).toFixed(1)}, max ${Math.max(...b).toFixed(1)})`);
  console.log(`ratio pipeline / bare: ${ratio.toFixed(2)}  (target ≤ 1.5: ${ratio <= 1.5 ? 'met' : 'NOT met'})  ·  Node CPU ${((used.user + used.system) / 1000).toFixed(0)} ms`);
  await renderer.close();
  await db.close();
  if (pages !== 1) {
    console.error(`expected a 1-page report, got ${pages}`);
    process.exitCode = 1;
  }
}

await main();
