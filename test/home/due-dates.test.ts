import { expect } from 'chai';
import { Browser, buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplierWithSites } from '../remediation/fixtures.ts';

/** The action's due date, as a calendar day; the dashboard must show that very day. */
const DUE = '2026-11-26';

describe('dashboard: overdue items show their due date on the right day', () => {
  let t: TestApp;
  let org: TestOrg;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    const { supplierId } = await addSupplierWithSites(t.db, org, { name: 'Tabiquera San Juan' });
    const analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
    await analyst.get('/remediation/plans');
    const plan = await analyst.post('/remediation/plans', { supplierId, title: 'Plan de retiro de menores' });
    expect(plan.status, plan.text).to.equal(302);
    await analyst.get(plan.headers.location);
    const action = await analyst.post(`${plan.headers.location}/actions`, { title: 'Verificar edades en nómina', ownerKind: 'company', ownerUserId: org.users.analyst.id, dueDate: '2099-01-01' });
    expect(action.status, action.text).to.equal(302);
    // The action fell due on 26 Nov (moved into the past directly: the form refuses past dates).
    await t.db.admin((q) => q.query(`UPDATE remediation_actions SET due_date = $2 WHERE organization_id = $1`, [org.id, DUE]));
  });

  for (const [locale, shown, wrong] of [['es-MX', '26 nov 2026', '25 nov 2026'], ['en', 'Nov 26, 2026', 'Nov 25, 2026']] as const) {
    it(`in ${locale}: "${shown}", not a day early`, async () => {
      const b = new Browser(t.app);
      await b.login(org.users.owner.email, PASSWORD);
      if (locale === 'en') await b.get('/lang/en?next=/');
      const page = await b.get('/');
      const item = /<li data-kind="action">[\s\S]*?<\/li>/.exec(page.text)?.[0] ?? '';
      expect(item).to.include('Verificar edades en nómina');
      expect(item).to.include(shown);
      expect(item).to.not.include(wrong);
    });
  }
});
