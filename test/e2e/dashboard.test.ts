import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, engage, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addReviewedAssessment, addSupplier, TAPACHULA_WORKFORCE } from '../scores/fixtures.ts';

const unescape = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The Chart.js configurations embedded in the page, in document order. */
function charts(html: string): any[] {
  return [...html.matchAll(/<canvas data-chart="([^"]*)"/g)].map((m) => JSON.parse(unescape(m[1])));
}

/**
 * The company dashboard over HTTP. Two suppliers worked by hand:
 *   farm: Tapachula (demo "high" 90), crops (80), workforce 33.5 → 72.88, high;
 *   office: Aguascalientes municipality 01001 (demo "low" 20), professional services (28),
 *   10 people none in a risk group (0) → 9 + 8.4 + 0 = 17.4, low.
 */
describe('e2e: company dashboard', () => {
  let t: TestApp;
  let org: TestOrg;
  let farm: { supplierId: string; siteIds: string[] };
  const as = {} as Record<'owner' | 'auditor' | 'consultant', Browser>;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    farm = await addSupplier(t.db, org, {
      name: 'Finca Cafetalera del Soconusco', sectorCode: '111',
      sites: [{ name: 'Finca Tapachula', territoryCode: '07089', workforce: TAPACHULA_WORKFORCE }],
    });
    await addSupplier(t.db, org, {
      name: 'Despacho Contable', sectorCode: '54',
      sites: [{ name: 'Oficina', territoryCode: '01001', latitude: 21.88, longitude: -102.29, workforce: { total: 10, adolescents: 0, family: 0, seasonal: 0, migrant: 0, subcontracted: 0, indigenous: 0, women: 6 } }],
    });
    await addSupplier(t.db, org, { name: 'Proveedor Nuevo', sectorCode: '46', sites: [] });
    await t.services.scores.rescoreOrganization(org.actor('admin'), { supplierIds: null });
    // Scored before it existed: "Proveedor Nuevo" is scored too; add one more that is not.
    await addSupplier(t.db, org, { name: 'Sin Calcular', sectorCode: '46', sites: [] });
    // Assessments: one reviewed, one sent and past its due date.
    await addReviewedAssessment(t.db, org, { supplierId: farm.supplierId, siteId: farm.siteIds[0], reviewedAt: '2025-06-01T00:00:00Z', controlsScore: 0.5 });
    await addReviewedAssessment(t.db, org, { supplierId: farm.supplierId, siteId: null, reviewedAt: '', controlsScore: 0, status: 'sent', dueDate: '2025-01-15' });
    // A remediation action past its due date.
    await t.db.tx({ orgId: org.id, userId: null }, async (q) => {
      const plan = await q.query<{ id: string }>(
        `INSERT INTO remediation_plans (organization_id, supplier_id, title) VALUES (app_org(), $1, 'Plan de verificación de edad') RETURNING id`, [farm.supplierId]);
      await q.query(
        `INSERT INTO remediation_actions (organization_id, plan_id, title, owner_kind, due_date) VALUES (app_org(), $1, 'Registrar CURP de todo el personal', 'supplier', '2025-02-01')`,
        [plan.rows[0].id]);
    });

    const consultancy = await createOrg(t.db, 'consultancy');
    await engage(t.services, org, consultancy, 'analyst');
    for (const [who, email] of [['owner', org.users.owner.email], ['auditor', org.users.auditor.email], ['consultant', consultancy.users.analyst.email]] as const) {
      as[who] = new Browser(t.app);
      await as[who].login(email, PASSWORD);
    }
    await as.consultant.get('/orgs');
    await as.consultant.post('/orgs/switch', { orgId: org.id });
  });

  it('shows counts, the dataset in use, risk by level, assessments by status and overdue items (es-MX)', async () => {
    const res = await as.owner.get('/');
    expect(res.status).to.equal(200);
    const html = unescape(res.text);
    expect(html).to.match(/<span class="stat">4<\/span> proveedores/);
    expect(html).to.match(/<span class="stat">2<\/span> sitios activos/);
    expect(html).to.match(/<span class="stat">3<\/span> proveedores con puntuación/);
    expect(html).to.contain('Datos de riesgo territorial en uso');
    expect(html).to.match(/data-demo>demo — datos no oficiales/);

    const [risk, assessments] = charts(res.text);
    expect(risk.type).to.equal('doughnut');
    expect(risk.data.labels).to.deep.equal(['Bajo', 'Medio', 'Alto', 'Crítico', 'Sin calcular']);
    // office low; farm high; "Proveedor Nuevo": unknown territory 50 × 0.45 + retail 52 × 0.3 + 50 × 0.25 = 50.6, high.
    expect(risk.data.datasets[0].data).to.deep.equal([1, 0, 2, 0, 1]);
    expect(risk.data.datasets[0].backgroundColor).to.deep.equal(['#fecc5c', '#fd8d3c', '#e31a1c', '#800026', '#bdbdbd']);
    expect(assessments.type).to.equal('bar');
    expect(assessments.data.labels).to.deep.equal(['Borrador', 'Enviada', 'En curso', 'Entregada', 'Devuelta', 'Revisada']);
    expect(assessments.data.datasets[0].data).to.deep.equal([0, 1, 0, 0, 0, 1]);

    expect(html).to.match(/Pendientes vencidos <span class="muted">\(2\)<\/span>/);
    expect(html).to.contain('Finca Cafetalera del Soconusco · Registrar CURP de todo el personal');
    expect(html).to.contain('Acción de remediación · abierta');
    expect(html).to.contain('Evaluación · Enviada');
    expect(html).to.match(/data-map[\s\S]*data-values-url="\/dashboard\/map\/values.json"[\s\S]*data-points-url="\/dashboard\/map\/sites.json"/);
    expect(html).to.contain('/static/build/charts.js');
    expect(html).to.contain('Recalcular todos los proveedores');
  });

  it('renders in English too', async () => {
    const res = await as.owner.get('/?lang=en');
    const html = unescape(res.text);
    expect(html).to.contain('Suppliers by risk level');
    expect(html).to.contain('demo — not official data');
    const [risk, assessments] = charts(res.text);
    expect(risk.data.labels).to.deep.equal(['Low', 'Medium', 'High', 'Critical', 'Not scored']);
    expect(assessments.data.labels).to.deep.equal(['Draft', 'Sent', 'In progress', 'Submitted', 'Returned', 'Reviewed']);
    expect(html).to.contain('Remediation action · open');
  });

  it('serves the map: states by their worst site, site points coloured by residual level', async () => {
    const values = (await as.owner.get('/dashboard/map/values.json')).body;
    expect(values.dataset).to.include({ isDemo: true, version: 'demo-2018' });
    expect(values.levels.map((l: { key: string }) => l.key)).to.deep.equal(['low', 'medium', 'high', 'critical']);
    expect(values.values['07']).to.include({ level: 'high' });
    expect(values.values['01']).to.include({ level: 'low' });
    expect(Object.keys(values.values).sort()).to.deep.equal(['01', '07']);
    const sites = (await as.owner.get('/dashboard/map/sites.json')).body;
    expect(sites.features).to.have.length(2);
    const office = sites.features.find((f: any) => f.properties.name.startsWith('Oficina'));
    expect(office.geometry.coordinates).to.deep.equal([-102.29, 21.88]);
    expect(office.properties.level).to.equal('low');
    const tapachula = sites.features.find((f: any) => f.properties.name.startsWith('Finca Tapachula'));
    expect(tapachula.properties.name).to.contain('ubicación aproximada');
    expect(tapachula.properties.href).to.equal(`/scores/sites/${farm.siteIds[0]}`);
    const geo = await as.owner.get('/dashboard/map/states.geo.json');
    expect(geo.body.features).to.have.length(32);
  });

  it('is read-only for the auditor, who traces assessments and remediation without changing them', async () => {
    const res = await as.auditor.get('/');
    expect(res.status).to.equal(200);
    const html = unescape(res.text);
    expect(charts(res.text).map((c) => c.type)).to.deep.equal(['doughnut', 'bar']);
    expect(html).to.contain('id="assessments-by-status"');
    expect(html).not.to.contain('/scores/rescore');
    expect(html).not.to.contain('/settings/scoring');
    expect(html).to.contain('id="sites-map"');
  });

  it('shows the client dashboard to a consultant acting in the client', async () => {
    const res = await as.consultant.get('/');
    const html = unescape(res.text);
    expect(html).to.contain(org.name);
    expect(html).to.match(/<span class="stat">4<\/span> proveedores/);
    expect(charts(res.text)[0].data.datasets[0].data).to.deep.equal([1, 0, 2, 0, 1]);
  });

  it('keeps another organisation out of the map data', async () => {
    const other = await createOrg(t.db);
    const b = new Browser(t.app);
    await b.login(other.users.owner.email, PASSWORD);
    expect((await b.get('/dashboard/map/sites.json')).body.features).to.deep.equal([]);
    expect((await b.get('/dashboard/map/values.json')).body.values).to.deep.equal({});
    const home = unescape((await b.get('/')).text);
    expect(home).to.match(/<span class="stat">0<\/span> proveedores/);
  });
});
