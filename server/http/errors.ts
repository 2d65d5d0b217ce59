import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { DomainError, NotFound, ValidationFailed } from '../errors.ts';
import { translator, pickLocale } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';

function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || (req.accepts(['html', 'json']) === 'json');
}

/** PostgreSQL SQLSTATEs that mean "this input cannot be stored or compared" rather than a bug. */
const DB_INPUT_ERRORS: Record<string, string> = {
  '22021': 'errors.malformedInput', // character_not_in_repertoire (NUL in text)
  '22P05': 'errors.malformedInput', // untranslatable_character
  '22003': 'errors.outOfRange', // numeric_value_out_of_range
};

export const notFoundHandler: RequestHandler = () => {
  throw new NotFound();
};

/**
 * The one place errors become responses: domain errors → their status with a page or
 * an RFC 9457 problem body; anything else → 500, logged with the request id.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const t = req.t ?? translator(pickLocale(req.headers['accept-language']));
    let status = 500;
    let key = 'errors.internal';
    let params: Record<string, unknown> = {};
    let issues: { field?: string; row?: number; message: string }[] = [];
    if (err instanceof DomainError) {
      ({ status, key, params } = err);
      if (err instanceof ValidationFailed) {
        issues = err.issues.map((i) => ({ field: i.field, row: i.row, message: t(i.key, { ...i.params, row: i.row, field: i.field }) }));
      }
    } else if (err?.type === 'entity.parse.failed') {
      status = 400;
      key = 'errors.malformedJson';
    } else if (typeof err?.code === 'string' && DB_INPUT_ERRORS[err.code]) {
      // The database refused a value the request carried (a NUL byte in multipart text,
      // a number past bigint): the client's input, so 4xx; logged to find the route.
      logger.warn({ err, reqId: req.id }, 'database refused request input');
      status = 400;
      key = DB_INPUT_ERRORS[err.code];
    } else if (err?.type === 'entity.too.large') {
      status = 413;
      key = 'errors.tooLarge';
    } else if (err?.code === 'EBADCSRFTOKEN' || err?.message === 'invalid csrf token') {
      status = 403;
      key = 'errors.csrf';
    } else {
      logger.error({ err, reqId: req.id }, 'unhandled error');
    }
    if (res.headersSent) return;
    // Errors raised before the locale middleware (body parsing) still render a translated page.
    res.locals.t ??= t;
    res.locals.lang ??= 'es';
    const title = t(`errors.status.${status}`, {});
    const detail = t(key, params);
    res.status(status);
    if (wantsJson(req)) {
      res.type('application/problem+json').send(
        JSON.stringify({ type: 'about:blank', title, status, detail, code: key, requestId: req.id, ...(issues.length ? { errors: issues } : {}) }),
      );
      return;
    }
    res.render('errors/error', { title, status, detail, issues, requestId: req.id }, (renderErr, html) => {
      if (!renderErr) return res.send(html);
      // The error page itself failed: fall back to plain escaped HTML.
      logger.error({ err: renderErr, reqId: req.id }, 'error page failed to render');
      res.type('html').send(`<!doctype html><title>${escapeHtml(title)}</title><h1>${status}</h1><p>${escapeHtml(detail)}</p>`);
    });
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
