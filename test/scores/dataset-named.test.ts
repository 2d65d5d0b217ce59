import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';
import { createSite, createSupplier, signedIn } from '../suppliers/support.ts';
import { getActiveDataset } from '../../server/risk-datasets/risk-dataset.service.ts';

describe('scores: every page that shows a score names the risk dataset and version it was computed with', function () {
  this.timeout(60_000);
  let t: TestApp;
  let org: TestOrg;
  let supplierId: string;
  let dataset: { name: string; version: string };

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    const b = await signedIn(t, org, 'analyst');
    supplierId = await createSupplier(b, { legalName: 'Cafetal La Montaña', sectorCode: '111' });
    await createSite(b, supplierId, { name: 'Finca El Mirador', territoryCode: '07089', latitude: '', longitude: '' });
    await t.services.scores.rescoreOrganization(org.actor('analyst'));
    const active = await t.db.tx({ orgId: org.id, userId: null }, (q) => getActiveDataset(q, 'MX'));
    expect(active, 'an active dataset').to.not.equal(null);
    dataset = { name: active!.name, version: active!.version };
  });

  for (const [locale, version] of [['es-MX', 'Versión'], ['en', 'Version']] as const) {
    it(`the supplier's page, its score page and the score list, in ${locale}`, async () => {
      const b = await signedIn(t, org, 'viewer');
      if (locale === 'en') await b.get('/lang/en?next=/');
      for (const path of [`/suppliers/${supplierId}/score`, '/scores', `/suppliers/${supplierId}`]) {
        const page = await b.get(path);
        const line = /<p class="muted score-datasets"[\s\S]*?<\/p>/.exec(page.text)?.[0] ?? '';
        expect(line, path).to.include(`<strong>${dataset.name}</strong> ${version} ${dataset.version}`);
      }
    });
  }
});
