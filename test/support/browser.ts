import puppeteer, { type Browser } from 'puppeteer-core';

// Flags for a quiet, sandbox-less headless Chromium in containers and CI: no GPU, and no
// background traffic (updates, sync) that would slow a test or reach the network.
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Starts headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Close it in `after`. */
export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}
