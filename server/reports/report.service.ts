import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize, can } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Conflict, DomainError, Forbidden, NotFound } from '../errors.ts';
import { translator, type Locale } from '../i18n/index.ts';
import type { JobService } from '../jobs/job.service.ts';
import { insertJob } from '../jobs/job.queries.ts';
import { createSupplierLookupService } from '../suppliers/supplier-lookup.service.ts';
import { formatDay, todayIn } from '../dates/local-day.ts';
import { orgTimeZone } from '../dates/org-zone.queries.ts';
import * as reports from './report.queries.ts';
import type { ReportKind, ReportRow } from './report.queries.ts';
import type { GenerateInput } from './report.schema.ts';
import { createReportStorage, sha256Hex } from './report.storage.ts';
import { renderReportHtml, type RenderedHtml } from './report.templates.ts';
import type { PdfRenderer } from './pdf-renderer.ts';
import { buildSupplierReport, supplierReportTitle, type BuildInput, type BuiltReport } from './supplier.report.ts';
import { buildCompanyReport } from './company.report.ts';
import { assertPortfolioActor, buildPortfolioReport } from './portfolio.report.ts';
import { registerReportJob } from './report.job.ts';
import { emitWebhookEvent } from '../webhooks/webhook.emit.ts';

export const REPORT_JOB = 'report';
const PAGE_SIZE = 50;

export interface ReportServiceDeps {
  db: Database;
  jobs: JobService;
  renderer: PdfRenderer;
  storageDir: string;
  baseUrl: string;
  /** The clock reports read "now" from (tests set it to just before a local midnight). */
  clock?: () => Date;
}

/** What a report is generated from: the stored request (or, for the benchmark, one made up). */
export type ReportRequest = Pick<ReportRow, 'id' | 'kind' | 'params' | 'locale' | 'title' | 'author_name'>;

export interface VerifyResult {
  sha256: string;
  matches: { id: string; title: string; kind: ReportKind; authorName: string; generatedAt: Date | null }[];
}

export function canGeneratePortfolio(actor: Actor): boolean {
  return actor.orgKind === 'consultancy' && actor.via === 'membership' && can(actor, 'reports.generate');
}

