import { createReadStream } from 'node:fs';
import { Router, type Response } from 'express';
import type { EvidenceService } from './evidence.service.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { uuidParam } from '../http/params.ts';

/** RFC 6266 filename: an ASCII fallback plus the UTF-8 original. */
function contentDisposition(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function evidenceRoutes(deps: { evidence: EvidenceService }): Router {
  const { evidence } = deps;
  const r = Router();

  r.get('/evidence', requireActor, requirePermission('evidence.read'), async (req, res) => {
    const page = Math.max(1, Math.min(10_000, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    const data = await evidence.list(actorOf(req), page);
    const pick = (v: { es: string; en: string } | null) => v && (req.locale === 'en' ? v.en : v.es);
    res.render('evidence/index', {
      title: req.t('assessments.evidence.title'), ...data,
      rows: data.rows.map((r) => ({ ...r, questionText: pick(r.question_text) ?? r.question_id, templateTitle: pick(r.template_title) ?? r.template_key })),
      prevPage: data.page > 1 ? data.page - 1 : null, nextPage: data.page < data.pages ? data.page + 1 : null,
    });
  });

  // Always a download, never rendered by the browser: the bytes come from suppliers.
  r.get('/evidence/:id/download', requireActor, requirePermission('evidence.read'), async (req, res) => {
    await sendEvidenceFile(res, await evidence.download(actorOf(req), uuidParam(req.params.id), req.ip));
  });

  return r;
}

/** Always a download with the file's digest, never rendered: the bytes come from suppliers. */
export async function sendEvidenceFile(res: Response, file: { path: string; mime: string; size: number; name: string; sha256: string }) {
  // Open before sending headers, so a missing file becomes an error page, not a broken download.
  const stream = createReadStream(file.path);
  await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
  res.setHeader('Content-Type', file.mime);
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('Content-Disposition', contentDisposition(file.name));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
