import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addCoffeeFarm } from './fixtures.ts';

/** Handlebars escapes "=" and quotes; tests read the text as the user sees it. */
const text = (html: string) =>
  html.replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * Score pages, API and weights over HTTP. The farm is the one worked by hand in
 * rescore.test.ts: Tapachula (demo "high", 90), crops (80), workforce 32.5 → 72.63, high.
 */
describe('scores: pages, API and tenant weights over HTTP', () => {
  let t: TestApp;
  let org: TestOrg;
  let farm: { supplierId: string; siteIds: string[] };
  const as = {} as Record<'owner' | 'analyst' | 'auditor' | 'viewer' | 'outsider', Browser>;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    const other = await createOrg(t.db);
    farm = await addCoffeeFarm(t.db, org);
    await t.services.scores.requestRescore(org.actor('analyst'), null, 'manual');
    await t.services.jobs.drain();
    for (const role of ['owner', 'analyst', 'auditor', 'viewer'] as const) {
      as[role] = new Browser(t.app);
      await as[role].login(org.users[role].email, PASSWORD);
    }
    as.outsider = new Browser(t.app);
    await as.outsider.login(other.users.owner.email, PASSWORD);
  });

  it('shows the supplier score: level of the worst site, workforce-weighted mean, sites and history', async () => {
    const res = await as.viewer.get(`/suppliers/${farm.supplierId}/score`);
    expect(res.status).to.equal(200);
    const page = text(res.text);
    expect(page).to.match(/id="supplier-score" data-level="high"/);
    expect(page).to.contain('72.63');
    expect(page).to.contain('59.07'); // (72.63 × 200 + 45.5 × 200) / 400
    expect(page).to.match(/Sitio más riesgoso: [12] de 2, riesgo residual 72.63 → nivel Alto/);
    expect(page).to.contain('Finca Tapachula');
    expect(page).to.contain('Bodega Aguascalientes');
    expect(page).not.to.contain('Recalcular este proveedor'); // viewers read only
  });

  it('explains every component of a site in the request language, names the demo dataset and the weights', async () => {
    const es = text((await as.viewer.get(`/scores/sites/${farm.siteIds[0]}`)).text);
    expect(es).to.contain('Riesgo territorial: el municipio Tapachula, Chiapas tiene nivel «high» en CLRISK demo');
    expect(es).to.contain('vdemo-2018 (demo — no son datos oficiales) → 90 × 0.45 = 40.5');
    expect(es).to.contain('Riesgo sectorial: Agricultura, cría y explotación de animales');
    expect(es).to.contain('→ 80 × 0.3 = 24');
    expect(es).to.contain('Fuerza laboral (200 personas) → 32.5 × 0.25 = 8.13');
    expect(es).to.contain('Adolescentes de 15 a 17 años (protecciones no conocidas): 4 de 200 (2 %; cuenta completo desde el 5 %) → 40 × 0.25 = 10');
    expect(es).to.contain('Personas indígenas: 20 de 200 (10 %); se registra solo para desagregar y no suma riesgo');
    expect(es).to.contain('Sin evidencia de controles');
    expect(es).to.match(/data-demo>demo — datos no oficiales/);
    expect(es).to.match(/data-field="components.territorial"[^>]*><td>Territorial \(CLRISK\)<\/td><td>0.45<\/td>/);
    expect(es).not.to.contain('id="state-fallback"');
    expect(es).not.to.contain('id="not-reproduced"');
    const en = text((await as.viewer.get(`/scores/sites/${farm.siteIds[0]}?lang=en`)).text);
    expect(en).to.contain('Territorial risk: municipality Tapachula, Chiapas is “high” in CLRISK demo');
    expect(en).to.contain('(demo — not official data) → 90 × 0.45 = 40.5');
    expect(en).to.contain('Weights used');
  });

  it('flags the state fallback on a site where only the state is known', async () => {
    const page = text((await as.viewer.get(`/scores/sites/${farm.siteIds[1]}`)).text);
    expect(page).to.contain('id="state-fallback"');
    expect(page).to.contain('no se conoce el municipio; se usa el estado Aguascalientes');
    expect(page).to.contain('Solo se conoce el estado: se usó el valor estatal');
  });

  it('serves scores as JSON, filtered by level', async () => {
    const one = await as.viewer.get(`/api/v1/suppliers/${farm.supplierId}/score`);
    expect(one.status).to.equal(200);
    expect(one.body.score).to.include({ level: 'high', worstResidual: 72.63, weightedResidual: 59.07, siteCount: 2 });
    expect(one.body.sites.map((s: { name: string; level: string }) => [s.name, s.level])).to.deep.equal([
      ['Finca Tapachula', 'high'], ['Bodega Aguascalientes', 'medium'],
    ]);
    expect(one.body.score.explanation[0].text).to.contain('Sitio más riesgoso');
    const high = await as.viewer.get('/api/v1/scores?level=high');
    expect(high.body.data.map((i: { supplierId: string }) => i.supplierId)).to.deep.equal([farm.supplierId]);
    const low = await as.viewer.get('/api/v1/scores?level=low,critical');
    expect(low.body).to.deep.equal({ data: [], nextCursor: null });
    expect((await as.viewer.get('/api/v1/scores?level=bogus')).status).to.equal(422);
  });

  it('lets the auditor read scores but not re-score or configure', async () => {
    expect((await as.auditor.get(`/suppliers/${farm.supplierId}/score`)).status).to.equal(200);
    const site = await as.auditor.get(`/scores/sites/${farm.siteIds[0]}`);
    expect(site.status).to.equal(200);
    expect(text(site.text)).to.contain('Tapachula, Chiapas');
    expect((await as.auditor.post('/scores/rescore', { supplierId: farm.supplierId })).status).to.equal(403);
    expect((await as.auditor.get('/settings/scoring')).status).to.equal(403);
    expect((await as.analyst.get('/settings/scoring')).status).to.equal(403);
  });

  it('answers 404 to another organisation for every score URL', async () => {
    for (const url of [`/suppliers/${farm.supplierId}/score`, `/scores/sites/${farm.siteIds[0]}`, `/api/v1/suppliers/${farm.supplierId}/score`]) {
      expect((await as.outsider.get(url)).status, url).to.equal(404);
    }
    expect((await as.outsider.post('/scores/rescore', { supplierId: farm.supplierId })).status).to.equal(404);
    const list = await as.outsider.get('/api/v1/scores');
    expect(list.body.data).to.deep.equal([]);
  });

  it('shows each weight with its default and why, and names the field in validation errors', async () => {
    const form = text((await as.owner.get('/settings/scoring')).text);
    expect(form).to.contain('Predeterminado: 0.45');
    expect(form).to.contain('Es el único componente que viene de un modelo estadístico');
    expect(form).to.contain('Esta organización usa los pesos predeterminados');

    const range = await as.owner.post('/settings/scoring', { 'components.territorial': '0.9' });
    expect(range.status).to.equal(422);
    expect(text(range.text)).to.contain('Territorial (CLRISK): Debe estar entre 0.05 y 0.8');

    const sum = await as.owner.post('/settings/scoring', { 'components.territorial': '0.5', 'components.sector': '0.3', 'components.workforce': '0.25' });
    expect(sum.status).to.equal(422);
    expect(text(sum.text)).to.contain('Los pesos de los componentes (territorial, sectorial, fuerza laboral) deben sumar 1 (suman 1.05)');

    const nan = await as.owner.post('/settings/scoring', { 'redFlagFloors.high': 'mucho' });
    expect(nan.status).to.equal(422);
    expect(text(nan.text)).to.contain('Piso por alerta roja alta: Debe ser un número');
    // The rejected value is shown back for correction.
    expect(nan.text).to.match(/name="redFlagFloors.high"[^>]*value="mucho"/);

    const en = await as.owner.post('/settings/scoring?lang=en', { 'controlsReduction': '0.95' });
    expect(text(en.text)).to.contain('Largest reduction for controls: Must be between 0 and 0.8');
    const stored = await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query(`SELECT 1 FROM scoring_settings`));
    expect(stored.rowCount).to.equal(0);
  });

  it('saves tenant weights: audit entry, re-scoring job, new level', async () => {
    // 90 × 0.6 + 80 × 0.2 + 32.5 × 0.2 = 54 + 16 + 6.5 = 76.5 → critical (was 72.63, high).
    const res = await as.owner.post('/settings/scoring', {
      'components.territorial': '0.6', 'components.sector': '0.2', 'components.workforce': '0.2', 'unknownScore': '50',
    });
    expect(res.status).to.equal(302);
    const jobUrl = res.headers.location;
    expect(jobUrl).to.match(/^\/jobs\/[0-9a-f-]{36}$/);
    const stored = await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query<{ weights: unknown }>(`SELECT weights FROM scoring_settings`));
    // Only what differs from the defaults is stored.
    expect(stored.rows[0].weights).to.deep.equal({ components: { territorial: 0.6, sector: 0.2, workforce: 0.2 } });
    const audit = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ details: any }>(`SELECT details FROM audit_log WHERE action = 'scoring.weightsChanged'`));
    expect(audit.rows).to.have.length(1);
    expect(audit.rows[0].details.after).to.deep.equal({ components: { territorial: 0.6, sector: 0.2, workforce: 0.2 } });

    const queued = text((await as.owner.get(jobUrl)).text);
    expect(queued).to.contain('Recálculo de riesgo');
    await t.services.jobs.drain();
    const api = await as.viewer.get(`/api/v1/suppliers/${farm.supplierId}/score`);
    expect(api.body.score).to.include({ level: 'critical', worstResidual: 76.5 });
    const site = text((await as.viewer.get(`/scores/sites/${farm.siteIds[0]}`)).text);
    expect(site).to.contain('→ 90 × 0.6 = 54');
    expect(site).to.contain('Pesos propios de la organización');
    expect(site).to.match(/data-field="components.territorial" class="changed"><td>Territorial \(CLRISK\)<\/td><td>0.6<\/td><td>0.45<\/td>/);
    // The history keeps the earlier score.
    expect(site.match(/<tr data-score=/g)).to.have.length(2);
  });

  it('lets an analyst re-score one supplier by hand, through a job', async () => {
    const res = await as.analyst.post('/scores/rescore', { supplierId: farm.supplierId });
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.match(/^\/jobs\//);
    await t.services.jobs.drain();
  });
});
