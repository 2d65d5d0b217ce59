import type { RequestHandler } from 'express';
import { pickLocale, translator } from '../i18n/index.ts';
import { safeDecode } from './params.ts';

/** Locale: ?lang, then the `lang` cookie, then the user's preference, then Accept-Language; es-MX by default. */
export function localeMiddleware(): RequestHandler {
  return (req, res, next) => {
    const cookieLang = /(?:^|;\s*)lang=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const locale = pickLocale(
      typeof req.query.lang === 'string' ? req.query.lang : undefined,
      safeDecode(cookieLang),
      req.user?.locale,
      req.acceptsLanguages('es-MX', 'es', 'en') || undefined,
    );
    req.locale = locale;
    req.t = translator(locale);
    res.locals.locale = locale;
    res.locals.lang = locale === 'en' ? 'en' : 'es';
    res.locals.t = req.t;
    next();
  };
}