export function createReportService(deps: ReportServiceDeps) {
  const { db, jobs, renderer } = deps;
  const supplierLookup = createSupplierLookupService(db);
  const storage = createReportStorage(deps.storageDir);
  const tx = <T>(actor: Actor, fn: (q: Queryable) => Promise<T>) => db.tx(dbContext(actor), fn);
  const clock = deps.clock ?? (() => new Date());
  /** "Today" in the organisation's time zone, by the service's clock. */
  const today = async (actor: Actor) => todayIn(await tx(actor, orgTimeZone), clock());

  /** `window` (limit + offset) is the API's; the page numbers pages of PAGE_SIZE. */
  async function list(actor: Actor, page = 1, window?: { limit: number; offset: number }) {
    authorize(actor, 'reports.read');
    const { rows, total } = await tx(actor, (q) => reports.listReports(q, window?.limit ?? PAGE_SIZE, window?.offset ?? (page - 1) * PAGE_SIZE));
    return { rows, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
  }

  async function get(actor: Actor, id: string): Promise<ReportRow> {
    authorize(actor, 'reports.read');
    const report = await tx(actor, (q) => reports.selectReport(q, id));
    if (!report) throw new NotFound();
    return report;
  }

  /** Choices of the generate form. */
  async function formChoices(actor: Actor) {
    authorize(actor, 'reports.generate');
    // The supplier is picked with a type-ahead search (suppliers/supplier-lookup), not a capped list.
    return { portfolio: canGeneratePortfolio(actor) };
  }

  /** The supplier a typed name or RFC names (the picker without JavaScript); errors name the field. */
  async function resolveSupplier(actor: Actor, typed: string): Promise<string> {
    authorize(actor, 'reports.generate');
    return supplierLookup.resolve(actor, typed, 'supplier');
  }

  /** Queues a report: the row (status queued) and its job commit together. */
  async function request(actor: Actor, input: GenerateInput): Promise<{ reportId: string; jobId: string }> {
    authorize(actor, 'reports.generate');
    const t = translator(input.locale);
    const day = await today(actor);
    let params: Record<string, unknown>;
    let title: string;
    if (input.kind === 'supplier') {
      params = { supplierId: input.supplierId!.toLowerCase() };
      title = await supplierReportTitle(db, actor, t, params.supplierId as string);
    } else if (input.kind === 'company') {
      params = { from: input.periodFrom ?? `${day.slice(0, 4)}-01-01`, to: input.periodTo ?? day };
      title = t('reports.company.title', { org: actor.orgName, from: formatDay(String(params.from), input.locale), to: formatDay(String(params.to), input.locale) });
    } else {
      assertPortfolioActor(actor);
      params = {};
      title = t('reports.portfolio.title', { org: actor.orgName });
    }
    const reportId = randomUUID();
    const jobId = await tx(actor, async (q) => {
      const id = await insertJob(q, { kind: REPORT_JOB, payload: { reportId }, createdBy: actor.userId });
      await reports.insertReport(q, { id: reportId, kind: input.kind, title, params, locale: input.locale, authorUserId: actor.userId, authorName: actor.userName, jobId: id });
      await recordAudit(q, actor, { action: 'report.requested', targetType: 'report', targetId: reportId, details: { kind: input.kind, locale: input.locale, params } });
      return id;
    });
    return { reportId, jobId };
  }

  function gather(r: ReportRequest, input: BuildInput): Promise<BuiltReport> {
    if (r.kind === 'supplier') return buildSupplierReport(input, { supplierId: String(r.params.supplierId) });
    if (r.kind === 'company') return buildCompanyReport(input, { from: String(r.params.from), to: String(r.params.to) });
    return buildPortfolioReport(input);
  }

  /** Data gathering + template: the final HTML of a report and its PDF footer. */
  async function prepare(actor: Actor, r: ReportRequest): Promise<RenderedHtml & { built: BuiltReport }> {
    const locale = r.locale as Locale;
    const t = translator(locale);
    const timeZone = await tx(actor, orgTimeZone);
    const built = await gather(r, { db, actor, t, locale, today: todayIn(timeZone, clock()), baseUrl: deps.baseUrl });
    const rendered = renderReportHtml(
      {
        kind: r.kind, locale, title: r.title, orgName: actor.orgName, authorName: r.author_name, generatedAt: clock(),
        reportId: r.id, dataset: built.dataset, timeZone,
      },
      built.data,
    );
    return { ...rendered, built };
  }

  /** The job: gather, render, store once, record the hash. A failure marks the report failed. */
  async function generate(actor: Actor, reportId: string, progress: (done: number, total: number) => Promise<void>) {
    const report = await tx(actor, (q) => reports.selectReport(q, reportId));
    if (!report) throw new NotFound();
    const href = `/reports/${report.id}`;
    if (report.status !== 'queued') return { href, reportId };
    try {
      await progress(1, 4);
      const { html, footerTemplate, built } = await prepare(actor, report);
      await progress(2, 4);
      const { pdf, pages } = await renderer.render(html, { footerTemplate });
      await progress(3, 4);
      const sha256 = sha256Hex(pdf);
      const filePath = await storage.write(actor.orgId, report.id, pdf);
      await tx(actor, async (q) => {
        if (!(await reports.markReady(q, report.id, { filePath, sha256, size: pdf.length, pages, dataset: built.dataset }))) {
          throw new Conflict('reports.errors.notQueued');
        }
        await recordAudit(q, actor, {
          action: 'report.generated', targetType: 'report', targetId: report.id,
          details: { kind: report.kind, sha256, size: pdf.length, pages, datasetVersion: built.dataset.version, datasetIsDemo: built.dataset.isDemo },
        });
        await emitWebhookEvent(q, 'report.ready', { reportId: report.id, kind: report.kind, sha256 });
      });
      await progress(4, 4);
      return { href, reportId, sha256 };
    } catch (err) {
      const error = err instanceof DomainError ? { key: err.key, params: err.params } : { key: 'reports.errors.renderFailed', params: {} };
      await tx(actor, (q) => reports.markFailed(q, report.id, error));
      throw err;
    }
  }

  /**
   * The stored bytes for a download, hashed again first: a file that no longer matches the
   * SHA-256 recorded at generation is refused (and the refusal logged), never served.
   */
  async function download(actor: Actor, id: string, ip?: string | null) {
    const report = await get(actor, id);
    if (report.status !== 'ready' || !report.file_path) throw new NotFound();
    const bytes = await storage.read(report.file_path);
    const actual = bytes ? sha256Hex(bytes) : null;
    if (!bytes || actual !== report.sha256) {
      await tx(actor, (q) =>
        recordAudit(q, actor, { action: 'report.integrityFailed', targetType: 'report', targetId: id, details: { expected: report.sha256, actual, missing: !bytes } }, ip),
      );
      throw new Conflict(bytes ? 'reports.errors.tampered' : 'reports.errors.fileMissing', { sha256: report.sha256 });
    }
    await tx(actor, (q) =>
      recordAudit(q, actor, { action: 'report.downloaded', targetType: 'report', targetId: id, details: { sha256: actual, size: bytes.length } }, ip),
    );
    return { report, bytes };
  }

  /** Does this PDF (or hash) match a report of the organisation? Logged either way. */
  async function verify(actor: Actor, input: { sha256?: string; file?: Uint8Array; fileName?: string }, ip?: string | null): Promise<VerifyResult> {
    authorize(actor, 'reports.read');
    const sha256 = input.file ? sha256Hex(input.file) : input.sha256;
    if (!sha256) throw new Forbidden();
    return tx(actor, async (q) => {
      const found = await reports.selectReportsBySha(q, sha256);
      await recordAudit(
        q, actor,
        { action: 'report.verified', targetType: 'report', targetId: found[0]?.id, details: { sha256, source: input.file ? 'upload' : 'hash', fileName: input.fileName, matched: found.map((r) => r.id) } },
        ip,
      );
      return {
        sha256,
        matches: found.map((r) => ({ id: r.id, title: r.title, kind: r.kind, authorName: r.author_name, generatedAt: r.generated_at })),
      };
    });
  }

  registerReportJob(jobs, REPORT_JOB, (actor, reportId, progress) => generate(actor, reportId, progress), (actor, reportId) =>
    tx(actor, (q) => reports.markFailed(q, reportId, { key: 'jobs.abandoned', params: {} })));

  return { list, get, formChoices, resolveSupplier, today, request, prepare, generate, download, verify, close: () => renderer.close(), renderer };
}

export type ReportService = ReturnType<typeof createReportService>;
