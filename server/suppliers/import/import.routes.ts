import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import { actorOf, requireActor, requirePermission } from '../../http/tenant.ts';
import { uuidParam } from '../../http/params.ts';
import { flash } from '../../http/flash.ts';
import { Conflict, ValidationFailed } from '../../errors.ts';
import { translator } from '../../i18n/index.ts';
import { mexicoTerritories } from '../../territories/territory.data.ts';
import { formatIssue } from './issues.ts';
import { toMegabytes } from './limits.ts';
import { buildTemplateCsv, buildTemplateXlsx } from './template.ts';
import type { PlaceChoiceInput, SupplierImportService } from './import.service.ts';
import { choiceLabel, previewView } from './import.view.ts';

const STYLES = ['/static/build/suppliers.css'];

function receive(req: Request, res: Response, maxBytes: number): Promise<unknown> {
  // Names as browsers send them (UTF-8), not busboy's Latin-1 default: "Proveedores Querétaro.csv".
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 5 }, defParamCharset: 'utf8' }).single('file');
  return new Promise((resolve) => upload(req, res, (err?: unknown) => resolve(err ?? null)));
}

/** Upload, preview (with territory choices), commit, and the template downloads. */
export function supplierImportRoutes(deps: { supplierImports: SupplierImportService }): Router {
  const imports = deps.supplierImports;
  const r = Router();
  const write = [requireActor, requirePermission('suppliers.write')];

  async function renderUpload(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const recent = await imports.recent(actorOf(req));
    res.render('suppliers/import', {
      title: req.t('imports.page.title'),
      styles: STYLES,
      limits: { maxRows: imports.limits.maxRows, maxMb: toMegabytes(imports.limits.maxFileBytes) },
      recent: recent.map((i) => ({ ...i, statusLabel: req.t(`imports.status.${i.status}`) })),
      ...extra,
    });
  }

  r.get('/suppliers/import', ...write, (req, res) => renderUpload(req, res));

  r.get('/suppliers/import/template.csv', ...write, (req, res) => {
    res.attachment(`${req.t('imports.page.templateFile')}.csv`).type('text/csv; charset=utf-8').send(buildTemplateCsv(translator('es-MX')));
  });

  r.get('/suppliers/import/template.xlsx', ...write, async (req, res) => {
    const states = mexicoTerritories().filter((t) => t.level === 'state').map((t) => t.name);
    const xlsx = await buildTemplateXlsx({ es: translator('es-MX'), en: translator('en'), states });
    res.attachment(`${req.t('imports.page.templateFile')}.xlsx`).send(xlsx);
  });

  r.post('/suppliers/import', ...write, async (req, res) => {
    const err = await receive(req, res, imports.limits.maxFileBytes);
    if (err) {
      if (!(err instanceof multer.MulterError)) throw err;
      const tooLarge = err.code === 'LIMIT_FILE_SIZE';
      res.status(tooLarge ? 413 : 422);
      const key = tooLarge ? 'imports.upload.tooLarge' : 'imports.upload.noFile';
      return renderUpload(req, res, { issues: [req.t(key, { maxMb: toMegabytes(imports.limits.maxFileBytes) })] });
    }
    if (!req.file || req.file.size === 0) {
      res.status(422);
      return renderUpload(req, res, { issues: [req.t(req.file ? 'imports.errors.fileEmpty' : 'imports.upload.noFile')] });
    }
    const outcome = await imports.upload(actorOf(req), { name: req.file.originalname, bytes: req.file.buffer });
    if (!outcome.ok) {
      res.status(outcome.errors.some((e) => e.code === 'imports.errors.fileTooLarge') ? 413 : 422);
      return renderUpload(req, res, { issues: outcome.errors.map((e) => formatIssue(req.t, e)) });
    }
    res.redirect(`/suppliers/import/${outcome.id}`);
  });

  async function renderPreview(req: Request, res: Response, id: string, extra: Record<string, unknown> = {}) {
    const row = await imports.get(actorOf(req), id);
    res.render('suppliers/import-preview', { title: req.t('imports.preview.title'), styles: STYLES, preview: previewView(row, req.t), ...extra });
  }

  r.get('/suppliers/import/:id', ...write, async (req, res) => {
    const id = uuidParam(req.params.id);
    if (typeof req.query.placeSearch !== 'string') return renderPreview(req, res, id);
    // A GET form, so searching beyond the offered candidates works without JavaScript.
    const text = req.query.placeSearch.trim().slice(0, 120);
    if (text.length < 2) {
      res.status(422);
      return renderPreview(req, res, id, { placeSearch: { text, error: req.t('imports.places.searchTooShort') } });
    }
    const found = await imports.findPlaces(actorOf(req), text);
    await renderPreview(req, res, id, { placeSearch: { text, results: found.map((c) => ({ code: c.code, label: choiceLabel(c, req.t) })) } });
  });

  r.post('/suppliers/import/:id/places', ...write, async (req, res) => {
    const id = uuidParam(req.params.id);
    const body = req.body as Record<string, string | undefined>;
    const choices: PlaceChoiceInput[] = [];
    for (const name of Object.keys(body)) {
      const m = /^(place|code)_(\d{1,6})$/.exec(name);
      if (!m) continue;
      const index = Number(m[2]);
      let c = choices.find((x) => x.index === index);
      if (!c) choices.push((c = { index }));
      if (m[1] === 'place') c.candidate = String(body[name] ?? '');
      else c.typed = String(body[name] ?? '');
    }
    const issues = await imports.choosePlaces(actorOf(req), id, choices);
    if (issues.length > 0) {
      res.status(422);
      return renderPreview(req, res, id, { issues: issues.map((i) => req.t(i.key, i.params)) });
    }
    flash(req, 'success', 'imports.places.saved');
    res.redirect(`/suppliers/import/${id}#places`);
  });

  r.post('/suppliers/import/:id/commit', ...write, async (req, res) => {
    const id = uuidParam(req.params.id);
    try {
      const jobId = await imports.commit(actorOf(req), id);
      res.redirect(`/jobs/${jobId}`);
    } catch (e) {
      if (!(e instanceof Conflict) && !(e instanceof ValidationFailed)) throw e;
      res.status(e.status);
      await renderPreview(req, res, id, { issues: [req.t(e.key, e.params)] });
    }
  });

  return r;
}
