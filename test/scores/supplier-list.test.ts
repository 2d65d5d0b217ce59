import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplier, TAPACHULA_WORKFORCE } from './fixtures.ts';

/**
 * The supplier list filtered and sorted by current risk level. Worked by hand:
 *   Finca: Tapachula high 90 × 0.45 + crops 80 × 0.3 + 32.5 × 0.25 = 72.63 → high;
 *   Oficina: 01001 low 20 × 0.45 + professional services 28 × 0.3 + 0 = 17.4 → low;
 *   Abarrotes: no sites, 50 × 0.45 + retail 52 × 0.3 + 50 × 0.25 = 50.6 → high; Nuevo: not scored.
 */
describe('scores: risk level in the supplier list', () => {
  let t: TestApp;
  let org: TestOrg;
  let b: Browser;
  const names = (html: string) => [...html.matchAll(/<tr data-id="[^"]+">\s*<td><a href="\/suppliers\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    await addSupplier(t.db, org, {
      name: 'Finca', sectorCode: '111',
      sites: [{ name: 'Tapachula', territoryCode: '07089', workforce: TAPACHULA_WORKFORCE }],
    });
    await addSupplier(t.db, org, {
      name: 'Oficina', sectorCode: '54',
      sites: [{ name: 'Centro', territoryCode: '01001', workforce: { total: 10, adolescents: 0, family: 0, seasonal: 0, migrant: 0, subcontracted: 0, indigenous: 0, women: 6 } }],
    });
    await addSupplier(t.db, org, { name: 'Abarrotes', sectorCode: '46', sites: [] });
    await t.services.scores.rescoreOrganization(org.actor('admin'));
    await addSupplier(t.db, org, { name: 'Nuevo', sectorCode: '46', sites: [] });
    b = new Browser(t.app);
    await b.login(org.users.viewer.email, PASSWORD);
  });

  it('filters by level, including suppliers not scored yet', async () => {
    expect(names((await b.get('/suppliers?risk=high')).text)).to.deep.equal(['Abarrotes', 'Finca']);
    expect(names((await b.get('/suppliers?risk=low')).text)).to.deep.equal(['Oficina']);
    expect(names((await b.get('/suppliers?risk=unscored')).text)).to.deep.equal(['Nuevo']);
    expect(names((await b.get('/suppliers?risk=critical')).text)).to.deep.equal([]);
  });

  it('sorts by risk, most severe first, and shows the level badge', async () => {
    const res = await b.get('/suppliers?sort=risk');
    expect(names(res.text)).to.deep.equal(['Finca', 'Abarrotes', 'Oficina', 'Nuevo']);
    expect(res.text).to.match(/<span class="level level-high" data-level="high">Alto<\/span>/);
    expect(res.text).to.match(/<span class="level level-none" data-level="none">Sin calcular<\/span>/);
  });

  it('shows the level on the supplier page, linking to its score', async () => {
    const list = await b.get('/suppliers?risk=high');
    const id = /<tr data-id="([^"]+)">\s*<td><a href="\/suppliers\/[^"]+">Finca</.exec(list.text)![1];
    const page = await b.get(`/suppliers/${id}`);
    expect(page.text).to.match(new RegExp(`<a href="/suppliers/${id}/score" id="supplier-risk"[^>]*><span class="level level-high" data-level="high">Alto</span></a>`));
  });
});
