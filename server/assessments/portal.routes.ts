import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import { pickLocale, translator, type Locale } from '../i18n/index.ts';
import type { AnswerIssue } from '../questionnaires/answers.ts';
import type { AnswerValue } from '../questionnaires/conditions.ts';
import { safeDecode } from '../http/params.ts';
import { questionnaireView, textIn } from './assessment.view.ts';
import { formatDay } from './assessment.mail.ts';
import { EVIDENCE_MAX_BYTES } from './evidence.sniff.ts';
import type { IncomingFile, RejectedFile } from './evidence.service.ts';
import { PortalClosed, type createPortalService } from './portal.service.ts';

type PortalService = ReturnType<typeof createPortalService>;

const UPLOAD_PREFIX = 'upload_';

// Memory storage: files are sniffed and hashed before anything touches the disk.
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: EVIDENCE_MAX_BYTES, files: 5, fields: 1000, fieldSize: 100_000, parts: 1100 },
  defParamCharset: 'utf8',
} as multer.Options).any();

function parseMultipart(req: Request, res: Response): Promise<unknown> {
  return new Promise((resolve) => upload(req, res, (err?: unknown) => resolve(err ?? null)));
}

/** The portal speaks the assessment's language unless the supplier switched (?lang or the language cookie). */
function portalLocale(req: Request, assessmentLanguage: string): Locale {
  const cookieLang = /(?:^|;\s*)lang=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  return pickLocale(typeof req.query.lang === 'string' ? req.query.lang : undefined, safeDecode(cookieLang), assessmentLanguage);
}

function useLocale(req: Request, res: Response, locale: Locale) {
  req.locale = locale;
  req.t = translator(locale);
  res.locals.locale = locale;
  res.locals.lang = locale === 'en' ? 'en' : 'es';
  res.locals.t = req.t;
}

function savedNotice(req: Request): string | null {
  const saved = typeof req.query.saved === 'string' ? Number(req.query.saved) : NaN;
  if (!Number.isInteger(saved) || saved < 0) return null;
  return saved > 0 ? req.t('assessments.portal.savedWithFiles', { count: saved }) : req.t('assessments.portal.saved');
}

export function portalRoutes(deps: { portal: PortalService }): Router {
  const { portal } = deps;
  const r = Router();

  function renderClosed(req: Request, res: Response, e: PortalClosed) {
    if (e.language) useLocale(req, res, portalLocale(req, e.language));
    const justSubmitted = e.reason === 'submitted' && req.query.submitted === '1';
    res.status(justSubmitted ? 200 : e.status).render('portal/closed', {
      title: req.t('assessments.portal.title'), bare: true, reason: e.reason, justSubmitted,
      message: req.t(justSubmitted ? 'assessments.portal.closed.thanks' : e.key),
    });
  }

  async function renderForm(
    req: Request, res: Response, token: string,
    override?: { answers: Record<string, AnswerValue>; errors: AnswerIssue[]; rejected: RejectedFile[]; saved?: boolean; uploadError?: { questionId: string; key: string } },
  ) {
    const data = await portal.open(token);
    const locale = portalLocale(req, data.assessment.language);
    useLocale(req, res, locale);
    const t = req.t;
    const evidence = new Map<string, { id: string; name: string; size: number; mime: string; uploadedAt: Date }[]>();
    for (const f of data.evidence) {
      evidence.set(f.question_id, [...(evidence.get(f.question_id) ?? []), { id: f.id, name: f.original_name, size: f.size, mime: f.mime, uploadedAt: f.uploaded_at }]);
    }
    const extraErrors = new Map<string, string>();
    for (const rj of override?.rejected ?? []) extraErrors.set(rj.questionId, t(rj.key, rj.params));
    if (override?.uploadError) extraErrors.set(override.uploadError.questionId, t(override.uploadError.key, { max: EVIDENCE_MAX_BYTES / 1024 / 1024 }));
    const sections = questionnaireView({
      template: data.template, answers: override?.answers ?? data.answers, locale, t, evidence, comments: data.comments,
      errors: override?.errors, extraErrors,
    });
    const problems = sections.flatMap((s) => s.questions.filter((q) => q.error).map((q) => ({ id: q.id, ordinal: q.ordinal, text: q.text, error: q.error })));
    const a = data.assessment;
    if (override) res.status(422);
    res.render('portal/form', {
      title: textIn(data.template.title, locale), bare: true,
      styles: ['/static/build/portal.css'], scripts: ['/static/build/portal.js'],
      token, orgName: data.ctx.actor.orgName, grievancePath: `/g/${data.ctx.orgSlug}`, assessment: a, dueLabel: a.due_date ? formatDay(a.due_date, locale) : '—',
      templateTitle: textIn(data.template.title, locale), description: textIn(data.template.description, locale),
      sections, problems, savedDespiteErrors: override?.saved ?? false, hasComments: data.comments.size > 0,
      savedNotice: override ? null : savedNotice(req),
      maxMegabytes: EVIDENCE_MAX_BYTES / 1024 / 1024,
    });
  }

  r.get('/portal/:token', async (req, res) => {
    try {
      await renderForm(req, res, req.params.token);
    } catch (e) {
      if (!(e instanceof PortalClosed)) throw e;
      renderClosed(req, res, e);
    }
  });

  r.post('/portal/:token', async (req, res) => {
    const token = req.params.token;
    try {
      await portal.resolve(token);
      const multipartError = await parseMultipart(req, res);
      if (multipartError) {
        if (!(multipartError instanceof multer.MulterError)) throw multipartError;
        const field = multipartError.field ?? '';
        const questionId = field.startsWith(UPLOAD_PREFIX) ? field.slice(UPLOAD_PREFIX.length) : '';
        const key = multipartError.code === 'LIMIT_FILE_SIZE' ? 'assessments.evidence.errors.uploadTooLarge' : 'assessments.evidence.errors.uploadFailed';
        const data = await portal.open(token);
        return await renderForm(req, res, token, { answers: data.answers, errors: [], rejected: [], uploadError: { questionId, key } });
      }
      const body = (req.body ?? {}) as Record<string, unknown>;
      const files: IncomingFile[] = ((req.files ?? []) as Express.Multer.File[])
        .filter((f) => f.fieldname.startsWith(UPLOAD_PREFIX) && f.size > 0)
        .map((f) => ({ questionId: f.fieldname.slice(UPLOAD_PREFIX.length), originalName: f.originalname, content: f.buffer }));
      const action = body.action === 'submit' ? 'submit' : 'save';
      const result = await portal.save(token, body, files, action);
      // Redirect after POST; the notice is a query flag because the portal's language is not the session's.
      const lang = typeof req.query.lang === 'string' ? `lang=${encodeURIComponent(req.query.lang)}&` : '';
      if (result.outcome === 'invalid') return await renderForm(req, res, token, result);
      if (result.outcome === 'submitted') return res.redirect(303, `/portal/${token}?${lang}submitted=1`);
      res.redirect(303, `/portal/${token}?${lang}saved=${files.length}`);
    } catch (e) {
      if (!(e instanceof PortalClosed)) throw e;
      renderClosed(req, res, e);
    }
  });

  return r;
}
