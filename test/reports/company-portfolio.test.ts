import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, engage, type TestOrg } from '../support/factories.ts';
import { ensureClientBuild } from '../support/client-build.ts';
import { createSite, createSupplier, signedIn as supplierSession } from '../suppliers/support.ts';
import { download, generate, pdfPages, reportRow, signedIn } from './support.ts';

const squash = (s: string) => s.replace(/\s+/g, '');

const STEPS_ES = [
  'Paso 1 — Política y sistemas de gestión',
  'Paso 2 — Identificación y evaluación de riesgos',
  'Paso 3 — Prevención y mitigación',
  'Paso 4 — Seguimiento',
  'Paso 5 — Comunicación',
  'Paso 6 — Reparación',
  'Informe anual LkSG / CSDDD',
];
const STEPS_EN = [
  'Step 1 — Policy and management systems',
  'Step 2 — Risk identification and assessment',
  'Step 3 — Prevention and mitigation',
  'Step 4 — Tracking',
  'Step 5 — Communication',
  'Step 6 — Remediation',
  'LkSG / CSDDD annual report',
];

describe('reports: company due-diligence and consultancy portfolio reports', function () {
  this.timeout(120_000);
  let t: TestApp;
  let company: TestOrg;
  let consultancy: TestOrg;
  let notAClient: TestOrg;

  async function seedSupplier(org: TestOrg, name: string, territoryCode: string) {
    const b = await supplierSession(t, org, 'analyst');
    const id = await createSupplier(b, { legalName: name, sectorCode: '111' });
    await createSite(b, id, { name: `${name} — finca`, territoryCode, latitude: '', longitude: '' });
    await t.services.scores.rescoreOrganization(org.actor('analyst'));
  }

  before(async () => {
    ensureClientBuild();
    t = await buildTestApp();
    company = await createOrg(t.db, 'company');
    consultancy = await createOrg(t.db, 'consultancy');
    notAClient = await createOrg(t.db, 'company');
    await seedSupplier(company, 'Hortalizas del Valle de San Quintín', '02001');
    await seedSupplier(notAClient, 'Empresa Sin Contrato', '07089');
    await engage(t.services, company, consultancy, 'analyst');
  });

  after(async () => {
    await t?.services.reports.close();
  });

  it('organises the company report by the six OECD steps plus the LkSG/CSDDD section, with the demo notice on every page', async () => {
    const b = await signedIn(t, company, 'analyst');
    const id = await generate(t, b, { kind: 'company', locale: 'es-MX', periodFrom: '2026-01-01', periodTo: '2026-12-31' });
    const pages = await pdfPages((await download(b, id)).body as Buffer);
    const text = pages.join(' ');
    let at = -1;
    for (const heading of STEPS_ES) {
      const found = text.indexOf(heading);
      expect(found, heading).to.be.greaterThan(at);
      at = found;
    }
    expect(text).to.include('Hortalizas del Valle de San Quintín');
    expect(text).to.include('1 ene 2026 — 31 dic 2026');
    expect(text).to.not.match(/\b2026-\d{2}-\d{2}\b/);
    expect(text).to.include(`analyst ${company.slug}`);
    expect(text).to.include('las cifras menores que 3 se ocultan');
    expect(pages.length).to.be.greaterThan(1);
    for (const [i, page] of pages.entries()) {
      expect(page, `page ${i + 1}`).to.include('demo — datos no oficiales');
      expect(page).to.include(`Página ${i + 1} de ${pages.length}`);
    }
    const row = await reportRow(t.db, company, id);
    expect(row).to.include({ status: 'ready', pages: pages.length, dataset_is_demo: true });
  });

  it('writes the company report in English when asked', async () => {
    const b = await signedIn(t, company, 'admin');
    const id = await generate(t, b, { kind: 'company', locale: 'en', periodFrom: '', periodTo: '' });
    const text = (await pdfPages((await download(b, id)).body as Buffer)).join(' ');
    for (const heading of STEPS_EN) expect(text, heading).to.include(heading);
    expect(text).to.not.include('Paso 1');
  });

  it('lists each active client in the consultancy\'s portfolio report, stored in the consultancy\'s organisation', async () => {
    const b = await signedIn(t, consultancy, 'analyst');
    const id = await generate(t, b, { kind: 'portfolio', locale: 'es-MX' });
    const row = await reportRow(t.db, consultancy, id);
    expect(row.organization_id).to.equal(consultancy.id);
    const pages = await pdfPages((await download(b, id)).body as Buffer);
    const text = pages.join(' ');
    expect(text).to.include(`Informe de cartera ${consultancy.name}`);
    // Table cells wrap long names: compare without spaces.
    const squashed = squash(text);
    expect(squashed).to.include(squash(company.name));
    expect(squashed).to.not.include(squash(notAClient.name));
    // The client's row: granted role, then its one supplier and one site.
    expect(squashed).to.include(`${squash(company.name)}Analista11`);
    for (const page of pages) expect(page).to.include('demo — datos no oficiales');

    // Stored with the consultancy: the client itself cannot open it.
    const client = await signedIn(t, company, 'owner');
    expect((await client.get(`/reports/${id}`)).status).to.equal(404);
  });

  it('offers the portfolio report only to a consultancy\'s own members', async () => {
    const b = await signedIn(t, company, 'analyst');
    expect((await b.get('/reports')).text).to.not.include('value="portfolio"');
    const refused = await b.post('/reports', { kind: 'portfolio', locale: 'es-MX' });
    expect(refused.status).to.equal(403);
    const c = await signedIn(t, consultancy, 'analyst');
    expect((await c.get('/reports')).text).to.include('value="portfolio"');
  });

  it('reuses one browser, with a bounded set of tabs, across reports', async () => {
    const first = await t.services.reports.renderer.browser();
    const b = await signedIn(t, company, 'analyst');
    await generate(t, b, { kind: 'company', locale: 'es-MX', periodFrom: '2026-01-01', periodTo: '2026-03-31' });
    await generate(t, b, { kind: 'company', locale: 'en', periodFrom: '2026-01-01', periodTo: '2026-03-31' });
    expect(await t.services.reports.renderer.browser()).to.equal(first);
    // The pool keeps at most two tabs, plus the blank one Chromium opens at launch.
    expect((await first.pages()).length).to.be.at.most(3);
  });

  it('marks the report failed, and says why on the job page, when its supplier is gone before the job runs', async () => {
    const sb = await supplierSession(t, company, 'analyst');
    const supplierId = await createSupplier(sb, { legalName: 'Proveedor Efímero', sectorCode: '111' });
    const b = await signedIn(t, company, 'analyst');
    const res = await b.post('/reports', { kind: 'supplier', supplierId, locale: 'es-MX' });
    expect(res.status).to.equal(303);
    await t.services.suppliers.archive(company.actor('analyst'), supplierId);
    await t.services.jobs.drain();
    const job = await b.get(res.headers.location);
    expect(job.text).to.include('data-job-error');
    expect(job.text).to.include('no existe o no tiene acceso');
    const list = await b.get('/reports');
    expect(list.text).to.include('Informe de proveedor: Proveedor Efímero');
    expect(list.text).to.include('Falló');
  });

  it('re-renders the form with the reason when the request is incomplete', async () => {
    const b = await signedIn(t, company, 'analyst');
    const res = await b.post('/reports', { kind: 'supplier', locale: 'es-MX', supplierId: '' });
    expect(res.status).to.equal(422);
    expect(res.text).to.include('Elija el proveedor del informe.');
    const order = await b.post('/reports', { kind: 'company', locale: 'es-MX', periodFrom: '2026-05-01', periodTo: '2026-01-01' });
    expect(order.text).to.include('El periodo termina antes de empezar.');
  });
});
