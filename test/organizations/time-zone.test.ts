import { expect } from 'chai';
import { Browser, buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { auditActions } from '../remediation/fixtures.ts';

describe('organisations: the time zone setting', () => {
  let t: TestApp;
  let org: TestOrg;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
  });

  async function as(role: keyof TestOrg['users']) {
    const b = new Browser(t.app);
    await b.login(org.users[role].email, PASSWORD);
    return b;
  }

  it('defaults to America/Mexico_City and is changed by an owner, audit-logged', async () => {
    const owner = await as('owner');
    const page = await owner.get('/settings/organization/time-zone');
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/<option value="America\/Mexico_City" selected>/);
    expect(page.text).to.include('Zona horaria');
    const res = await owner.post('/settings/organization/time-zone', { timeZone: 'America/Tijuana' });
    expect(res.status).to.equal(302);
    expect((await owner.get('/settings/organization/time-zone')).text).to.match(/<option value="America\/Tijuana" selected>/);
    const audit = (await auditActions(t.db, org)).filter((a) => a.action === 'organization.time_zone_changed');
    expect(audit).to.have.length(1);
    expect(audit[0].actor_user_id).to.equal(org.users.owner.id);
  });

  it('refuses a zone that is not in Intl\'s list, naming the field, and keeps the saved one', async () => {
    const owner = await as('owner');
    await owner.get('/settings/organization/time-zone');
    const res = await owner.post('/settings/organization/time-zone', { timeZone: 'Mars/Olympus_Mons' });
    expect(res.status).to.equal(422);
    expect(res.text).to.include('«Mars/Olympus_Mons» no es una zona válida');
    expect(res.text).to.include('aria-invalid="true"');
    expect(res.text).to.match(/<option value="America\/Tijuana" selected>/);
  });

  it('is for owners and admins only', async () => {
    for (const role of ['analyst', 'viewer', 'auditor'] as const) {
      const b = await as(role);
      expect((await b.get('/settings/organization/time-zone')).status, role).to.equal(403);
      expect((await b.post('/settings/organization/time-zone', { timeZone: 'UTC' })).status, role).to.equal(403);
    }
    expect((await (await as('admin')).get('/settings/organization/time-zone')).status).to.equal(200);
  });
});
