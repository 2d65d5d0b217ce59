import puppeteer, { type Browser } from 'puppeteer-core';
import { CHROMIUM_ARGS } from '../../server/reports/chromium.ts';

export { CHROMIUM_ARGS };

/** Starts headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium). */
function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

let shared: Promise<Browser> | undefined;

/**
 * One Chromium for the whole mocha process, launched on first use (about 2 s saved per file).
 * Tests never use its default context: see useBrowser in e2e.ts. A crashed browser is relaunched.
 */
export function sharedBrowser(): Promise<Browser> {
  if (!shared) {
    const launching = launchBrowser();
    shared = launching;
    launching.then((b) => b.once('disconnected', () => { if (shared === launching) shared = undefined; }), () => { shared = undefined; });
  }
  return shared;
}

/** Closes the shared Chromium if a file launched it (root afterAll hook). */
export async function closeSharedBrowser(): Promise<void> {
  const launching = shared;
  shared = undefined;
  // A launch that failed has already failed the test that waited for it; nothing to close.
  if (launching) await (await launching.catch(() => undefined))?.close();
}
