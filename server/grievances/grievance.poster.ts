import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { NotFound } from '../errors.ts';
import { createSiteLookupService } from '../suppliers/site-lookup.service.ts';
import { translator } from '../i18n/index.ts';
import type { PdfRenderer } from '../reports/pdf-renderer.ts';
import { PUBLIC_PREFIX } from './grievance.guard.ts';
import { encodeQr, qrSvg } from './qr.ts';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// Pictograms drawn inline (the renderer fetches nothing): a speaking person, a lock, a child with a book.
const PICTOGRAMS = {
  speak: '<svg viewBox="0 0 64 64" width="90" height="90" aria-hidden="true"><circle cx="22" cy="18" r="10" fill="#1f4e79"/><path d="M6 58c0-14 7-24 16-24s16 10 16 24z" fill="#1f4e79"/><path d="M38 8h22v16H48l-6 6v-6h-4z" fill="#e8a33d"/></svg>',
  lock: '<svg viewBox="0 0 64 64" width="90" height="90" aria-hidden="true"><rect x="12" y="28" width="40" height="30" rx="4" fill="#1f4e79"/><path d="M20 28v-8a12 12 0 0 1 24 0v8" stroke="#1f4e79" stroke-width="6" fill="none"/><circle cx="32" cy="42" r="5" fill="#fff"/></svg>',
  child: '<svg viewBox="0 0 64 64" width="90" height="90" aria-hidden="true"><circle cx="32" cy="14" r="9" fill="#1f4e79"/><path d="M18 60V34a14 14 0 0 1 28 0v26z" fill="#1f4e79"/><rect x="22" y="36" width="20" height="14" fill="#e8a33d"/><path d="M32 36v14" stroke="#fff" stroke-width="2"/></svg>',
};

/** The poster's HTML: Spanish, large type, a QR code and the short address as big as the page allows. */
export function posterHtml(p: { orgName: string; siteName?: string; url: string }): string {
  const t = translator('es-MX');
  const k = (key: string, params?: Record<string, unknown>) => esc(t(`grievances.poster.${key}`, params));
  return `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>${k('title')}</title><style>
  body{font-family:Arial,Helvetica,sans-serif;color:#111;margin:0}
  h1{font-size:44px;line-height:1.1;margin:0 0 12px}
  .lead{font-size:24px;margin:0 0 24px}
  .picts{display:flex;gap:24px;margin:12px 0 24px}.pict{flex:1;text-align:center;font-size:20px}
  .qr{text-align:center;margin:8px 0}
  .url{font-size:40px;font-weight:bold;word-break:break-all;border:6px solid #1f4e79;padding:18px;text-align:center;margin:24px 0}
  .steps{font-size:22px;line-height:1.4}.muted{color:#444;font-size:18px}
  </style></head><body>
  <h1>${k('title')}</h1>
  <p class="lead">${k('lead', { org: p.orgName })}${p.siteName ? ` ${k('site', { site: p.siteName })}` : ''}</p>
  <div class="picts">
    <div class="pict">${PICTOGRAMS.child}<br>${k('pictChild')}</div>
    <div class="pict">${PICTOGRAMS.speak}<br>${k('pictSpeak')}</div>
    <div class="pict">${PICTOGRAMS.lock}<br>${k('pictAnonymous')}</div>
  </div>
  <p class="steps">${k('open')}</p>
  <div class="qr" id="poster-qr">${qrSvg(encodeQr(p.url), 260)}</div>
  <p class="url" id="poster-url">${esc(p.url)}</p>
  <ol class="steps"><li>${k('step1')}</li><li>${k('step2')}</li><li>${k('step3')}</li></ol>
  <p class="muted">${k('free')}</p>
  <script>window.__chartsReady = true</script>
  </body></html>`;
}

/** Posters per site (PDF through the report renderer) and the channel's public address. */
export function createGrievancePosters(deps: { db: Database; renderer: PdfRenderer; baseUrl: string }) {
  const { db, renderer, baseUrl } = deps;
  const siteLookup = createSiteLookupService(db);

  async function slug(actor: Actor): Promise<string> {
    return db.admin(async (q) => (await q.query<{ slug: string }>(`SELECT slug FROM organizations WHERE id = $1`, [actor.orgId])).rows[0].slug);
  }

  /** Short and typeable: /g/<slug>. */
  async function publicUrlOf(actor: Actor): Promise<string> {
    return `${baseUrl}${PUBLIC_PREFIX}${await slug(actor)}`;
  }

  /** The poster's site is a type-ahead (suppliers/site-lookup): the typed text names one active site. */
  async function resolveSite(actor: Actor, typed: string): Promise<string> {
    authorize(actor, 'grievances.stats');
    return (await siteLookup.resolve(actor, typed, 'site')).id;
  }

  async function members(actor: Actor) {
    authorize(actor, 'grievances.manage');
    return db.tx(dbContext(actor), async (q) => (await q.query<{ user_id: string; name: string; email: string; role: string }>(
      `SELECT m.user_id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.organization_id = app_org() AND m.role IN ('owner', 'admin', 'analyst') ORDER BY u.name`,
    )).rows);
  }

  async function render(actor: Actor, siteId?: string): Promise<Buffer> {
    authorize(actor, 'grievances.stats');
    let siteName: string | undefined;
    if (siteId) {
      siteName = await db.tx(dbContext(actor), async (q) => (await q.query<{ name: string }>(`SELECT name FROM sites WHERE id = $1`, [siteId])).rows[0]?.name);
      if (!siteName) throw new NotFound();
    }
    const html = posterHtml({ orgName: actor.orgName, siteName, url: await publicUrlOf(actor) });
    const { pdf } = await renderer.render(html, { footerTemplate: '<span></span>' });
    return pdf;
  }

  return { publicUrl: publicUrlOf, resolveSite, members, render, slug };
}

export type GrievancePosters = ReturnType<typeof createGrievancePosters>;
