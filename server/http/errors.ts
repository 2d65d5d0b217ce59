import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { DomainError, NotFound, ValidationFailed } from '../errors.ts';
import { translator, pickLocale } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';

function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || (req.accepts(['html', 'json']) === 'json');
}

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
