import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { useBrowserApp } from '../support/e2e.ts';
import { signIn, watchPageErrors } from '../support/server.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';

const CSV = [
  'Razón social,RFC,Sitio,Estado,Municipio,Trabajadores',
  '"Maquiladora Hermosillo, S.A. de C.V.",MHE010101AA1,Planta Norte,Sonora,Hermosillo,40',
  // "México" is the Estado de México, which has no Benito Juárez: the user must say which one.
  'Taller Benito Juárez,TBJ010101AA1,Taller Centro,México,Benito Juárez,12',
].join('\r\n');

describe('e2e: supplier import', () => {
  const { app, newPage } = useBrowserApp();
  let dir: string;
  before(async () => {
    app.services.jobs.start(200);
    dir = await mkdtemp(path.join(tmpdir(), 'vigia-import-'));
  });
  after(async () => {
    await app.services?.jobs.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('uploads a CSV, resolves an ambiguous place, commits and finds the suppliers', async () => {
    const org = await createOrg(app.db);
    const file = path.join(dir, 'proveedores.csv');
    await writeFile(file, `\uFEFF${CSV}\r\n`, 'utf8');
    const page = await newPage();
    const errors = watchPageErrors(page);
    await signIn(page, app.url, org.users.analyst.email, PASSWORD);

    await page.goto(`${app.url}/suppliers/import`);
    const input = (await page.$('#import-file')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    await Promise.all([page.waitForNavigation(), page.click('#import-form button[type=submit]')]);
    expect(page.url()).to.match(/\/suppliers\/import\/[0-9a-f-]{36}$/);
    expect(await page.$eval('[data-count="suppliers"]', (el) => el.textContent)).to.equal('2');
    expect(await page.$eval('#commit-button', (el) => (el as HTMLButtonElement).disabled)).to.equal(true);
    expect(await page.$eval('#places', (el) => el.textContent)).to.contain('Benito Juárez, México');

    const select = await page.$eval('#places select', (el) => el.id);
    await page.select(`#${select}`, '23005');
    await Promise.all([page.waitForNavigation(), page.click('#places-form button[type=submit]')]);
    expect(await page.$eval('#places-settled', (el) => el.textContent)).to.contain('Benito Juárez, Quintana Roo (23005)');
    expect(await page.$eval('#commit-button', (el) => (el as HTMLButtonElement).disabled)).to.equal(false);

    await Promise.all([page.waitForNavigation(), page.click('#commit-button')]);
    expect(page.url()).to.match(/\/jobs\/[0-9a-f-]{36}$/);
    // The page shows "Terminado" and then reloads itself: wait for the reloaded page, which the
    // server renders finished, or the next navigation races the reload.
    await page.waitForSelector('#job[data-status="succeeded"]', { timeout: 20_000 });
    expect(await page.$eval('[data-job-status]', (el) => el.textContent?.trim())).to.equal('Terminado');

    await page.goto(`${app.url}/suppliers`);
    const list = await page.$eval('main', (el) => el.textContent ?? '');
    expect(list).to.contain('Maquiladora Hermosillo, S.A. de C.V.');
    expect(list).to.contain('Taller Benito Juárez');
    expect(errors).to.deep.equal([]);
  });
});
