import { expect } from 'chai';
import type { Page } from 'puppeteer-core';
import { useBrowserApp } from '../support/e2e.ts';
import { signIn } from '../support/server.ts';
import { PASSWORD } from '../support/factories.ts';
import { seedUx, type UxSeed } from './ux-seed.ts';
import { screenshot } from './support-axe.ts';
import { SCORE_LEVEL_COLORS, UNSCORED_COLOR } from '../../server/maps/palette.ts';

const LIST_PAGES = ['/', '/suppliers', '/scores', '/assessments', '/findings', '/remediation/plans', '/cases', '/reports', '/territories', '/settings/audit', '/settings/members', '/suppliers/graph'];

describe('e2e: pages look right on a 390 px phone and on a desktop', function () {
  this.timeout(300_000);
  const { app, newPage } = useBrowserApp();
  let seed: UxSeed;
  let page: Page;

  before(async () => {
    seed = await seedUx(app);
    page = await newPage();
    await signIn(page, app.url, seed.org.users.owner.email, PASSWORD);
  });

  const open = async (url: string) => {
    const res = await page.goto(`${app.url}${url}`, { waitUntil: 'networkidle0' });
    expect(res?.status(), url).to.be.below(400);
  };

  it('no list page scrolls sideways at 390 px (screenshots in var/screenshots/)', async () => {
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
    const wide: string[] = [];
    for (const url of LIST_PAGES) {
      await open(url);
      const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      if (width > 390) wide.push(`${url}: ${width}px`);
      await screenshot(page, `phone${url === '/' ? '-dashboard' : url.replace(/\//g, '-')}`);
    }
    expect(wide, wide.join('\n')).to.deep.equal([]);
  });

  it('review page: summary values read on one line at desktop width and wrap by words on a phone', async () => {
    for (const width of [1280, 390]) {
      await page.setViewport({ width, height: 900, deviceScaleFactor: 1 });
      await open(`/assessments/${seed.assessmentId}`);
      const cells = await page.$$eval('.facts dd', (dds) => dds.map((d) => {
        const r = d.getBoundingClientRect();
        return { text: d.textContent!.trim(), width: r.width, height: r.height, line: parseFloat(getComputedStyle(d).lineHeight) };
      }));
      expect(cells.length).to.be.greaterThan(3);
      for (const c of cells) {
        // One letter per line would make the cell narrow and as tall as its letters.
        expect(c.width, `${width}px: ${c.text}`).to.be.greaterThan(Math.min(120, c.text.length * 6));
        if (width === 1280) expect(c.height, `${width}px: ${c.text}`).to.be.below(c.line * 2.5);
      }
      await screenshot(page, `review-${width}`);
    }
  });

  it('grids leave no empty column: the last panel of a row reaches the right edge', async () => {
    await page.setViewport({ width: 1280, height: 900, deviceScaleFactor: 1 });
    const gaps: string[] = [];
    for (const url of [`/assessments/${seed.assessmentId}`, `/suppliers/${seed.supplierId}`, `/findings/${seed.findingId}`, `/reports/${seed.reportId}`, '/']) {
      await open(url);
      const empty = await page.$$eval('.grid', (grids) => grids.map((g) => {
        const box = g.getBoundingClientRect();
        const kids = Array.from(g.children).filter((c) => (c as HTMLElement).offsetParent !== null);
        if (!kids.length) return 0;
        const right = Math.max(...kids.map((k) => k.getBoundingClientRect().right));
        return Math.round(box.right - right);
      }));
      for (const gap of empty) if (gap > 24) gaps.push(`${url}: ${gap}px empty on the right`);
    }
    expect(gaps, gaps.join('\n')).to.deep.equal([]);
  });

  it('disabled buttons look disabled, focus is visible, remediation and job pages are styled, and there is a favicon', async () => {
    await page.setViewport({ width: 1280, height: 900, deviceScaleFactor: 1 });
    await open('/suppliers');
    // A string, not a function: the test runner's transform would add helpers the page lacks.
    const styles = await page.evaluate(`(() => {
      const out = {};
      for (const disabled of [false, true]) {
        const b = document.createElement('button');
        b.className = 'btn';
        b.textContent = 'x';
        b.disabled = disabled;
        document.body.appendChild(b);
        const s = getComputedStyle(b);
        out[disabled ? 'disabled' : 'enabled'] = { opacity: s.opacity, cursor: s.cursor, background: s.backgroundColor };
      }
      return out;
    })()`) as Record<'enabled' | 'disabled', { opacity: string; cursor: string; background: string }>;
    expect(styles.disabled.cursor).to.equal('not-allowed');
    expect(styles.disabled.background).to.not.equal(styles.enabled.background);

    // Keyboard focus draws an outline.
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(outline.style).to.not.equal('none');
    expect(outline.width).to.be.at.least(2);

    const icon = await page.$eval('link[rel=icon]', (l) => (l as HTMLLinkElement).href);
    const iconRes = await fetch(icon);
    expect(iconRes.status).to.equal(200);
    expect(iconRes.headers.get('content-type')).to.match(/image\/svg\+xml/);
    expect((await fetch(`${app.url}/favicon.ico`, { redirect: 'follow' })).status).to.equal(200);

    for (const url of [`/remediation/plans/${seed.planId}`, `/findings/${seed.findingId}`, `/jobs/${seed.jobId}`]) {
      await open(url);
      const facts = await page.evaluate(() => {
        const dl = document.querySelector('dl.facts, .page-head');
        return dl ? getComputedStyle(dl).display : 'missing';
      });
      expect(['grid', 'flex', 'missing'], url).to.include(facts);
      if (facts !== 'missing') expect(facts, url).to.not.equal('block');
      const panel = await page.$eval('main .panel, main .table', (el) => getComputedStyle(el).backgroundColor);
      expect(panel, url).to.equal('rgb(255, 255, 255)');
      await screenshot(page, `desktop${url.replace(/\/[0-9a-f-]{36}/, '').replace(/\//g, '-')}`);
    }
  });

  it('site map: each site drawn in its residual risk colour, with the legend and filters', async () => {
    await page.setViewport({ width: 1280, height: 900, deviceScaleFactor: 1 });
    await open('/suppliers/map');
    await page.waitForSelector('#sites-map[data-map-state]', { timeout: 15_000 });
    const fills = await page.$$eval('#sites-map path.map-site', (els) => els.map((e) => e.getAttribute('fill')));
    expect(fills.length).to.equal(4);
    const scale = [...Object.values(SCORE_LEVEL_COLORS), UNSCORED_COLOR];
    for (const f of fills) expect(scale).to.include(f);
    expect(await page.$$eval('#map-legend .level', (els) => els.length)).to.equal(5);
    expect(await page.$$eval('#map-filters select', (els) => els.map((e) => e.id))).to.deep.equal(['map-level', 'map-state']);
    expect(await page.$eval('#map-supplier', (el) => el.getAttribute('list'))).to.equal('map-supplier-options');
    await page.select('#map-state', '07');
    await Promise.all([page.waitForNavigation(), page.click('#map-filters button[type=submit]')]);
    await page.waitForSelector('#sites-map[data-map-state]', { timeout: 15_000 });
    expect(await page.$$eval('#sites-map path.map-site', (els) => els.length)).to.equal(2);
    await screenshot(page, 'site-map-chiapas');
  });
});
