import puppeteer, { type Browser } from 'puppeteer-core';
import { CHROMIUM_ARGS } from '../../server/reports/chromium.ts';

export { CHROMIUM_ARGS };

/** Starts headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Close it in `after`. */
export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}
