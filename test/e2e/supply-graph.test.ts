import { expect } from 'chai';
import { useBrowserApp } from '../support/e2e.ts';
import { signIn, watchPageErrors } from '../support/server.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';
import { screenshot } from './support-axe.ts';

describe('e2e: the supply graph stays usable with 500+ suppliers', function () {
  this.timeout(180_000);
  const { app, newPage } = useBrowserApp();

  it('draws 520 suppliers, zooms with the buttons, pans by dragging, and lists everyone', async () => {
    const org = await createOrg(app.db);
    // 520 suppliers over three tiers, each tier-2/3 one supplying a supplier of the tier above.
    await app.db.tx({ orgId: org.id, userId: null }, async (q) => {
      await q.query(
        `INSERT INTO suppliers (organization_id, legal_name, tier)
         SELECT app_org(), 'Proveedor ' || lpad(n::text, 3, '0'), CASE WHEN n <= 40 THEN 1 WHEN n <= 200 THEN 2 ELSE 3 END
           FROM generate_series(1, 520) n`);
      await q.query(
        `INSERT INTO supplier_links (organization_id, parent_id, child_id)
         SELECT app_org(), p.id, c.id
           FROM suppliers c JOIN suppliers p ON p.organization_id = c.organization_id
            AND p.legal_name = 'Proveedor ' || lpad((((substr(c.legal_name, 11)::int - 1) % (CASE WHEN c.tier = 2 THEN 40 ELSE 160 END)) + CASE WHEN c.tier = 2 THEN 1 ELSE 41 END)::text, 3, '0')
          WHERE c.organization_id = app_org() AND c.tier > 1`);
    });
    const page = await newPage();
    const errors = watchPageErrors(page);
    await page.setViewport({ width: 1280, height: 900 });
    await signIn(page, app.url, org.users.viewer.email, PASSWORD);
    const started = Date.now();
    await page.goto(`${app.url}/suppliers/graph`, { waitUntil: 'networkidle0' });
    const loadMs = Date.now() - started;
    expect(await page.$$eval('#supply-graph .supply-node', (n) => n.length)).to.equal(520);
    expect(await page.$$eval('#graph-list tbody tr', (r) => r.length)).to.equal(520);
    expect(await page.$eval('#graph-tools', (el) => (el as HTMLElement).hidden)).to.equal(false);

    const viewBox = () => page.$eval('#supply-graph svg', (s) => s.getAttribute('viewBox')!.split(' ').map(Number));
    const zoom = () => page.$eval('#supply-graph', (el) => Number((el as HTMLElement).dataset.zoom));
    expect(await zoom()).to.be.closeTo(1, 0.01);
    await screenshot(page, 'supply-graph-520');
    await page.click('[data-zoom=in]');
    expect(await zoom()).to.be.closeTo(1.25, 0.01);
    // "Show all" fits the whole drawing: everything in view at once.
    await page.click('[data-zoom=fit]');
    const [, , w, h] = await viewBox();
    const full = await page.$eval('#supply-graph svg .supply-node:last-of-type rect', (r) => Number(r.getAttribute('y')));
    expect(h).to.be.greaterThan(full);
    expect(w).to.be.greaterThan(0);
    await screenshot(page, 'supply-graph-520-all');

    // Drag to pan: the view moves by the dragged distance (in drawing units).
    await page.click('[data-zoom=in]');
    const before = await viewBox();
    // Start the drag inside the drawing wherever the page's layout puts it.
    await page.$eval('#supply-graph', (el) => el.scrollIntoView({ block: 'center' }));
    const box = (await (await page.$('#supply-graph'))!.boundingBox())!;
    const sx = box.x + box.width / 2;
    const sy = box.y + Math.min(box.height / 2, 300);
    const t0 = Date.now();
    await page.mouse.move(sx, sy);
    await page.mouse.down();
    await page.mouse.move(sx - 100, sy - 100, { steps: 5 });
    await page.mouse.up();
    const panMs = Date.now() - t0;
    const after = await viewBox();
    expect(after[0]).to.be.greaterThan(before[0]);
    // Vertically the view may already show the whole height (then it is clamped): never backwards.
    expect(after[1]).to.be.at.least(before[1]);
    expect(page.url()).to.match(/\/suppliers\/graph$/);
    // Zoomed in from "show all", the view is still on the drawing, not beside it.
    const visible = await page.$$eval('#supply-graph .supply-node rect', (rects) => {
      const host = document.getElementById('supply-graph')!.getBoundingClientRect();
      return rects.filter((r) => { const b = r.getBoundingClientRect(); return b.right > host.left && b.left < host.right && b.bottom > host.top && b.top < host.bottom; }).length;
    });
    expect(visible).to.be.greaterThan(0);
    console.log(`      graph of 520 suppliers: page loaded in ${loadMs} ms, a 5-step drag took ${panMs} ms`);
    expect(errors).to.deep.equal([]);
  });
});
