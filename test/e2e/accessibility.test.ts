import { expect } from 'chai';
import type { Page } from 'puppeteer-core';
import { useBrowserApp } from '../support/e2e.ts';
import { signIn } from '../support/server.ts';
import { PASSWORD } from '../support/factories.ts';
import { seedUx, type UxSeed } from './ux-seed.ts';
import { screenshot, seriousViolations } from './support-axe.ts';

/**
 * The pages audited per role. The owner sees every page with every control on it, so the
 * owner's list covers the shared templates; the other roles audit the pages only they reach
 * (the auditor's evidence and indicators, the analyst's new-supplier form) and the read-only
 * variants of the pages they work on most, where what they may not do changes the markup.
 * (Auditing all 69 role × page pairs repeated the same templates and took two minutes of CI.)
 */
function pagesFor(role: string, s: UxSeed): string[] {
  const supplier = `/suppliers/${s.supplierId}`;
  switch (role) {
    case 'owner':
      return ['/', '/suppliers', supplier, `${supplier}/score`, '/reports', `/reports/${s.reportId}`, '/suppliers/graph', '/suppliers/map',
        '/scores', '/assessments', `/assessments/${s.assessmentId}`, '/findings', `/findings/${s.findingId}`, `/remediation/plans/${s.planId}`,
        '/cases', `/jobs/${s.jobId}`, '/territories', '/settings/members', '/settings/audit',
        // Forms: every field must have a label.
        '/assessments/new', '/findings/new', '/cases/new', `${supplier}/sites/new`, `${supplier}/edit`, '/reports/verify',
        '/questionnaires', '/settings/scoring', '/settings/organization', '/suppliers/import'];
    case 'analyst':
      return [supplier, `/assessments/${s.assessmentId}`, `/remediation/plans/${s.planId}`, '/suppliers/new'];
    case 'viewer':
      return ['/', supplier, `${supplier}/score`];
    case 'auditor':
      return ['/', `/reports/${s.reportId}`, '/evidence', '/remediation/indicators'];
    default:
      return ['/', supplier, `/findings/${s.findingId}`];
  }
}

describe('e2e: accessibility (axe-core) over the main pages of every role and the supplier portal', function () {
  this.timeout(600_000);
  const { app, newContext } = useBrowserApp();
  let seed: UxSeed;

  before(async () => {
    seed = await seedUx(app);
  });

  async function audit(page: Page, urls: string[], label: string) {
    const found: string[] = [];
    for (const url of urls) {
      const res = await page.goto(`${app.url}${url}`, { waitUntil: 'networkidle0' });
      expect(res?.status(), `${label} ${url}`).to.be.below(400);
      for (const v of await seriousViolations(page)) found.push(`${label} ${url}: [${v.impact}] ${v.id} — ${v.help} — ${v.targets.join(' | ')}`);
    }
    return found;
  }

  for (const role of ['owner', 'analyst', 'viewer', 'auditor'] as const) {
    it(`${role}: no serious or critical violations`, async () => {
      // A fresh browser context per role: no session cookie carried over.
      const context = await newContext();
      const page = await context.newPage();
      await signIn(page, app.url, seed.org.users[role].email, PASSWORD);
      const found = await audit(page, pagesFor(role, seed), role);
      await context.close();
      expect(found, found.join('\n')).to.deep.equal([]);
    });
  }

  it('consultancy: its own dashboard and the client\'s pages, no serious or critical violations', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await signIn(page, app.url, seed.consultancy.users.analyst.email, PASSWORD);
    const own = await audit(page, ['/'], 'consultancy');
    await page.select('#org-switch', seed.org.id);
    await Promise.all([page.waitForNavigation(), page.click('.orgswitch button[type=submit]')]);
    const client = await audit(page, pagesFor('consultancy', seed), 'consultancy→client');
    await context.close();
    expect([...own, ...client], [...own, ...client].join('\n')).to.deep.equal([]);
  });

  it('the check itself reports an unlabelled field and text below AA contrast', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/login`);
    await page.evaluate(`(() => {
      const i = document.createElement('input'); i.type = 'text'; document.querySelector('main').appendChild(i);
      const p = document.createElement('p'); p.textContent = 'texto tenue'; p.style.color = '#cccccc'; document.querySelector('main').appendChild(p);
    })()`);
    const ids = (await seriousViolations(page)).map((v) => v.id);
    await context.close();
    expect(ids).to.include.members(['label', 'color-contrast']);
  });

  it('supplier portal and the sign-in page: no serious or critical violations', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const found = await audit(page, [seed.portalLink, '/login'], 'public');
    await screenshot(page, 'login');
    await page.goto(`${app.url}${seed.portalLink}`);
    await screenshot(page, 'portal');
    await context.close();
    expect(found, found.join('\n')).to.deep.equal([]);
  });
});
