import type { Request, RequestHandler } from 'express';

/** One-shot messages across a redirect, stored as i18n keys in the session. */
export function flash(req: Request, kind: 'success' | 'error' | 'info', key: string, params?: Record<string, unknown>): void {
  if (!req.session) return;
  (req.session.flash ??= []).push({ kind, key, params });
}

export function flashMiddleware(): RequestHandler {
  return (req, res, next) => {
    const messages = req.session?.flash ?? [];
    if (messages.length) delete req.session.flash;
    res.locals.flash = messages.map((m) => ({ kind: m.kind, text: req.t(m.key, m.params) }));
    next();
  };
}
