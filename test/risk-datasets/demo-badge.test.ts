import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplier } from '../scores/fixtures.ts';

/** The test database's active Mexican dataset is the demo one (loaded by buildTestApp). */
describe('demo badge on every page that shows risk levels while the dataset in use is demo', () => {
  let t: TestApp;
  let org: TestOrg;
  let b: Browser;
  let farm: { supplierId: string; siteIds: string[] };

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    farm = await addSupplier(t.db, org, { name: 'Finca Demo Badge', sectorCode: '111', commodities: ['coffee'], sites: [{ name: 'Finca Tapachula', territoryCode: '07089' }] });
    await t.services.scores.requestRescore(org.actor('analyst'), null, 'manual');
    await t.services.jobs.drain();
    b = new Browser(t.app);
    await b.login(org.users.analyst.email, PASSWORD);
  });

  const pages = () => [
    '/',
    '/scores',
    '/suppliers',
    `/suppliers/${farm.supplierId}`,
    `/suppliers/${farm.supplierId}/score`,
    `/scores/sites/${farm.siteIds[0]}`,
    '/suppliers/map',
    '/territories',
    '/territories/07',
    '/territories/07089',
  ];

  it('shows the badge on the dashboard, score list, supplier list, supplier and score pages, and map pages', async () => {
    for (const url of pages()) {
      const res = await b.get(url);
      expect(res.status, url).to.equal(200);
      expect(res.text, url).to.match(/data-demo[ >]/);
    }
    const list = await b.get('/scores');
    expect(list.text).to.contain('los niveles de riesgo de esta página vienen del conjunto de datos de demostración');
    expect((await b.get('/suppliers')).text).to.match(/data-demo-badge>Demo — datos no oficiales/);
  });

  it('shows no badge on those lists once the dataset in use is not demo', async () => {
    const active = await t.db.admin((q) => q.query<{ id: string }>(`SELECT id FROM risk_datasets WHERE country = 'MX' AND is_active`));
    const id = active.rows[0].id;
    try {
      await t.db.admin((q) => q.query(`UPDATE risk_datasets SET is_demo = false WHERE id = $1`, [id]));
      for (const url of ['/scores', '/suppliers', `/suppliers/${farm.supplierId}`, '/suppliers/map']) {
        const res = await b.get(url);
        expect(res.status, url).to.equal(200);
        expect(res.text, url).not.to.contain('data-demo-badge');
      }
    } finally {
      await t.db.admin((q) => q.query(`UPDATE risk_datasets SET is_demo = true WHERE id = $1`, [id]));
    }
  });
});
