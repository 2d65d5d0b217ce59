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


describe('remediation: child cases, case workers and referrals', () => {
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

  const base = { findingId: null, notes: null, sensitiveConsentOn: null, indigenous: null, migrant: null } as const;

  it('a case opens only to its named case worker; viewers and auditors never reach cases', async () => {
    const c = await t.services.remediation.cases.create(org.actor('admin'), {
      ...base, siteId: tapachulaSite, age: 12, sex: 'male', situation: 'under_minimum_age', identifiedOn: '2026-01-15', caseWorkerId: org.users.analyst.id,
    });
    for (const role of ['viewer', 'auditor'] as const) {
      const b = await signedIn(t, org.users[role].email);
      expect((await b.get('/cases')).status, `${role} list`).to.equal(403);
      expect((await b.get(`/cases/${c}`)).status, `${role} case`).to.equal(403);
      expect((await b.get('/cases/new')).status, `${role} form`).to.equal(403);
      expect((await b.post('/cases', { siteId: tapachulaSite, age: '10', sex: 'female', situation: 'at_risk' })).status, `${role} create`).to.equal(403);
      expect((await b.get('/')).text, `${role} nav`).to.not.contain('href="/cases"');
    }
    // The named analyst opens it; the owner and the admin who opened it do not (404, as for another tenant).
    const analyst = await signedIn(t, org.users.analyst.email);
    expect((await analyst.get(`/cases/${c}`)).status).to.equal(200);
    for (const role of ['owner', 'admin'] as const) {
      const b = await signedIn(t, org.users[role].email);
      expect((await b.get(`/cases/${c}`)).status, `${role} not assigned`).to.equal(404);
      expect((await b.post(`/cases/${c}/followups`, { visitDate: '2026-02-01' })).status, `${role} follow-up`).to.equal(404);
      const list = await b.get('/cases');
      expect(list.text).to.contain(`data-case="${c}"`);
      expect(list.text).to.contain('No asignado a usted');
      expect((await b.get(`/cases/${c}/workers`)).status).to.equal(200);
    }
    expect((await analyst.get(`/cases/${c}/workers`)).status, 'analysts do not assign').to.equal(403);
    const refused = (await auditActions(t.db, org)).filter((a) => a.action === 'child_case.access_refused' && a.target_id === c);
    expect(refused.map((a) => a.actor_user_id)).to.include.members([org.users.owner.id, org.users.admin.id]);
  });

  it('owners assign case workers without reading the case; the last case worker cannot be removed', async () => {
    const c = await t.services.remediation.cases.create(org.actor('admin'), {
      ...base, siteId: tapachulaSite, age: 13, sex: 'female', situation: 'hazardous_work', identifiedOn: '2026-01-20', caseWorkerId: org.users.analyst.id,
    });
    const owner = await signedIn(t, org.users.owner.email);
    const page = await owner.get(`/cases/${c}/workers`);
    expect(page.text).to.not.contain('13 años');
    expect((await owner.post(`/cases/${c}/workers`, { caseWorkerId: org.users.viewer.id })).status).to.equal(422);
    expect((await owner.post(`/cases/${c}/workers/${org.users.analyst.id}/remove`, {})).text).to.contain('un caso necesita al menos una');
    expect((await owner.post(`/cases/${c}/workers`, { caseWorkerId: org.users.owner.id })).status).to.equal(302);
    expect((await owner.get(`/cases/${c}`)).status).to.equal(200);
    expect((await owner.post(`/cases/${c}/workers/${org.users.owner.id}/remove`, {})).status).to.equal(302);
    expect((await owner.get(`/cases/${c}`)).status).to.equal(404);
  });

  it('a consultancy engaged as admin assigns cases; one engaged as viewer does not reach them', async () => {
    const company = await createOrg(t.db);
    const asAdmin = await createOrg(t.db, 'consultancy');
    const asViewer = await createOrg(t.db, 'consultancy');
    await engage(t.services, company, asAdmin, 'admin');
    await engage(t.services, company, asViewer, 'viewer');
    expect((await (await signedIn(t, asAdmin.users.admin.email, company.id)).get('/cases/new')).status).to.equal(200);
    // The engagement's role never exceeds the member's own: an analyst of that consultancy stays an analyst.
    expect((await (await signedIn(t, asAdmin.users.analyst.email, company.id)).get('/cases/new')).status).to.equal(403);
    expect((await (await signedIn(t, asViewer.users.owner.email, company.id)).get('/cases')).status).to.equal(403);
  });

  it('an admin opens a case with minimal data; every view and list is audit-logged', async () => {
    const admin = await signedIn(t, org.users.admin.email);
    const form = await admin.get('/cases/new');
    expect(form.text).to.contain('No escriba nombres');
    expect(form.text).to.contain('No lo despida sin una alternativa');
    const bad = await admin.post('/cases', { siteId: tapachulaSite, age: '4', sex: 'female', situation: 'at_risk' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('La edad debe ser un número entero entre 5 y 17');
    const created = await admin.post('/cases', { siteId: tapachulaSite, age: '13', sex: 'female', situation: 'hazardous_work', identifiedOn: '2026-02-01' });
    expect(created.status).to.equal(302);
    const caseId = /\/cases\/([0-9a-f-]{36})\/workers$/.exec(created.headers.location!)![1];
    const page = await admin.get(`/cases/${caseId}`);
    expect(page.text).to.contain('Caso: 13 años');
    expect(page.text).to.contain('Menor de 18 en trabajo peligroso');
    expect(page.text).to.contain('Tapachula (07089)');
    // The correction form comes filled with the case's own data.
    expect(page.text).to.contain('name="age" type="number" min="5" max="17" step="1" required value="13"');
    expect(page.text).to.match(/<option value="female" selected>/);
    await admin.get('/cases');
    const audit = (await auditActions(t.db, org)).filter((a) => a.action.startsWith('child_case.') && a.actor_user_id === org.users.admin.id);
    expect(audit.slice(-3).map((a) => [a.action, a.target_id])).to.deep.equal([
      ['child_case.created', caseId], ['child_case.viewed', caseId], ['child_case.listed', null],
    ]);
  });

  it('refers to local services of the municipality, to state and national institutions, elsewhere only with a reason', async () => {
    const admin = await signedIn(t, org.users.admin.email);
    await admin.get('/cases/new');
    const caseId = /\/cases\/([0-9a-f-]{36})\//.exec((await admin.post('/cases', { siteId: tapachulaSite, age: '9', sex: 'male', situation: 'under_minimum_age' })).headers.location!)![1];
    const page = await admin.get(`/cases/${caseId}`);
    expect(page.text).to.contain('DIF Municipal Tapachula');
    expect(page.text).to.contain('Procuraduría de Protección de Niñas, Niños y Adolescentes de Chiapas');
    expect(page.text).to.contain('Comisión Mexicana de Ayuda a Refugiados (COMAR)');
    expect(page.text).to.not.contain('Procuraduría de Protección de Niñas, Niños y Adolescentes de Jalisco');

    const elsewhere = await admin.post(`/cases/${caseId}/referrals`, { target: `service:${schoolTuxtla}`, referredOn: '2026-02-02' });
    expect(elsewhere.status).to.equal(422);
    expect(elsewhere.text).to.contain('Motivo para canalizar fuera del municipio: «Primaria Tuxtla Centro» no está en Tapachula');
    const home = await admin.post(`/cases/${caseId}/referrals`, { target: `service:${schoolTuxtla}`, referredOn: '2026-02-02', outOfAreaReason: 'Comunidad de origen de la familia' });
    expect(home.status).to.equal(302);
    const otherState = await admin.post(`/cases/${caseId}/referrals`, { target: 'ref:mx-14-procuraduria', referredOn: '2026-02-02' });
    expect(otherState.status).to.equal(422);
    expect(otherState.text).to.contain('elija una institución de la lista');
    expect((await admin.post(`/cases/${caseId}/referrals`, { target: 'ref:mx-07-procuraduria', referredOn: '2026-02-02' })).status).to.equal(302);
    expect((await admin.post(`/cases/${caseId}/referrals`, { target: `service:${difTapachula}`, referredOn: '2026-02-03' })).status).to.equal(302);
    const after = await admin.get(`/cases/${caseId}`);
    expect(after.text).to.contain('Canalizado');
    expect(after.text).to.contain('Procuraduría de Protección de Niñas, Niños y Adolescentes de Chiapas · Procuraduría de Protección de Niñas, Niños y Adolescentes · Estatal');
    expect(after.text).to.contain('Comunidad de origen de la familia');
  });

  it('a site known only by its state still refers, to state and national institutions', async () => {
    const c = await t.services.remediation.cases.create(org.actor('admin'), {
      ...base, siteId: noMunicipalitySite, age: 16, sex: 'undisclosed', situation: 'permitted_without_protections', identifiedOn: '2026-01-20',
    });
    const admin = await signedIn(t, org.users.admin.email);
    const page = await admin.get(`/cases/${c}`);
    expect(page.text).to.contain('Sistema DIF estatal de Chiapas');
    expect(page.text).to.contain('Instituto Nacional para la Educación de los Adultos (INEA)');
    const res = await admin.post(`/cases/${c}/referrals`, { target: 'ref:mx-inea', referredOn: '2026-02-02' });
    expect(res.status).to.equal(302);
    expect((await admin.get(`/cases/${c}`)).text).to.contain('Instituto Nacional para la Educación de los Adultos (INEA) · INEA (educación para adolescentes y personas adultas) · Nacional');
  });

  it('another organisation gets 404 for a case and cannot use its services', async () => {
    const c = await t.services.remediation.cases.create(org.actor('owner'), {
      ...base, siteId: tapachulaSite, age: 15, sex: 'female', situation: 'hazardous_work', identifiedOn: '2026-01-10',
    });
    const other = await createOrg(t.db);
    const b = await signedIn(t, other.users.owner.email);
    expect((await b.get(`/cases/${c}`)).status).to.equal(404);
    expect((await b.get(`/cases/${c}/workers`)).status).to.equal(404);
    await b.get('/cases');
    expect((await b.post(`/cases/${c}/referrals`, { target: `service:${difTapachula}`, referredOn: '2026-02-02' })).status).to.equal(404);
    expect((await b.post(`/cases/${c}/workers`, { caseWorkerId: other.users.owner.id })).status).to.equal(404);
    expect((await b.get('/services')).text).to.not.contain('DIF Municipal Tapachula');
  });

  it('keeps the services directory per INEGI municipality', async () => {
    const analyst = await signedIn(t, org.users.analyst.email);
    const page = await analyst.get('/services?territory=07089');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Servicios en Tapachula, Chiapas');
    expect(page.text).to.contain('DIF Municipal Tapachula');
    expect(page.text).to.not.contain('Primaria Tuxtla Centro');
    // The shipped state and national institutions, each with its source.
    expect(page.text).to.contain('Procuraduría de Protección de Niñas, Niños y Adolescentes de Chiapas');
    expect(page.text).to.contain('href="https://www.gob.mx/comar"');
    expect(page.text).to.not.contain('Sistema DIF estatal de Jalisco');
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
