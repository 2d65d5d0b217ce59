import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Page } from 'puppeteer-core';
import { buildTestApp, type TestApp } from './app.ts';
import { ensureClientBuild } from './client-build.ts';

export interface RunningApp extends TestApp {
  url: string;
  close(): Promise<void>;
}

/** The real app on 127.0.0.1 at a free port, for browser tests (built client bundles included). */
export async function startTestServer(): Promise<RunningApp> {
  await ensureClientBuild();
  const t = await buildTestApp();
  const server: Server = await new Promise((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...t,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Signs in through the real login form. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.type('#email', email);
  await page.type('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('#login-form button[type=submit]')]);
}

/** Fails the test on any CSP violation or page error seen while it ran. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) errors.push(m.text());
  });
  return errors;
}
