import { expect } from 'chai';
import { useBrowserApp } from '../support/e2e.ts';
import { signIn, watchPageErrors } from '../support/server.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';
import { addReviewedAssessment, addSupplier, TAPACHULA_WORKFORCE } from '../scores/fixtures.ts';
import { SCORE_LEVEL_COLORS } from '../../server/maps/palette.ts';

describe('e2e: dashboard in the browser', () => {
  const { app, newPage } = useBrowserApp();

  it('draws the charts and the map with a point per site, coloured by residual level', async () => {
    const org = await createOrg(app.db);
    const farm = await addSupplier(app.db, org, {
      name: 'Finca Cafetalera', sectorCode: '111',
      sites: [{ name: 'Finca Tapachula', territoryCode: '07089', workforce: TAPACHULA_WORKFORCE }],
    });
    await addSupplier(app.db, org, {
      name: 'Despacho', sectorCode: '54',
      sites: [{ name: 'Oficina', territoryCode: '01001', latitude: 21.88, longitude: -102.29, workforce: { total: 10, adolescents: 0, family: 0, seasonal: 0, migrant: 0, subcontracted: 0, indigenous: 0, women: 6 } }],
    });
    await app.services.scores.rescoreOrganization(org.actor('admin'));
    await addReviewedAssessment(app.db, org, { supplierId: farm.supplierId, siteId: null, reviewedAt: '', controlsScore: 0, status: 'sent', dueDate: '2025-01-15' });

    const page = await newPage();
    const errors = watchPageErrors(page);
    await signIn(page, app.url, org.users.owner.email, PASSWORD);
    expect(new URL(page.url()).pathname).to.equal('/');
    await page.waitForFunction(() => window.__chartsReady === true, { timeout: 15000 });
    const states = await page.$$eval('canvas[data-chart]', (els) => els.map((e) => (e as HTMLElement).dataset.chartState));
    expect(states).to.have.length(2);
    expect(states.every((s) => s === 'ready')).to.equal(true);
    // Chart.js sized the canvas: it is drawn, not an empty element.
    const width = await page.$eval('#risk-distribution canvas', (c) => (c as HTMLCanvasElement).width);
    expect(width).to.be.greaterThan(100);

    await page.waitForSelector('#sites-map[data-map-state]', { timeout: 15000 });
    expect(await page.$eval('#sites-map', (e) => (e as HTMLElement).dataset.mapState)).to.equal('ready');
    expect(await page.$$eval('#sites-map path.map-territory', (els) => els.length)).to.equal(32);
    const points = await page.$$eval('#sites-map path.map-site', (els) => els.map((e) => e.getAttribute('fill')));
    // Office: low; farm: high — the one risk scale (server/maps/palette.ts).
    expect(points.sort()).to.deep.equal([SCORE_LEVEL_COLORS.low, SCORE_LEVEL_COLORS.high].sort());
    const legend = await page.$eval('#sites-map .map-legend', (e) => e.textContent);
    expect(legend).to.contain('Crítico');
    expect(legend).to.contain('Sitios');
    expect(errors).to.deep.equal([]);
  });
});
