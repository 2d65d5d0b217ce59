import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { useBrowser } from '../support/e2e.ts';
import { signIn, watchPageErrors } from '../support/server.ts';
import { ensureClientBuild } from '../support/client-build.ts';
import { testDb } from '../support/db.ts';
import { unique } from '../support/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { createMailer } from '../../server/mail/mailer.ts';
import { createApp } from '../../server/app.ts';
import { prepareReferenceData } from '../../server/startup.ts';

/** The confirmation link from the .eml file the app wrote to the outbox folder (quoted-printable decoded). */
async function linkFromOutbox(outboxDir: string, to: string): Promise<string> {
  const files = (await readdir(outboxDir)).filter((f) => f.endsWith(`${to}.eml`));
  expect(files, `mail to ${to} in the outbox`).to.have.length(1);
  const raw = await readFile(path.join(outboxDir, files[0]), 'utf8');
  const body = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return /https?:\/\/[^\s/]+(\/signup\/confirm\/[A-Za-z0-9_-]+)/.exec(body)![1];
}

describe('e2e: sign-up → e-mail link → sign-in → first supplier', () => {
  let url: string;
  let server: Server;
  let outboxDir: string;
  const { newPage } = useBrowser();
  before(async () => {
    ensureClientBuild();
    const db = await testDb();
    await prepareReferenceData(db);
    outboxDir = await mkdtemp(path.join(os.tmpdir(), 'vigia-outbox-'));
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BASE_URL: 'http://vigia.test', OUTBOX_DIR: outboxDir } as NodeJS.ProcessEnv);
    const logger = createLogger('silent');
    // The real mailer without SMTP: e-mails land as .eml files in the outbox, as on a laptop.
    const mailer = createMailer({ outboxDir, from: config.MAIL_FROM, logger });
    const { app } = await createApp({ config, db, logger, mailer });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (outboxDir) await rm(outboxDir, { recursive: true, force: true });
  });

  it('a new company signs up, confirms its e-mail, signs in and adds its first supplier', async () => {
    const page = await newPage();
    const errors = watchPageErrors(page);
    await page.setExtraHTTPHeaders({ 'Accept-Language': 'es-MX,es;q=0.9' });
    const email = `${unique('e2e')}@empresa.example`;
    const orgName = `Comercializadora ${unique('e2e')}`;
    const password = 'una-contraseña-segura';

    await page.goto(`${url}/login`);
    await Promise.all([page.waitForNavigation(), page.click('#signup-link')]);
    expect(await page.$eval('h1', (el) => el.textContent)).to.equal('Crear una organización');
    // The honeypot is in the page but not visible to a person.
    expect(await page.$eval('input[name=website]', (el) => el.closest('.visually-hidden')!.getBoundingClientRect().width <= 1)).to.equal(true);
    await page.click('input[name=kind][value=company]');
    await page.type('#orgName', orgName);
    await page.type('#name', 'Laura Pérez');
    await page.type('#email', email);
    await page.type('#password', password);
    await page.type('#confirm', 'otra-contraseña-distinta');
    await Promise.all([page.waitForNavigation(), page.click('#signup-form button[type=submit]')]);
    expect(await page.$eval('#confirm-error', (el) => el.textContent)).to.contain('no coinciden');
    expect(await page.$eval('#orgName', (el) => (el as HTMLInputElement).value)).to.equal(orgName);
    await page.type('#password', password);
    await page.type('#confirm', password);
    await Promise.all([page.waitForNavigation(), page.click('#signup-form button[type=submit]')]);
    expect(await page.$eval('#signup-sent', (el) => el.textContent)).to.contain('enlace de confirmación');

    // Before confirming, the account cannot sign in.
    await signIn(page, url, email, password);
    expect(page.url()).to.match(/\/login$/);

    const link = await linkFromOutbox(outboxDir, email);
    await page.goto(`${url}${link}`);
    expect(await page.$eval('main, body', (el) => el.textContent)).to.contain(orgName);
    await Promise.all([page.waitForNavigation(), page.click('#confirm-form button[type=submit]')]);
    expect(page.url()).to.match(/\/login$/);

    await signIn(page, url, email, password);
    expect(await page.$eval('h1', (el) => el.textContent)).to.equal(orgName);
    expect(await page.$$eval('#first-run-checklist [data-done=false]', (els) => els.length)).to.equal(4);

    await Promise.all([page.waitForNavigation(), page.click('#first-run-checklist a[href="/suppliers/new"]')]);
    await page.type('#legalName', 'Finca Cafetalera La Primera');
    await page.type('#taxId', 'CFE370814QI0');
    await Promise.all([page.waitForNavigation(), page.click('#supplier-form button[type=submit]')]);
    expect(page.url()).to.match(/\/suppliers\/[0-9a-f-]{36}$/);
    expect(await page.$eval('h1', (el) => el.textContent)).to.contain('Finca Cafetalera La Primera');

    await page.goto(`${url}/`);
    expect(await page.$eval('#first-run-checklist [data-step=suppliers]', (el) => el.getAttribute('data-done'))).to.equal('true');
    expect(errors).to.deep.equal([]);
  });
});
