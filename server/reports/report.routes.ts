import { Router, type Request, type Response, type NextFunction } from 'express';
import multer from 'multer';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { uuidParam } from '../http/params.ts';
import { parseInput } from '../http/validate.ts';
import { can } from '../auth/policy.ts';
import { ValidationFailed } from '../errors.ts';
import { pickLocale } from '../i18n/index.ts';
import type { Translate } from '../i18n/index.ts';
import type { ReportService } from './report.service.ts';
import type { ReportRow } from './report.queries.ts';
import { generateSchema, shaSchema } from './report.schema.ts';

export const VERIFY_MAX_BYTES = 25 * 1024 * 1024;
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: VERIFY_MAX_BYTES, files: 1, fields: 5 } }).single('file');

function reportView(r: ReportRow, t: Translate) {
  return {
    ...r,
    kindLabel: t(`reports.kinds.${r.kind}`),
    localeLabel: t(`reports.page.languages.${r.locale}`),
    statusLabel: t(`reports.page.status.${r.status}`),
    sizeKb: r.size ? Math.max(1, Math.round(r.size / 1024)) : null,
    error: r.error ? t(r.error.key, r.error.params) : null,
  };
}

/** ASCII file name for Content-Disposition: the title is free text. */
export function fileName(r: ReportRow): string {
  const base = r.title.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return `${base || 'report'}-${r.id.slice(0, 8)}.pdf`;
}

export function reportRoutes(deps: { reports: ReportService }): Router {
  const { reports } = deps;
  const r = Router();

  async function renderIndex(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    const actor = actorOf(req);
    const page = Math.max(1, Math.min(10_000, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    const list = await reports.list(actor, page);
    const choices = can(actor, 'reports.generate') ? await reports.formChoices(actor) : null;
    const today = await reports.today(actor);
    res.status(status).render('reports/index', {
      title: req.t('reports.page.title'), scripts: ['/static/build/supplier-lookup.js'],
      reports: list.rows.map((x) => reportView(x, req.t)),
      page: list.page,
      prevPage: list.page > 1 ? list.page - 1 : null,
      nextPage: list.page < list.pages ? list.page + 1 : null,
      choices,
      form: { kind: 'supplier', locale: pickLocale(req.locale), periodFrom: `${today.slice(0, 4)}-01-01`, periodTo: today, ...(extra.form as object) },
      ...extra,
    });
  }

  r.get('/reports', requireActor, requirePermission('reports.read'), (req, res) => renderIndex(req, res));

  r.post('/reports', requireActor, requirePermission('reports.generate'), async (req, res) => {
    try {
      // The supplier picker is a type-ahead: a typed name or RFC is resolved here, so it works without JavaScript.
      const body = { ...req.body };
      if (body.kind === 'supplier' && !body.supplierId && typeof body.supplier === 'string') body.supplierId = await reports.resolveSupplier(actorOf(req), body.supplier);
      const input = parseInput(generateSchema, body);
      const { jobId } = await reports.request(actorOf(req), input);
      res.redirect(303, `/jobs/${jobId}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      await renderIndex(req, res, 422, { form: req.body, issues: e.issues.map((i) => req.t(i.key, i.params)) });
    }
  });

  r.get('/reports/verify', requireActor, requirePermission('reports.read'), (req, res) => {
    res.render('reports/verify', { title: req.t('reports.verify.title') });
  });

  r.post(
    '/reports/verify',
    requireActor,
    requirePermission('reports.read'),
    (req: Request, res: Response, next: NextFunction) =>
      upload(req, res, (err: unknown) => {
        if (err instanceof multer.MulterError) {
          const key = err.code === 'LIMIT_FILE_SIZE' ? 'reports.errors.fileTooLarge' : 'reports.errors.nothingToVerify';
          return res.status(422).render('reports/verify', { title: req.t('reports.verify.title'), issues: [req.t(key)] });
        }
        next(err);
      }),
    async (req, res) => {
      const file = req.file?.buffer?.length ? req.file : undefined;
      const pasted = String(req.body?.sha256 ?? '').trim();
      try {
        if (!file && !pasted) throw new ValidationFailed([{ field: 'file', key: 'reports.errors.nothingToVerify' }]);
        const sha256 = file ? undefined : parseInput(shaSchema, pasted);
        const result = await reports.verify(actorOf(req), { file: file?.buffer, fileName: file?.originalname, sha256 }, req.ip);
        res.render('reports/verify', { title: req.t('reports.verify.title'), result, matched: result.matches.length > 0 });
      } catch (e) {
        if (!(e instanceof ValidationFailed)) throw e;
        res.status(422).render('reports/verify', { title: req.t('reports.verify.title'), issues: e.issues.map((i) => req.t(i.key, i.params)), sha256: pasted });
      }
    },
  );

  r.get('/reports/:id', requireActor, requirePermission('reports.read'), async (req, res) => {
    const report = await reports.get(actorOf(req), uuidParam(req.params.id));
    res.render('reports/show', { title: report.title, report: reportView(report, req.t) });
  });

  // Always an attachment: a PDF is never rendered inside the app's origin.
  r.get('/reports/:id/download', requireActor, requirePermission('reports.read'), async (req, res) => {
    const { report, bytes } = await reports.download(actorOf(req), uuidParam(req.params.id), req.ip);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Length', String(bytes.length));
    res.setHeader('Content-Disposition', `attachment; filename="${fileName(report)}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Digest', `sha-256=${Buffer.from(report.sha256!, 'hex').toString('base64')}`);
    res.end(bytes);
  });

  return r;
}
