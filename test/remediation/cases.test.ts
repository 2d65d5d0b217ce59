import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, engage, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplierWithSites, auditActions, withTerritories } from './fixtures.ts';

async function signedIn(t: TestApp, email: string, orgId?: string): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(email, PASSWORD)).status).to.equal(302);
  if (orgId) {
    await b.get('/orgs');
    expect((await b.post('/orgs/switch', { orgId })).status).to.equal(302);
  }
  return b;
}

const idFrom = (location: string | undefined) => /([0-9a-f-]{36})$/.exec(location ?? '')![1];

describe('remediation: child cases and referrals to local services', () => {
  let t: TestApp;
  let org: TestOrg;
  let tapachulaSite: string;
  let noMunicipalitySite: string;
  let difTapachula: string;
  let schoolTuxtla: string;

  before(async () => {
    t = await buildTestApp();
    await withTerritories(t.db);
    org = await createOrg(t.db);
    const s = await addSupplierWithSites(t.db, org, {
      sites: [{ name: 'Finca Tapachula', territory: '07089' }, { name: 'Bodega sin municipio', territory: '07' }],
    });
    [tapachulaSite, noMunicipalitySite] = s.siteIds;
    const dir = t.services.remediation.directory;
    difTapachula = await dir.create(org.actor('analyst'), { territoryCode: '07089', kind: 'dif', name: 'DIF Municipal Tapachula', phone: '962 000 0000' });
    schoolTuxtla = await dir.create(org.actor('analyst'), { territoryCode: '07101', kind: 'school', name: 'Primaria Tuxtla Centro' });
  });

  it('only owners and admins reach cases: analysts, viewers and auditors are refused', async () => {
    const c = await t.services.remediation.cases.create(org.actor('admin'), {
      siteId: tapachulaSite, findingId: null, age: 12, sex: 'male', indigenous: false, migrant: true, situation: 'under_minimum_age', notes: null, identifiedOn: '2026-01-15',
    });
    for (const role of ['analyst', 'viewer', 'auditor'] as const) {
      const b = await signedIn(t, org.users[role].email);
      expect((await b.get('/cases')).status, `${role} list`).to.equal(403);
      expect((await b.get(`/cases/${c}`)).status, `${role} case`).to.equal(403);
      expect((await b.get('/cases/new')).status, `${role} form`).to.equal(403);
      expect((await b.post('/cases', { siteId: tapachulaSite, age: '10', sex: 'female', situation: 'at_risk' })).status, `${role} create`).to.equal(403);
      expect((await b.get('/')).text, `${role} nav`).to.not.contain('href="/cases"');
    }
    const analystFinding = await signedIn(t, org.users.analyst.email);
    expect((await analystFinding.get('/findings')).status).to.equal(200);
    const owner = await signedIn(t, org.users.owner.email);
    expect((await owner.get(`/cases/${c}`)).status).to.equal(200);
    expect((await owner.get('/')).text).to.contain('href="/cases"');
  });

  it('a consultancy engaged as admin reaches cases; one engaged as analyst does not', async () => {
    const company = await createOrg(t.db);
    const asAdmin = await createOrg(t.db, 'consultancy');
    const asAnalyst = await createOrg(t.db, 'consultancy');
    await engage(t.services, company, asAdmin, 'admin');
    await engage(t.services, company, asAnalyst, 'analyst');
    expect((await (await signedIn(t, asAdmin.users.analyst.email, company.id)).get('/cases')).status).to.equal(200);
    expect((await (await signedIn(t, asAnalyst.users.owner.email, company.id)).get('/cases')).status).to.equal(403);
  });

  it('an admin opens a case with minimal data; every view and list is audit-logged', async () => {
    const admin = await signedIn(t, org.users.admin.email);
    const form = await admin.get('/cases/new');
    expect(form.text).to.contain('No escriba nombres');
    const bad = await admin.post('/cases', { siteId: tapachulaSite, age: '4', sex: 'female', situation: 'at_risk' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('La edad debe ser un número entero entre 5 y 17');
    const created = await admin.post('/cases', { siteId: tapachulaSite, age: '13', sex: 'female', indigenous: '1', situation: 'hazardous_work', identifiedOn: '2026-02-01' });
    expect(created.status).to.equal(302);
    const caseId = idFrom(created.headers.location);
    const page = await admin.get(`/cases/${caseId}`);
    expect(page.text).to.contain('Caso: 13 años');
    expect(page.text).to.contain('Menor de 18 en trabajo peligroso');
    expect(page.text).to.contain('Tapachula (07089)');
    // The correction form comes filled with the case's own data.
    expect(page.text).to.contain('name="age" type="number" min="5" max="17" step="1" required value="13"');
    expect(page.text).to.match(/<option value="female" selected>/);
    await admin.get('/cases');
    const audit = (await auditActions(t.db, org)).filter((a) => a.action.startsWith('child_case.'));
    expect(audit.slice(-3).map((a) => [a.action, a.target_id, a.actor_user_id])).to.deep.equal([
      ['child_case.created', caseId, org.users.admin.id],
      ['child_case.viewed', caseId, org.users.admin.id],
      ['child_case.listed', null, org.users.admin.id],
    ]);
  });

  it('refers only to services in the site\'s municipality, then follows up until closed', async () => {
    const admin = await signedIn(t, org.users.admin.email);
    const caseId = idFrom((await (async () => { await admin.get('/cases/new'); return admin.post('/cases', { siteId: tapachulaSite, age: '9', sex: 'male', migrant: '1', situation: 'under_minimum_age' }); })()).headers.location);
    const page = await admin.get(`/cases/${caseId}`);
    expect(page.text).to.contain('DIF Municipal Tapachula');
    expect(page.text).to.not.contain('Primaria Tuxtla Centro');

    const elsewhere = await admin.post(`/cases/${caseId}/referrals`, { serviceId: schoolTuxtla, referredOn: '2026-02-02' });
    expect(elsewhere.status).to.equal(422);
    expect(elsewhere.text).to.contain('«Primaria Tuxtla Centro» no está en Tapachula');
    const ok = await admin.post(`/cases/${caseId}/referrals`, { serviceId: difTapachula, referredOn: '2026-02-02' });
    expect(ok.status).to.equal(302);
    expect((await admin.get(`/cases/${caseId}`)).text).to.contain('Canalizado');

    const visit = await admin.post(`/cases/${caseId}/followups`, { visitDate: '2026-02-20', withdrawn: '1', schoolEnrolled: '1', nextVisit: '2026-03-20', notes: 'Asiste a clases' });
    expect(visit.status).to.equal(302);
    const after = await admin.get(`/cases/${caseId}`);
    expect(after.text).to.contain('En seguimiento');
    expect(after.text).to.contain('20 mar 2026'); // next visit, as a date in the page's language
    expect((await admin.post(`/cases/${caseId}/close`, { reason: 'enrolled_in_school' })).status).to.equal(302);
    const closed = await admin.get(`/cases/${caseId}`);
    expect(closed.text).to.contain('Inscrito en la escuela');
    expect(closed.text).to.not.contain('id="referral-form"');
    expect((await admin.post(`/cases/${caseId}/followups`, { visitDate: '2026-04-01' })).status).to.equal(409);
  });

  it('cannot refer a case whose site has no municipality', async () => {
    const c = await t.services.remediation.cases.create(org.actor('admin'), {
      siteId: noMunicipalitySite, findingId: null, age: 16, sex: 'undisclosed', indigenous: false, migrant: false, situation: 'permitted_without_protections', notes: null, identifiedOn: '2026-01-20',
    });
    const admin = await signedIn(t, org.users.admin.email);
    await admin.get(`/cases/${c}`);
    const res = await admin.post(`/cases/${c}/referrals`, { serviceId: difTapachula, referredOn: '2026-02-02' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('no tiene municipio registrado');
  });

  it('another organisation gets 404 for a case and cannot use its services', async () => {
    const c = await t.services.remediation.cases.create(org.actor('owner'), {
      siteId: tapachulaSite, findingId: null, age: 15, sex: 'female', indigenous: true, migrant: false, situation: 'hazardous_work', notes: null, identifiedOn: '2026-01-10',
    });
    const other = await createOrg(t.db);
    const b = await signedIn(t, other.users.owner.email);
    expect((await b.get(`/cases/${c}`)).status).to.equal(404);
    await b.get('/cases');
    expect((await b.post(`/cases/${c}/referrals`, { serviceId: difTapachula, referredOn: '2026-02-02' })).status).to.equal(404);
    expect((await b.get('/services')).text).to.not.contain('DIF Municipal Tapachula');
  });

  it('keeps the services directory per INEGI municipality', async () => {
    const analyst = await signedIn(t, org.users.analyst.email);
    const page = await analyst.get('/services?territory=07089');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Servicios en Tapachula, Chiapas');
    expect(page.text).to.contain('DIF Municipal Tapachula');
    expect(page.text).to.not.contain('Primaria Tuxtla Centro');
    const bad = await analyst.post('/services', { territoryCode: '07999', kind: 'health', name: 'Centro de Salud' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('La clave 07999 no corresponde a ningún municipio');
    const ok = await analyst.post('/services', { territoryCode: '07089', kind: 'employment', name: 'Servicio Nacional de Empleo Tapachula' });
    expect(ok.status).to.equal(302);
    expect(ok.headers.location).to.equal('/services?territory=07089');
    const viewer = await signedIn(t, org.users.viewer.email);
    const readOnly = await viewer.get('/services?territory=07089');
    expect(readOnly.text).to.contain('Servicio Nacional de Empleo Tapachula');
    expect(readOnly.text).to.not.contain('id="service-form"');
    expect((await viewer.post('/services', { territoryCode: '07089', kind: 'school', name: 'X' })).status).to.equal(403);
  });
});
