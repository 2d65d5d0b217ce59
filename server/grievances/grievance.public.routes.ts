import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import { pickLocale, translator, type Locale } from '../i18n/index.ts';
import { safeDecode } from '../http/params.ts';
import { ValidationFailed } from '../errors.ts';
import { GRIEVANCE_CATEGORIES } from './grievance.queries.ts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_FILES, WrongCode, type GrievanceIntake } from './grievance.intake.ts';
import { HONEYPOT_FIELD, limitSubmissions, type SubmissionLimiter } from './grievance.guard.ts';

// Memory only: photos are checked and cleaned before anything is stored.
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: ATTACHMENT_MAX_BYTES, files: ATTACHMENT_MAX_FILES, fields: 20, fieldSize: 20_000, parts: 30 },
  defParamCharset: 'utf8',
}).array('photos', ATTACHMENT_MAX_FILES);

function parseMultipart(req: Request, res: Response): Promise<unknown> {
  return new Promise((resolve) => upload(req, res, (err?: unknown) => resolve(err ?? null)));
}

/** Spanish first: English only when the reporter asks (?lang=en, the form's lang, or the language cookie). */
function useLocale(req: Request, res: Response): Locale {
  const cookieLang = /(?:^|;\s*)lang=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const asked = typeof req.query.lang === 'string' ? req.query.lang : typeof req.body?.lang === 'string' ? req.body.lang : safeDecode(cookieLang);
  const locale = pickLocale(asked);
  req.locale = locale;
  req.t = translator(locale);
  res.locals.locale = locale;
  res.locals.lang = locale === 'en' ? 'en' : 'es';
  res.locals.t = req.t;
  return locale;
}

/**
 * The public channel under /g/<organisation slug>: plain HTML forms, no script, no
 * session and no CSRF token (nothing here acts on a signed-in user's behalf). Every
 * POST is rate-limited per address in memory; the address is never stored.
 */
export function grievancePublicRoutes(deps: { intake: GrievanceIntake; limiter: SubmissionLimiter; lookupLimiter: SubmissionLimiter }): Router {
  const { intake } = deps;
  const r = Router();
  // Search engines need not list a channel whose link is on posters and in contracts.
  r.use('/g', (_req, res, next) => { res.setHeader('X-Robots-Tag', 'noindex'); res.setHeader('Referrer-Policy', 'no-referrer'); next(); });

  const tooMany = (req: Request, res: Response) => {
    useLocale(req, res);
    res.status(429).render('grievances/public-message', { title: req.t('grievances.public.title'), bare: true, message: req.t('grievances.errors.tooMany') });
  };
  const submitLimit = limitSubmissions(deps.limiter, tooMany);
  const lookupLimit = limitSubmissions(deps.lookupLimiter, tooMany);

  async function renderForm(req: Request, res: Response, extra: { form?: Record<string, unknown>; issues?: string[]; status?: number } = {}) {
    const locale = useLocale(req, res);
    const { org, sites } = await intake.page(String(req.params.slug));
    res.status(extra.status ?? 200).render('grievances/public-form', {
      title: req.t('grievances.public.title'), bare: true, org, locale, otherLang: locale === 'en' ? 'es-MX' : 'en',
      sites: sites.map((s) => ({ ...s, label: [s.municipality, s.state].filter(Boolean).join(', ') })),
      categories: GRIEVANCE_CATEGORIES, form: extra.form ?? {}, issues: extra.issues ?? [], honeypot: HONEYPOT_FIELD,
      maxPhotos: ATTACHMENT_MAX_FILES, maxMegabytes: ATTACHMENT_MAX_BYTES / 1024 / 1024,
    });
  }

  r.get('/g/:slug', async (req, res) => {
    await renderForm(req, res);
  });

  r.post('/g/:slug', submitLimit, async (req, res) => {
    const err = await parseMultipart(req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (err) {
      if (!(err instanceof multer.MulterError)) throw err;
      const key = err.code === 'LIMIT_FILE_SIZE' ? 'grievances.errors.photoTooLarge' : err.code === 'LIMIT_FILE_COUNT' ? 'grievances.errors.tooManyPhotos' : 'grievances.errors.uploadFailed';
      useLocale(req, res);
      return renderForm(req, res, { form: body, status: 422, issues: [req.t(key, { n: '', max: key.endsWith('tooManyPhotos') ? ATTACHMENT_MAX_FILES : ATTACHMENT_MAX_BYTES / 1024 / 1024 })] });
    }
    const locale = useLocale(req, res);
    // The trap field: a person never sees it, a form-filling bot does. Nothing is stored.
    if (typeof body[HONEYPOT_FIELD] === 'string' && body[HONEYPOT_FIELD] !== '') {
      return res.status(400).render('grievances/public-message', { title: req.t('grievances.public.title'), bare: true, message: req.t('grievances.errors.rejected') });
    }
    const files = ((req.files ?? []) as Express.Multer.File[]).filter((f) => f.size > 0).map((f) => ({ content: f.buffer, originalName: f.originalname }));
    try {
      const done = await intake.submit(String(req.params.slug), body, files, locale);
      // Rendered, not redirected: the secret never travels in a URL or a later page.
      res.setHeader('Cache-Control', 'no-store');
      res.render('grievances/public-receipt', { title: req.t('grievances.receipt.title'), bare: true, slug: req.params.slug, ...done, locale });
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      return renderForm(req, res, { form: body, status: 422, issues: e.issues.map((i) => req.t(i.key, { ...i.params })) });
    }
  });

  async function renderThread(req: Request, res: Response, notice?: string, status = 200) {
    useLocale(req, res);
    const slug = String(req.params.slug);
    try {
      const data = await intake.open(slug, req.body);
      res.setHeader('Cache-Control', 'no-store');
      res.status(status).render('grievances/public-thread', {
        title: req.t('grievances.follow.title'), bare: true, slug, org: data.org, report: data.report, messages: data.messages,
        receipt: data.receipt, secret: data.secret, notice, locale: req.locale, closed: data.report.status === 'closed',
      });
    } catch (e) {
      if (!(e instanceof WrongCode) && !(e instanceof ValidationFailed)) throw e;
      const { org } = await intake.page(slug);
      res.status(e instanceof WrongCode ? 404 : 422).render('grievances/public-follow', {
        title: req.t('grievances.follow.title'), bare: true, slug, org, locale: req.locale, receipt: req.body?.receipt,
        issues: e instanceof ValidationFailed ? e.issues.map((i) => req.t(i.key)) : [req.t(e.key)],
      });
    }
  }

  r.get('/g/:slug/follow', async (req, res) => {
    useLocale(req, res);
    const slug = String(req.params.slug);
    const { org } = await intake.page(slug);
    res.render('grievances/public-follow', { title: req.t('grievances.follow.title'), bare: true, slug, org, locale: req.locale, issues: [] });
  });

  r.post('/g/:slug/follow', lookupLimit, async (req, res) => {
    await renderThread(req, res);
  });

  r.post('/g/:slug/follow/reply', lookupLimit, async (req, res) => {
    useLocale(req, res);
    try {
      await intake.reply(String(req.params.slug), req.body);
    } catch (e) {
      if (e instanceof ValidationFailed) return renderThread(req, res, e.issues.map((i) => req.t(i.key)).join(' '), 422);
      if (e instanceof WrongCode) return renderThread(req, res);
      throw e;
    }
    await renderThread(req, res, req.t('grievances.follow.sent'));
  });

  return r;
}
