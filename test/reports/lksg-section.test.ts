import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { ensureClientBuild } from '../support/client-build.ts';
import { addSupplierWithSites } from '../remediation/fixtures.ts';
import { submitReport } from '../grievances/helpers.ts';
import { POLICY_PDF, postDueDiligence } from '../org-profile/support.ts';
import { download, generate, pdfPages, sha256, signedIn } from './support.ts';

/** The text from one heading of the LkSG section to the next. */
function between(text: string, from: string, to: string): string {
  const start = text.indexOf(from, text.indexOf('Informe anual LkSG / CSDDD'));
  expect(start, from).to.be.greaterThan(-1);
  const end = text.indexOf(to, start + from.length);
  expect(end, to).to.be.greaterThan(start);
  return text.slice(start + from.length, end);
}

describe('reports: the LkSG/CSDDD section regulators read', function () {
  this.timeout(120_000);
  let t: TestApp;
  let org: TestOrg;

  before(async () => {
    ensureClientBuild();
    t = await buildTestApp();
    org = await createOrg(t.db, 'company');
  });

  after(async () => {
    await t?.services.reports.close();
  });

  it('prints the policy statement, the responsible person from settings (not the author), complaints, ranked risks, effectiveness and hides small cells', async () => {
    const owner = new Browser(t.app);
    expect((await owner.login(org.users.owner.email, PASSWORD)).status).to.equal(302);
    await owner.get('/settings/organization');
    expect((await postDueDiligence(owner, {
      responsibleName: 'Lucía Hernández', responsiblePosition: 'Directora de Cumplimiento',
      policyTitle: 'Política de derechos humanos', policyDate: '2026-03-15', policyApprovedBy: 'Consejo de Administración',
    }, { bytes: POLICY_PDF, name: 'politica.pdf' })).status).to.equal(302);

    const low = await addSupplierWithSites(t.db, org, { name: 'Ornamentales Bajo Riesgo', sites: [{ name: 'Vivero Norte', territory: '19039' }] });
    const high = await addSupplierWithSites(t.db, org, { name: 'Café del Soconusco', sites: [{ name: 'Finca La Esperanza', territory: '07089' }] });
    await t.services.scores.rescoreOrganization(org.actor('analyst'));
    const findings = t.services.remediation.findings;
    const analyst = org.actor('analyst');
    await findings.create(analyst, { supplierId: low.supplierId, siteId: low.siteIds[0], source: 'audit', category: 'missing_controls', severity: 'low', title: 'Sin registro de edades' });
    const first = await findings.create(analyst, { supplierId: high.supplierId, siteId: high.siteIds[0], source: 'audit', category: 'child_labour_under_15', severity: 'critical', title: 'Niños en el corte' });
    // The same site and category again: a repeat finding.
    await findings.create(analyst, { supplierId: high.supplierId, siteId: high.siteIds[0], source: 'field_report', category: 'child_labour_under_15', severity: 'critical', title: 'Otra vez niños en el corte' });
    const plans = t.services.remediation.plans;
    const planId = await plans.create(analyst, { findingId: first, title: 'Plan Soconusco' });
    const actionId = await plans.addAction(analyst, planId, { title: 'Retiro y escuela', ownerKind: 'supplier', dueDate: '2026-12-20' });
    await plans.transition(analyst, actionId, 'complete');
    await plans.transition(org.actor('admin'), actionId, 'verify');
    await submitReport(t.app, t.db, org);
    // One child: every count about them is below the minimum cell and must be hidden.
    await t.services.remediation.cases.create(org.actor('admin'), {
      siteId: high.siteIds[0], findingId: first, age: 11, sex: 'female', indigenous: true, migrant: true, afroDescendant: true, householdChores: true, sensitiveConsentOn: '2026-02-01',
      situation: 'under_minimum_age', notes: null, identifiedOn: '2026-02-01',
    });

    const b = await signedIn(t, org, 'analyst');
    const id = await generate(t, b, { kind: 'company', locale: 'es-MX', periodFrom: '2026-01-01', periodTo: '2026-12-31' });
    const text = (await pdfPages((await download(b, id)).body as Buffer)).join(' ');

    const responsible = between(text, 'Persona responsable', 'Declaración de política');
    expect(responsible).to.include('Lucía Hernández, Directora de Cumplimiento');
    expect(responsible).to.not.include(`analyst ${org.slug}`);

    const policy = between(text, 'Declaración de política', 'Análisis de riesgos');
    expect(policy).to.include('«Política de derechos humanos», fechada el 15 mar 2026, aprobada por Consejo de Administración');
    expect(policy.replace(/\s+/g, '')).to.include(sha256(POLICY_PDF));

    const effectiveness = between(text, 'Revisión de eficacia', 'Procedimiento de quejas');
    expect(effectiveness).to.include('1 acciones verificadas y 1 terminadas; 1 de 3 hallazgos nuevos repiten uno anterior');

    const complaints = between(text, 'Procedimiento de quejas', 'Riesgos priorizados');
    expect(complaints).to.include('Canal propio en el periodo: 1 reportes recibidos, 1 abiertos, 0 cerrados');

    const ranked = text.slice(text.indexOf('Riesgos priorizados'));
    const soconusco = ranked.indexOf('Café del Soconusco — Finca La Esperanza');
    const bajo = ranked.indexOf('Ornamentales Bajo Riesgo — Vivero Norte');
    expect(soconusco).to.be.greaterThan(-1);
    expect(bajo).to.be.greaterThan(soconusco);
    expect(ranked).to.match(/1 Café del Soconusco — Finca La Esperanza Trabajo infantil/);

    // The remediation table: the one child's counts show as "<3", never as 1.
    const remediation = text.slice(text.indexOf('Paso 6 — Reparación'), text.indexOf('Informe anual LkSG / CSDDD'));
    expect(remediation).to.include('<3');
    expect(remediation).to.not.match(/Indígena 1 /);
    for (const group of ['Indígena <3', 'Afrodescendiente <3', 'Migrante <3', 'En quehaceres domésticos en condiciones no adecuadas <3']) {
      expect(remediation, group).to.include(group);
    }
  });
});
