import type { BrowserContext, Page } from 'puppeteer-core';
import { sharedBrowser } from './browser.ts';
import { startTestServer, type RunningApp } from './server.ts';

/** Launching Chromium and building the app on a loaded machine can take far longer than a test. */
const SETUP_TIMEOUT = 120_000;

export interface BrowserSession {
  /** A page in this describe's own incognito context: its pages share cookies with each other only. */
  newPage(): Promise<Page>;
  /** One more incognito context (a second person, with cookies of its own). */
  newContext(): Promise<BrowserContext>;
}

/**
 * Call once at the top of a describe: the shared Chromium (test/support/browser.ts) with
 * contexts of this describe's own, all closed after it. Servers all listen on 127.0.0.1, where
 * cookies ignore ports, so a context shared between files would carry one file's session into
 * the next.
 */
export function useBrowser(): BrowserSession {
  const contexts: BrowserContext[] = [];
  let own: BrowserContext | undefined;
  const newContext = async () => {
    const context = await (await sharedBrowser()).createBrowserContext();
    contexts.push(context);
    return context;
  };
  before(async function () {
    this.timeout(Math.max(this.timeout(), SETUP_TIMEOUT));
    own = await newContext();
  });
  after(async () => {
    await Promise.all(contexts.splice(0).filter((c) => !c.closed).map((c) => c.close()));
  });
  return {
    newPage: () => {
      if (!own) throw new Error('useBrowser: newPage() called before its before() hook ran');
      return own.newPage();
    },
    newContext,
  };
}

/**
 * Call once at the top of a describe: the real app on its own port (startTestServer) and
 * a browser session as in useBrowser. `app` is filled in by the before() hook this registers,
 * so read it inside hooks and tests only.
 */
export function useBrowserApp(opts: { ownBaseUrl?: boolean } = {}): BrowserSession & { app: RunningApp } {
  // Registered first, so its after() closes the pages before the server waits for their connections.
  const session = useBrowser();
  const app = {} as RunningApp;
  let started = false;
  before(async function () {
    this.timeout(Math.max(this.timeout(), SETUP_TIMEOUT));
    Object.assign(app, await startTestServer(opts));
    started = true;
  });
  after(async () => {
    if (started) await app.close();
  });
  return { ...session, app };
}
