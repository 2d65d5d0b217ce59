import { statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { useBrowserApp } from '../support/e2e.ts';
import { signIn } from '../support/server.ts';
import { PASSWORD } from '../support/factories.ts';
import { seedUx, type UxSeed } from './ux-seed.ts';
import { SCREENSHOT_DIR, screenshot } from './support-axe.ts';

// `npm run screenshots:readme` writes them to docs/screenshots/ for the README; CI keeps them under var/.
const DIR = process.env.README_SCREENSHOTS_DIR ? path.resolve(process.env.README_SCREENSHOTS_DIR) : path.join(SCREENSHOT_DIR, 'readme');

describe('e2e: the README screenshots (dashboard, supplier, score explanation, report)', function () {
  this.timeout(300_000);
  const { app, newPage } = useBrowserApp();
  let seed: UxSeed;
  before(async () => {
    seed = await seedUx(app);
  });

  it('shows each page with its content and keeps the images small', async () => {
    const page = await newPage();
    await page.setViewport({ width: 1100, height: 760, deviceScaleFactor: 1 });
    await signIn(page, app.url, seed.org.users.analyst.email, PASSWORD);
    const shots: [string, string, string][] = [
      ['dashboard', '/', 'main h1'],
      ['supplier', `/suppliers/${seed.supplierId}`, 'main h1'],
      ['score-explanation', `/suppliers/${seed.supplierId}/score`, 'main h1'],
      ['report', `/reports/${seed.reportId}`, 'main h1'],
    ];
    for (const [name, url, heading] of shots) {
      const res = await page.goto(`${app.url}${url}`, { waitUntil: 'networkidle0' });
      expect(res?.status(), url).to.be.below(400);
      expect(await page.$eval(heading, (h) => h.textContent!.trim().length)).to.be.greaterThan(0);
      const file = await screenshot(page, name, DIR);
      expect(statSync(file).size, file).to.be.below(400_000);
    }
    expect(await page.$eval('main', (m) => m.textContent)).to.contain('Cafés Finos del Soconusco');
  });
});
