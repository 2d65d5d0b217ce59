import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplierWithSites, auditActions } from './fixtures.ts';

async function signedIn(t: TestApp, email: string): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(email, PASSWORD)).status).to.equal(302);
  return b;
}

/** The child-case form's site is typed, not chosen from a select capped at 5,000 sites (issue 11, item 4). */
describe('remediation: the child-case form\'s site is a type-ahead search', () => {
  let t: TestApp;
  let org: TestOrg;
  let admin: Browser;
  let tapachula: string;
  let soconuscoCentral: string;
  let surCentral: string;
  let foreignSite: string;

  const child = (over: Record<string, string> = {}) => ({ age: '12', sex: 'female', situation: 'under_minimum_age', identifiedOn: '2026-02-01', ...over });
  const siteOfCase = async (location: string) => {
    const id = /\/cases\/([0-9a-f-]{36})\/workers$/.exec(location)![1];
    return (await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query<{ site_id: string }>(`SELECT site_id FROM child_cases WHERE id = $1`, [id]))).rows[0].site_id;
  };
  const caseCount = async () => (await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query<{ n: number }>(`SELECT count(*)::int AS n FROM child_cases`))).rows[0].n;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    [tapachula, soconuscoCentral] = (await addSupplierWithSites(t.db, org, {
      name: 'Café del Soconusco', sites: [{ name: 'Finca Tapachula', territory: '07089' }, { name: 'Beneficio Central', territory: '07089' }],
    })).siteIds;
    [surCentral] = (await addSupplierWithSites(t.db, org, { name: 'Finca del Sur', sites: [{ name: 'Beneficio Central', territory: '14094' }] })).siteIds;
    const other = await createOrg(t.db);
    [foreignSite] = (await addSupplierWithSites(t.db, other, { name: 'Finca Ajena', sites: [{ name: 'Beneficio Ajeno', territory: '07089' }] })).siteIds;
    admin = await signedIn(t, org.users.admin.email);
  });

  it('renders a search field and no list of sites', async () => {
    const page = await admin.get('/cases/new');
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/<input id="case-site" name="site" required[^>]*list="case-site-options"[^>]*data-site-lookup/);
    expect(page.text).to.contain('<datalist id="case-site-options"></datalist>');
    expect(page.text).to.contain('Escriba parte del nombre del centro o de su proveedor y elija de las sugerencias.');
    expect(page.text).to.not.contain('<select id="case-site"').and.not.contain('name="siteId"');
    expect(page.text).to.not.contain('Finca Tapachula').and.not.contain('Beneficio Central').and.not.contain('Café del Soconusco');
    expect(page.text).to.contain('<script src="/static/build/supplier-lookup.js" defer></script>');
    // The type-ahead the field calls finds the tenant's sites, by site or supplier name, and never another tenant's.
    const found = await admin.get('/sites/lookup?q=benef');
    expect(found.body.sites.map((s: { id: string; label: string }) => [s.id, s.label])).to.deep.equal([
      [soconuscoCentral, 'Beneficio Central · Café del Soconusco'], [surCentral, 'Beneficio Central · Finca del Sur'],
    ]);
    expect((await admin.get('/sites/lookup?q=ajeno')).body.sites).to.deep.equal([]);
  });

  it('opens the case at the site the typed text names; site ids still work', async () => {
    await admin.get('/cases/new');
    const typed = await admin.post('/cases', child({ site: 'finca tapachula' }));
    expect(typed.status, typed.text.slice(0, 500)).to.equal(302);
    expect(await siteOfCase(typed.headers.location)).to.equal(tapachula);
    // The label the type-ahead writes tells apart two sites of the same name.
    const label = await admin.post('/cases', child({ site: 'Beneficio Central · Finca del Sur' }));
    expect(label.status).to.equal(302);
    expect(await siteOfCase(label.headers.location)).to.equal(surCentral);
    const byId = await admin.post('/cases', child({ siteId: soconuscoCentral }));
    expect(byId.status).to.equal(302);
    expect(await siteOfCase(byId.headers.location)).to.equal(soconuscoCentral);
    // Each case opened is audit-logged with its site, as before.
    const created = (await auditActions(t.db, org)).filter((a) => a.action === 'child_case.created' && a.actor_user_id === org.users.admin.id);
    expect(created).to.have.length(3);
  });

  it('without JavaScript, an empty, unknown or ambiguous site is reported on the site field, keeping what was typed', async () => {
    await admin.get('/cases/new');
    const before = await caseCount();
    const ambiguous = await admin.post('/cases', child({ site: 'beneficio central' }));
    expect(ambiguous.status).to.equal(422);
    expect(ambiguous.text).to.contain('Centro de trabajo: 2 centros coinciden con «beneficio central». Elija de las sugerencias o escriba «centro · proveedor».');
    expect(ambiguous.text).to.match(/<input id="case-site" name="site"[^>]*value="beneficio central"/);
    const unknown = await admin.post('/cases', child({ site: 'Finca Chiapas' }));
    expect(unknown.status).to.equal(422);
    expect(unknown.text).to.contain('Centro de trabajo: ningún centro activo se llama «Finca Chiapas».');
    const empty = await admin.post('/cases', child({ site: '  ' }));
    expect(empty.status).to.equal(422);
    expect(empty.text).to.contain('Centro de trabajo: escriba el nombre del centro.');
    // Reported together with the other fields' errors, and the schema's "not valid" does not repeat it.
    const several = await admin.post('/cases', child({ site: 'Finca Chiapas', age: '4' }));
    expect(several.status).to.equal(422);
    expect(several.text).to.contain('Centro de trabajo: ningún centro activo se llama «Finca Chiapas».');
    expect(several.text).to.contain('La edad debe ser un número entero entre 5 y 17');
    expect(several.text).to.not.contain('El centro de trabajo elegido no es válido.');
    // A form re-shown after an error sent with a site id shows that site in the field.
    const byId = await admin.post('/cases', child({ siteId: surCentral, age: '4' }));
    expect(byId.status).to.equal(422);
    expect(byId.text).to.match(/<input id="case-site" name="site"[^>]*value="Beneficio Central · Finca del Sur"/);
    expect(await caseCount()).to.equal(before);
  });

  it('does not find another tenant\'s site, typed or by id', async () => {
    await admin.get('/cases/new');
    const before = await caseCount();
    const typed = await admin.post('/cases', child({ site: 'Beneficio Ajeno' }));
    expect(typed.status).to.equal(422);
    expect(typed.text).to.contain('Centro de trabajo: ningún centro activo se llama «Beneficio Ajeno».');
    const uuid = await admin.post('/cases', child({ site: foreignSite }));
    expect(uuid.status).to.equal(422);
    expect(uuid.text).to.contain(`Centro de trabajo: ningún centro activo se llama «${foreignSite}».`);
    const byId = await admin.post('/cases', child({ siteId: foreignSite }));
    expect(byId.status).to.equal(422);
    expect(byId.text).to.contain('El centro de trabajo no existe.');
    expect(byId.text).to.not.contain('Beneficio Ajeno');
    expect(await caseCount()).to.equal(before);
  });

  it('opened from a finding at a site, or a link naming a site, the form starts with that site typed in', async () => {
    const findingId = await t.services.remediation.findings.create(org.actor('analyst'), {
      supplierId: (await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query<{ supplier_id: string }>(`SELECT supplier_id FROM sites WHERE id = $1`, [surCentral]))).rows[0].supplier_id,
      siteId: surCentral, source: 'field_report', category: 'child_labour_under_15', severity: 'critical', title: 'Niña en el beneficio',
    });
    const page = await admin.get(`/cases/new?findingId=${findingId}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/<input id="case-site" name="site" required[^>]*value="Beneficio Central · Finca del Sur"/);
    expect(page.text).to.contain(`name="findingId" value="${findingId}"`);
    const created = await admin.post('/cases', child({ findingId, site: 'Beneficio Central · Finca del Sur' }));
    expect(created.status).to.equal(302);
    expect(await siteOfCase(created.headers.location)).to.equal(surCentral);
    // A link naming the site by id fills it in too, but never with another tenant's site.
    expect((await admin.get(`/cases/new?siteId=${tapachula}`)).text).to.match(/<input id="case-site" name="site" required[^>]*value="Finca Tapachula · Café del Soconusco"/);
    const foreign = await admin.get(`/cases/new?siteId=${foreignSite}`);
    expect(foreign.text).to.match(/<input id="case-site" name="site" required[^>]*value=""/);
    expect(foreign.text).to.not.contain('Beneficio Ajeno');
    // A malformed link opens an empty form rather than failing.
    const odd = await admin.get('/cases/new?findingId=nope');
    expect(odd.status).to.equal(200);
    expect(odd.text).to.match(/<input id="case-site" name="site" required[^>]*value=""/);
  });

  it('still only lets owners and admins open cases, typed site or not', async () => {
    for (const role of ['analyst', 'viewer', 'auditor'] as const) {
      const b = await signedIn(t, org.users[role].email);
      expect((await b.get('/cases/new')).status, `${role} form`).to.equal(403);
      expect((await b.post('/cases', child({ site: 'Finca Tapachula' }))).status, `${role} create`).to.equal(403);
    }
  });
});
