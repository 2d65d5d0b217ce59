import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg } from '../support/factories.ts';
import { signedIn } from './support.ts';
import { addSupplier } from '../scores/fixtures.ts';
import { SCORE_LEVEL_COLORS, UNSCORED_COLOR } from '../../server/maps/palette.ts';

describe('site map: points coloured by residual risk, with a legend and filters', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });

  it('colours each site by its own residual level and filters by level, state and supplier', async () => {
    const org = await createOrg(t.db);
    const chiapas = await addSupplier(t.db, org, { name: 'Finca Chiapas', sectorCode: '111', sites: [{ name: 'Tapachula', territoryCode: '07089' }] });
    await t.services.scores.rescoreOrganization(org.actor('admin'));
    // Added after the run: not scored yet.
    const jalisco = await addSupplier(t.db, org, { name: 'Agave Jalisco', sectorCode: '111', sites: [{ name: 'Tequila', territoryCode: '14094', latitude: 20.88, longitude: -103.83 }] });
    const level = (await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ level: keyof typeof SCORE_LEVEL_COLORS }>(`SELECT level FROM current_site_scores WHERE site_id = $1`, [chiapas.siteIds[0]]))).rows[0].level;

    const b = await signedIn(t, org);
    const all = JSON.parse((await b.get('/suppliers/map/points.json')).text);
    const byName = (fc: any, part: string) => fc.features.find((f: any) => f.properties.name.includes(part))?.properties;
    expect(byName(all, 'Tapachula')).to.include({ riskLevel: level, color: SCORE_LEVEL_COLORS[level] });
    expect(byName(all, 'Tequila')).to.include({ riskLevel: 'unscored', color: UNSCORED_COLOR });
    expect(byName(all, 'Tequila').name).to.contain('Sin calcular');

    const only = async (qs: string) => JSON.parse((await b.get(`/suppliers/map/points.json?${qs}`)).text).features.map((f: any) => f.properties.name.split(' · ')[0]);
    expect(await only(`level=${level}`)).to.deep.equal(['Tapachula']);
    expect(await only('level=unscored')).to.deep.equal(['Tequila']);
    expect(await only('state=14')).to.deep.equal(['Tequila']);
    expect(await only(`supplier=${chiapas.supplierId}`)).to.deep.equal(['Tapachula']);
    expect((await only('level=bogus')).sort()).to.deep.equal(['Tapachula', 'Tequila']);

    const page = await b.get(`/suppliers/map?state=14&supplier=${jalisco.supplierId}`);
    const pointsUrl = /data-points-url="([^"]+)"/.exec(page.text)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    expect(pointsUrl).to.equal(`/suppliers/map/points.json?state=14&supplier=${jalisco.supplierId}`);
    expect(page.text).to.match(/id="map-legend"[\s\S]*level-low[\s\S]*level-critical[\s\S]*level-unscored/);
    expect(page.text).to.match(/<option value="14" selected>Jalisco<\/option>/);
    expect(page.text).to.match(/<input name="supplier" id="map-supplier"[^>]*value="Agave Jalisco"[^>]*data-supplier-lookup/);
  });
});
