import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import type { TemplateService } from './template.service.ts';
import type { Condition, QuestionnaireTemplate } from './template.schema.ts';
import { CONDITION_OPERATORS } from './template.schema.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { uuidParam } from '../http/params.ts';
import { flash } from '../http/flash.ts';
import { Conflict, ValidationFailed } from '../errors.ts';
import { hasKey, type Locale, type Translate } from '../i18n/index.ts';

const MAX_TEMPLATE_BYTES = 1024 * 1024;
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_TEMPLATE_BYTES, files: 1, fields: 10 } }).single('file');

function parseUpload(req: Request, res: Response): Promise<unknown> {
  return new Promise((resolve) => upload(req, res, (err?: unknown) => resolve(err ?? null)));
}

const text = (v: { es: string; en: string }, locale: Locale) => (locale === 'en' ? v.en : v.es);

function conditionText(c: Condition, t: Translate): string {
  const op = CONDITION_OPERATORS.find((o) => c[o] !== undefined)!;
  const value = c[op];
  return `${t(`questionnaires.library.operators.${op}`)} ${Array.isArray(value) ? value.join(', ') : String(value)}`;
}

/** A read-only rendering of a template definition for authors and analysts. */
function definitionView(def: QuestionnaireTemplate, locale: Locale, t: Translate) {
  const label = (prefix: string, code: string) => (hasKey(locale, `${prefix}.${code}`) ? t(`${prefix}.${code}`) : code);
  return def.sections.map((s, si) => ({
    id: s.id, title: text(s.title, locale), description: s.description ? text(s.description, locale) : null,
    questions: s.questions.map((q, qi) => ({
      id: q.id, ordinal: `${si + 1}.${qi + 1}`, text: text(q.text, locale), help: q.help ? text(q.help, locale) : null,
      type: t(`questionnaires.types.${q.type}`), required: q.required,
      showIf: q.showIf ? { questionId: q.showIf.questionId, condition: conditionText(q.showIf as Condition, t) } : null,
      options: (q.options ?? []).map((o) => ({
        value: o.value, label: text(o.label, locale), score: o.score ?? null,
        redFlag: o.redFlag ? label('questionnaires.redFlags', o.redFlag.code) : null, unknown: o.unknown === true,
      })),
      scoring: q.scoring ? {
        control: label('questionnaires.controls', q.scoring.control ?? 'other'), maxPoints: q.scoring.maxPoints, countWhenHidden: q.scoring.countWhenHidden === true,
      } : null,
      redFlags: (q.redFlags ?? []).map((r) => ({ label: label('questionnaires.redFlags', r.code), severity: r.severity, when: conditionText(r.when, t) })),
    })),
  }));
}

export function templateRoutes(deps: { templates: TemplateService }): Router {
  const { templates } = deps;
  const r = Router();

  async function renderList(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const list = await templates.list(actorOf(req));
    res.render('questionnaires/index', {
      title: req.t('questionnaires.library.title'),
      templates: list.map((x) => ({ ...x, title: req.locale === 'en' ? x.title_en : x.title_es })),
      ...extra,
    });
  }

  r.get('/questionnaires', requireActor, requirePermission('assessments.read'), (req, res) => renderList(req, res));

  r.post('/questionnaires/import', requireActor, requirePermission('assessments.write'), async (req, res) => {
    const err = await parseUpload(req, res);
    try {
      if (err) {
        if (!(err instanceof multer.MulterError)) throw err;
        throw new ValidationFailed([{ field: 'file', key: err.code === 'LIMIT_FILE_SIZE' ? 'questionnaires.library.fileTooLarge' : 'questionnaires.library.noFile', params: {} }]);
      }
      if (!req.file) throw new ValidationFailed([{ field: 'file', key: 'questionnaires.library.noFile', params: {} }]);
      const { id, outcome } = await templates.importJson(actorOf(req), req.file.buffer.toString('utf8').replace(/^\uFEFF/, ''));
      flash(req, 'success', `questionnaires.library.outcome.${outcome}`);
      res.redirect(`/questionnaires/${id}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed) && !(e instanceof Conflict)) throw e;
      res.status(e.status);
      const issues = e instanceof ValidationFailed ? e.issues.map((i) => req.t(i.key, i.params)) : [req.t(e.key, e.params)];
      await renderList(req, res, { issues, importFailed: true });
    }
  });

  r.get('/questionnaires/:id', requireActor, requirePermission('assessments.read'), async (req, res) => {
    const row = await templates.get(actorOf(req), uuidParam(req.params.id));
    res.render('questionnaires/show', {
      title: text(row.definition.title, req.locale), template: row,
      description: text(row.definition.description, req.locale),
      sections: definitionView(row.definition, req.locale, req.t),
    });
  });

  r.get('/questionnaires/:id/export', requireActor, requirePermission('assessments.read'), async (req, res) => {
    const { filename, json } = await templates.exportJson(actorOf(req), uuidParam(req.params.id));
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(json);
  });

  return r;
}
