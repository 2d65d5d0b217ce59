import { Router, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { actorOf, requireActor } from '../http/tenant.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { Conflict, ValidationFailed, type FieldIssue } from '../errors.ts';
import type { Locale } from '../i18n/index.ts';
import type { Translate } from '../maps/map-labels.ts';
import { levelLabel } from '../territories/territory.map.ts';
import { authorizePlatformAdmin, type RiskDatasetAdminService } from './risk-dataset-admin.service.ts';
import type { RiskDataset } from './risk-dataset.service.ts';
import { type ImportOptionsInput, importOptionsSchema, optionIssues } from './risk-dataset.schema.ts';
import { DEFAULT_LEVELS, parseScaleSpec } from './risk-dataset.scale.ts';

/** Largest dataset file accepted: a full municipal table is ~150 KB as CSV, a few hundred as XLSX. */
export const DATASET_MAX_BYTES = 20 * 1024 * 1024;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: DATASET_MAX_BYTES, files: 1, fields: 20, fieldSize: 10_000 },
  defParamCharset: 'utf8',
} as multer.Options).single('file');

function parseMultipart(req: Request, res: Response): Promise<unknown> {
  return new Promise((resolve) => upload(req, res, (err?: unknown) => resolve(err ?? null)));
}

/** Guard for platform-wide administration (users.is_platform_admin), whatever the role in the organisation. */
export const requirePlatformAdmin: RequestHandler = (req, _res, next) => {
  authorizePlatformAdmin(req.actor);
  next();
};

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The upload form's fields as import options; an unreadable level scale is reported like any field. */
function optionsFromForm(body: Record<string, unknown>): { options: ImportOptionsInput; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const spec = text(body.levels);
  const levels = spec ? parseScaleSpec(spec) : undefined;
  if (levels === null) issues.push({ field: 'levels', key: 'riskDatasets.admin.badLevels', params: { value: spec } });
  return {
    options: {
      country: 'MX',
      name: text(body.name),
      version: text(body.version) || undefined,
      source: text(body.source),
      year: text(body.year),
      licence: text(body.licence),
      isDemo: body.isDemo === 'on',
      levels: levels ?? undefined,
    },
    issues,
  };
}

function datasetRows(datasets: RiskDataset[], t: Translate, locale: Locale) {
  return datasets.map((d) => ({
    ...d,
    levels: d.levelScale.map((l) => `${levelLabel(t, locale, l.level)} (${l.score})`).join(', '),
    canActivate: !d.isActive && d.status === 'ready',
  }));
}

export function riskDatasetRoutes(deps: { riskDatasetAdmin: RiskDatasetAdminService }): Router {
  const admin = deps.riskDatasetAdmin;
  const r = Router();
  const guard = [requireActor, requirePlatformAdmin];

  async function renderPage(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const datasets = await admin.list(actorOf(req));
    res.render('risk-datasets/index', {
      title: req.t('riskDatasets.admin.title'),
      styles: ['/static/build/territories.css'],
      datasets: datasetRows(datasets, req.t, req.locale),
      defaultLevels: DEFAULT_LEVELS.join(','),
      maxMegabytes: DATASET_MAX_BYTES / 1024 / 1024,
      form: { year: String(new Date().getFullYear()) },
      ...extra,
    });
  }

  r.get('/settings/risk-datasets', ...guard, (req, res) => renderPage(req, res));

  r.post('/settings/risk-datasets', ...guard, async (req, res) => {
    const multipartError = await parseMultipart(req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const rejected = (message: string, issues: FieldIssue[] = []) =>
      renderPage(req, res.status(422), {
        form: body,
        rejection: {
          message,
          issues: issues.map((i) => ({
            row: i.row,
            column: i.field,
            reason: req.t(i.key, { ...i.params, row: i.row, field: i.field }),
          })),
        },
      });

    if (multipartError) {
      if (!(multipartError instanceof multer.MulterError)) throw multipartError;
      const key = multipartError.code === 'LIMIT_FILE_SIZE' ? 'riskDatasets.admin.tooLarge' : 'riskDatasets.admin.uploadFailed';
      return rejected(req.t(key, { max: DATASET_MAX_BYTES / 1024 / 1024 }));
    }
    const { options, issues } = optionsFromForm(body);
    if (!req.file || req.file.size === 0) issues.push({ field: 'file', key: 'riskDatasets.admin.noFile' });
    if (issues.length) {
      // Say everything that is wrong with the form at once, not one field per attempt.
      const parsed = importOptionsSchema.safeParse(options);
      if (!parsed.success) issues.unshift(...optionIssues(parsed.error));
      return rejected(req.t('riskDatasets.errors.invalidOptions'), issues);
    }

    try {
      const report = await admin.import(actorOf(req), {
        file: req.file!.buffer,
        fileName: req.file!.originalname,
        options,
        // "Put in use" goes through the same confirmation as the list's button.
        activate: false,
        ip: req.ip,
      });
      const d = report.dataset;
      flash(req, 'success', 'riskDatasets.admin.imported', { version: d.version, rows: d.rowCount });
      if (report.ignoredColumns.length) flash(req, 'info', 'riskDatasets.admin.ignoredColumns', { columns: report.ignoredColumns.join(', ') });
      res.redirect(303, body.activate === 'on' ? `/settings/risk-datasets/${d.id}/activate` : '/settings/risk-datasets');
    } catch (e) {
      if (e instanceof ValidationFailed) return rejected(req.t(e.key, e.params), e.issues);
      if (e instanceof Conflict) return rejected(req.t(e.key, e.params));
      throw e;
    }
  });

  /** One dataset serves every tenant: show what it covers and ask before putting it in use. */
  async function renderConfirm(req: Request, res: Response, id: string) {
    const { dataset, active, coverage } = await admin.coverage(actorOf(req), id);
    const [rows] = datasetRows([dataset], req.t, req.locale);
    res.render('risk-datasets/confirm', {
      title: req.t('riskDatasets.confirm.title', { version: dataset.version }),
      dataset: rows, active,
      byLevel: coverage.byLevel.map((c) => ({ ...c, label: req.t(`riskDatasets.confirm.levels.${c.level}`), partial: c.covered < c.total })),
      byRiskLevel: coverage.byRiskLevel.map((c) => ({ ...c, label: levelLabel(req.t, req.locale, c.riskLevel) })),
    });
  }

  r.get('/settings/risk-datasets/:id/activate', ...guard, (req, res) => renderConfirm(req, res, uuidParam(req.params.id)));

  r.post('/settings/risk-datasets/:id/activate', ...guard, async (req, res) => {
    if (req.body?.confirm !== 'yes') return renderConfirm(req, res, uuidParam(req.params.id));
    const result = await admin.activate(actorOf(req), uuidParam(req.params.id), req.ip);
    flash(req, 'success', 'riskDatasets.admin.nowActive', { version: result.dataset.version, jobs: result.rescoreJobs });
    res.redirect(303, '/settings/risk-datasets');
  });

  return r;
}
