import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplierWithSites } from '../remediation/fixtures.ts';
import { download, generate, pdfPages, signedIn } from '../reports/support.ts';
import { localToday } from '../../server/remediation/action.workflow.ts';
import { submitReport } from './helpers.ts';
import { importSmallTemplate, sendQuestionnaire } from '../assessments/helpers.ts';

describe('grievances: statistics, posters and the supplier portal link', function () {
  this.timeout(120_000);
  let t: TestApp;
  let org: TestOrg;
  let siteId: string;
  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    ({ siteIds: [siteId] } = await addSupplierWithSites(t.db, org, { sites: [{ name: 'Finca Tapachula', territory: '07089' }] }));
    const a = await submitReport(t.app, t.db, org);
    const b = await submitReport(t.app, t.db, org, { category: 'working_conditions' });
    await submitReport(t.app, t.db, org, { category: 'working_conditions' });
    const g = t.services.grievances.service;
    await g.reply(org.actor('admin'), a.id, { body: 'Recibida.' });
    await g.close(org.actor('admin'), b.id, { outcome: 'not_substantiated', note: 'Visitamos la finca y no lo pudimos confirmar.' });
  });
  after(() => t.services.reports.close());

  it('counts reports by category, outcome and deadline on the dashboard, for viewers too, without their text', async () => {
    const viewer = new Browser(t.app);
    await viewer.login(org.users.viewer.email, PASSWORD);
    const page = await viewer.get('/');
    const panel = page.text.slice(page.text.indexOf('id="grievance-stats-panel"'));
    expect(panel).to.contain('3 recibidas · 2 abiertas · 0 fuera de plazo');
    expect(panel).to.contain('Condiciones de trabajo (pago, horarios, trato): 2').and.contain('No se pudo confirmar: 1');
    expect(panel).to.contain('Mediana para confirmar: 0 días').and.contain('Mediana para cerrar: 0 días');
    expect(page.text).to.not.contain('parcela 4').and.not.contain('href="/grievances"');
  });

  it('adds the channel\'s statistics to the company report (text read from the PDF)', async () => {
    const b = await signedIn(t, org, 'analyst');
    const year = localToday().slice(0, 4);
    const id = await generate(t, b, { kind: 'company', locale: 'es-MX', periodFrom: `${year}-01-01`, periodTo: `${year}-12-31` });
    const text = (await pdfPages((await download(b, id)).body)).join(' ');
    expect(text).to.contain('Canal de quejas de la empresa');
    expect(text).to.contain('3 quejas recibidas en el periodo · 2 abiertas · 0 fuera de plazo');
    expect(text).to.contain('2 de 2 confirmadas dentro de 7 días').and.contain('Condiciones de trabajo (pago, horarios, trato) 2');
  });

  it('prints a Spanish poster per site with the short address large', async () => {
    const admin = await signedIn(t, org, 'admin');
    const res = await admin.agent.get(`/grievances/poster?siteId=${siteId}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.contain('application/pdf');
    const text = (await pdfPages(res.body)).join(' ');
    expect(text).to.contain('¿Vio algo que no está bien? Díganos.').and.contain('Este cartel es para: Finca Tapachula.');
    expect(text.replace(/\s/g, '')).to.contain(`http://vigia.test/g/${org.slug}`);
    const other = await createOrg(t.db);
    const stranger = await signedIn(t, other, 'admin');
    expect((await stranger.agent.get(`/grievances/poster?siteId=${siteId}`)).status).to.equal(404);
  });

  it('shows the buyer\'s grievance channel to the supplier in the questionnaire portal', async () => {
    const analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
    const { supplierId } = await addSupplierWithSites(t.db, org, { name: 'Berries del Valle' });
    const templateId = await importSmallTemplate(analyst);
    const { link } = await sendQuestionnaire(t, analyst, { supplierId, templateId, email: 'contacto@berries.test' });
    const page = await new Browser(t.app).get(link);
    expect(page.status).to.equal(200);
    const channel = page.text.slice(page.text.indexOf('id="grievance-channel"'));
    expect(channel).to.contain(`Canal de quejas de ${org.name}`).and.contain(`href="/g/${org.slug}"`);
  });
});
