import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { rm } from 'node:fs/promises';
import { CHROMIUM_ARGS, chromiumProfileDir } from './chromium.ts';

export interface PdfRendererOptions {
  executablePath: string;
  /** Pages rendering at once (each holds one tab). */
  poolSize?: number;
  /** A tab is closed and replaced after this many renders, so leaks of one report never pile up. */
  pageUses?: number;
  timeoutMs?: number;
}

export interface PdfPrintOptions {
  /** Chromium footer template (inline styles only; .pageNumber/.totalPages are filled in). */
  footerTemplate: string;
}

export interface RenderedPdf {
  pdf: Buffer;
  pages: number;
}

interface Slot {
  page: Page;
  uses: number;
}

// A4 at 96 px/in, so charts laid out on screen keep their size in print.
const VIEWPORT = { width: 794, height: 1123 };
const MARGIN = { top: '14mm', right: '14mm', bottom: '18mm', left: '14mm' };

/** Report HTML is self-contained: anything but inline data is refused, so user data can never fetch. */
function blockNetwork(req: HTTPRequest): void {
  const url = req.url();
  if (url.startsWith('data:') || url === 'about:blank') void req.continue();
  else void req.abort('blockedbyclient');
}

/** Pages of a Chromium (Skia) PDF: one `/Type /Page` dictionary each; `/Pages` nodes excluded. */
export function countPdfPages(pdf: Uint8Array): number {
  const text = Buffer.from(pdf).toString('latin1');
  return (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

/**
 * A small pool around ONE headless Chromium, launched on the first render and reused by
 * every report; tabs are kept between renders and recycled after `pageUses`. Closing
 * it (server shutdown, end of a test file) closes the browser.
 */
export function createPdfRenderer(opts: PdfRendererOptions) {
  const size = Math.max(1, opts.poolSize ?? 2);
  const pageUses = Math.max(1, opts.pageUses ?? 50);
  const timeout = opts.timeoutMs ?? 30_000;
  let browserP: Promise<Browser> | undefined;
  let closed = false;
  let active = 0;
  const idle: Slot[] = [];
  const waiters: (() => void)[] = [];

  function launch(): Promise<Browser> {
    if (closed) return Promise.reject(new Error('PDF renderer is closed'));
    // Over a pipe, Chromium exits by itself when this process dies (even by SIGKILL), so a
    // crashed worker leaves no 1 GB browser behind; the named profile lets a later start
    // reap any that still survive (reapOrphanedChromium).
    const userDataDir = chromiumProfileDir();
    browserP ??= puppeteer
      .launch({ executablePath: opts.executablePath, headless: true, pipe: true, userDataDir, args: CHROMIUM_ARGS })
      .then((b) => {
        // A crashed browser is relaunched on the next render.
        b.on('disconnected', () => {
          browserP = undefined;
          idle.length = 0;
          void rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
        });
        return b;
      })
      .catch((err) => {
        browserP = undefined;
        throw err;
      });
    return browserP;
  }

  async function newSlot(browser: Browser): Promise<Slot> {
    const page = await browser.newPage();
    await page.setViewport(VIEWPORT);
    await page.setRequestInterception(true);
    page.on('request', blockNetwork);
    return { page, uses: 0 };
  }

  async function acquire(): Promise<Slot> {
    while (active >= size) await new Promise<void>((resolve) => waiters.push(resolve));
    active++;
    try {
      const browser = await launch();
      let slot = idle.pop();
      while (slot && slot.page.isClosed()) slot = idle.pop();
      return slot ?? (await newSlot(browser));
    } catch (err) {
      release(undefined, true);
      throw err;
    }
  }

  function release(slot: Slot | undefined, broken: boolean): void {
    active--;
    if (slot) {
      slot.uses++;
      if (broken || closed || slot.uses >= pageUses) void slot.page.close().catch(() => undefined);
      else idle.push(slot);
    }
    waiters.shift()?.();
  }

  /**
   * Prints a complete HTML document (scripts and images inlined) to an A4 PDF, after its
   * charts have been drawn (client/charts.ts sets window.__chartsReady).
   */
  async function render(html: string, print: PdfPrintOptions): Promise<RenderedPdf> {
    const slot = await acquire();
    let broken = false;
    try {
      const { page } = slot;
      // setContent rewrites the document but keeps the window: clear the previous report's flag.
      await page.evaluate('delete window.__chartsReady');
      await page.setContent(html, { waitUntil: 'load', timeout });
      await page.waitForFunction('window.__chartsReady === true', { timeout });
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: print.footerTemplate,
        margin: MARGIN,
        timeout,
      });
      return { pdf: Buffer.from(pdf), pages: countPdfPages(pdf) };
    } catch (err) {
      broken = true;
      throw err;
    } finally {
      release(slot, broken);
    }
  }

  /** The pool's browser (launched if needed): the benchmark prints with it directly. */
  function browser(): Promise<Browser> {
    return launch();
  }

  async function close(): Promise<void> {
    closed = true;
    const b = browserP;
    browserP = undefined;
    idle.length = 0;
    if (b) await (await b.catch(() => undefined))?.close();
  }

  return { render, browser, close, printOptions: { format: 'A4' as const, margin: MARGIN } };
}

export type PdfRenderer = ReturnType<typeof createPdfRenderer>;
