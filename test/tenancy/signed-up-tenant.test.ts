import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { signUpAndConfirm, SIGNUP_PASSWORD } from '../signup/support.ts';
import { createSupplier } from '../suppliers/support.ts';

/** A tenant created through the public sign-up is as isolated as the ones the factories make. */
describe('tenancy: a freshly signed-up tenant', () => {
  let t: TestApp;
  let fresh: { orgId: string; browser: Browser; supplierId: string };
  let b: TestOrg;
  let bBrowser: Browser;
  let bSupplier: string;

  before(async () => {
    t = await buildTestApp();
    const signed = await signUpAndConfirm(t);
    const browser = new Browser(t.app);
    expect((await browser.login(signed.form.email, SIGNUP_PASSWORD)).status).to.equal(302);
    await browser.get('/suppliers/new');
    fresh = { orgId: signed.orgId, browser, supplierId: await createSupplier(browser, { legalName: 'Proveedor del Nuevo' }) };
    b = await createOrg(t.db);
    bBrowser = new Browser(t.app);
    await bBrowser.login(b.users.owner.email, PASSWORD);
    await bBrowser.get('/suppliers/new');
    bSupplier = await createSupplier(bBrowser, { legalName: 'Proveedor de B' });
  });

  it('cannot read, change or list the other tenant’s supplier, in either direction', async () => {
    expect((await fresh.browser.get(`/suppliers/${bSupplier}`)).status).to.equal(404);
    expect((await fresh.browser.get(`/api/v1/suppliers/${bSupplier}`)).status).to.equal(404);
    expect((await fresh.browser.post(`/suppliers/${bSupplier}`, { legalName: 'Secuestrado', status: 'active', tier: '1' })).status).to.equal(404);
    expect((await fresh.browser.get('/suppliers')).text).to.contain('Proveedor del Nuevo').and.not.contain('Proveedor de B');
    expect((await bBrowser.get(`/suppliers/${fresh.supplierId}`)).status).to.equal(404);
    expect((await bBrowser.get('/suppliers')).text).to.not.contain('Proveedor del Nuevo');
    const name = await t.db.admin((q) => q.query<{ legal_name: string }>(`SELECT legal_name FROM suppliers WHERE id = $1`, [bSupplier]));
    expect(name.rows[0].legal_name).to.equal('Proveedor de B');
  });

  it('cannot switch into the other tenant, and its audit log and members stay its own', async () => {
    await fresh.browser.get('/orgs');
    expect((await fresh.browser.post('/orgs/switch', { orgId: b.id })).status).to.equal(404);
    const audit = await fresh.browser.get('/settings/audit');
    expect(audit.status).to.equal(200);
    expect(audit.text).to.not.contain(b.users.owner.email).and.not.contain('Proveedor de B');
    const members = await fresh.browser.get('/settings/members');
    expect(members.text).to.not.contain(b.users.admin.email);
  });

  it('row-level security shows the new tenant only its own rows', async () => {
    const seen = await t.db.tx({ orgId: fresh.orgId, userId: null }, (q) => q.query<{ organization_id: string }>(`SELECT organization_id FROM suppliers`));
    expect(seen.rows.map((r) => r.organization_id)).to.deep.equal([fresh.orgId]);
    const orgs = await t.db.tx({ orgId: fresh.orgId, userId: null }, (q) => q.query<{ id: string }>(`SELECT id FROM organizations WHERE kind = 'company'`));
    expect(orgs.rows.map((r) => r.id)).to.deep.equal([fresh.orgId]);
    const signups = await t.db.tx({ orgId: fresh.orgId, userId: null }, (q) => q.query(`SELECT 1 FROM signups`)).catch((e: Error) => e);
    expect((signups as Error).message).to.match(/permission denied/);
  });
});
