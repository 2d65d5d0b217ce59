import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { Page } from 'puppeteer-core';
import { buildTestApp, type TestApp } from './app.ts';
import { ensureClientBuild } from './client-build.ts';

export interface RunningApp extends TestApp {
  url: string;
  close(): Promise<void>;
}

/**
 * The real app on 127.0.0.1 at a free port, for browser tests (built client bundles included).
 * `ownBaseUrl`: the app's BASE_URL is its real address (needed where a third party redirects
 * back to it, as an OpenID provider does).
 */
export async function startTestServer(opts: { ownBaseUrl?: boolean } = {}): Promise<RunningApp> {
  await ensureClientBuild();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const t = await buildTestApp(opts.ownBaseUrl ? { baseUrl: `http://127.0.0.1:${port}` } : {});
  server.on('request', t.app);
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
