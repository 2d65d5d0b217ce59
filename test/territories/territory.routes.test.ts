import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Browser, buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import { supplierSchema } from '../../server/suppliers/supplier.schema.ts';
import { siteSchema } from '../../server/suppliers/site.schema.ts';
import { activateDataset, getActiveDataset, importRiskDataset } from '../../server/risk-datasets/risk-dataset.service.ts';

async function signedIn(t: TestApp, org: TestOrg, role: keyof TestOrg['users'] = 'viewer'): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(org.users[role].email, PASSWORD)).status).to.equal(302);
  return b;
}

/** A supplier with one site in a territory, created through the services as an analyst would. */
async function supplierWithSite(t: TestApp, org: TestOrg, legalName: string, siteName: string, territoryCode: string) {
  const actor = org.actor('analyst');
  const { id } = await t.services.suppliers.create(actor, supplierSchema.parse({ legalName, status: 'active', tier: '1' }));
  const siteId = await t.services.sites.create(actor, id, siteSchema.parse({ name: siteName, territoryCode }));
  return { supplierId: id, siteId };
}

describe('territory pages', () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    other = await createOrg(t.db);
  });

  it('national page: states table, map container, demo banner and INEGI source (es-MX)', async () => {
    const b = await signedIn(t, org);
    const res = await b.get('/territories');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Riesgo territorial');
    expect(res.text).to.contain('class="demo-banner"');
    expect(res.text).to.contain('Demo — datos no oficiales');
    expect(res.text).to.contain('CLRISK demo — not official data / demo — datos no oficiales');
    expect(res.text).to.contain('Fuente: INEGI');
    expect(res.text).to.match(/data-map data-geo-url="\/maps\/geo\/states.json" data-values-url="\/territories\/risk\/states.json"/);
    // 32 states in the table; Chiapas is "high" in the 2018 classification the demo uses.
    expect(res.text.match(/<tr data-code="\d{2}">/g)).to.have.length(32);
    expect(res.text).to.match(/<tr data-code="07">\s*<td><a href="\/territories\/07">Chiapas<\/a><\/td>\s*<td>07<\/td>\s*<td><span class="level level-high" data-level="high">Alto<\/span>/);
    // No-JS fallback: the server-rendered SVG inside <noscript>, with its legend and attribution.
    expect(res.text).to.match(/<noscript><link rel="stylesheet" href="\/static\/build\/territories-nojs.css"><svg [^>]*class="choropleth"/);
    expect((res.text.match(/<noscript>[\s\S]*<\/noscript>/)?.[0].match(/<path d=/g) ?? []).length).to.equal(32);
  });

  it('national page in English', async () => {
    const b = await signedIn(t, org);
    const res = await b.get('/territories?lang=en');
    expect(res.text).to.contain('Territorial risk');
    expect(res.text).to.contain('Demo — not official data');
    expect(res.text).to.contain('Source: INEGI');
    expect(res.text).to.match(/<tr data-code="15">[\s\S]*?<span class="level level-low" data-level="low">Low<\/span>/);
  });

  it('search box lists territories linked to their pages', async () => {
    const b = await signedIn(t, org);
    const res = await b.get('/territories?q=Tapachula');
    expect(res.text).to.contain('Resultados para «Tapachula»');
    expect(res.text).to.contain('<a href="/territories/07089">Tapachula, Chiapas</a>');
  });

  it('municipality page: population, risk level (no index in the demo), dataset, only this tenant’s sites', async () => {
    const mine = await supplierWithSite(t, org, 'Café Soconusco SA', 'Finca La Esperanza', '07089');
    const theirs = await supplierWithSite(t, other, 'Otra Empresa SA', 'Finca Ajena', '07089');
    const b = await signedIn(t, org);
    const res = await b.get('/territories/07089');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('<h1 id="territory-name">Tapachula</h1>');
    expect(res.text).to.match(/id="state-link">Chiapas</);
    expect(res.text).to.contain('353,706'); // INEGI 2020 census, es-MX grouping
    // data/mx/clrisk-demo.csv: MX,municipality,07089,,high (the demo shows levels only, no invented index)
    expect(res.text).to.contain('id="risk-level">Alto</span>');
    expect(res.text).not.to.contain('Índice:');
    expect(res.text).to.contain('El conjunto de datos publica solo el nivel, sin índice.');
    expect(res.text).to.contain('id="dataset-version">demo-2018<');
    expect(res.text).to.contain('id="risk-dataset">Datos de riesgo: CLRISK demo — not official data / demo — datos no oficiales demo-2018 · <strong>demo — datos no oficiales</strong>');
    expect(res.text).to.contain('class="demo-banner"');
    expect(res.text).to.not.contain('id="state-fallback"');
    expect(res.text).to.contain(`<tr data-site="${mine.siteId}"><td>Finca La Esperanza</td><td><a href="/suppliers/${mine.supplierId}">Café Soconusco SA</a>`);
    expect(res.text).to.not.contain(theirs.siteId);
    expect(res.text).to.not.contain('Finca Ajena');

    const theirsPage = await (await signedIn(t, other)).get('/territories/07089');
    expect(theirsPage.text).to.contain('Finca Ajena');
    expect(theirsPage.text).to.not.contain('Finca La Esperanza');
  });

  it('a municipality created after the census shows no census figure and its state’s value, flagged', async () => {
    const b = await signedIn(t, org);
    const res = await b.get('/territories/24059?lang=en');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Villa de Pozos');
    expect(res.text).to.contain('No census figure (municipality created after the 2020 census)');
    // Left out of the demo file: San Luis Potosí (24) is "medium" in 2018.
    expect(res.text).to.contain('id="risk-level">Medium</span>');
    expect(res.text).to.contain('No municipal value: the state’s value is shown (San Luis Potosí).');
    expect(res.text).to.contain('id="sites-none"');
  });

  it('state page: that state’s municipalities with the map and the table', async () => {
    const b = await signedIn(t, org);
    const res = await b.get('/territories/07');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('<h1 id="territory-name">Chiapas</h1>');
    expect(res.text).to.contain('Mapa de los municipios de Chiapas');
    expect(res.text).to.contain('data-values-url="/territories/risk/municipalities.json?state&#x3D;07"'); // Handlebars escapes "="
    expect(res.text.match(/<tr data-code="07\d{3}">/g)).to.have.length(124);
    expect(res.text).to.contain('<a href="/territories/07089">Tapachula</a>');
    expect(res.text).to.contain('Finca La Esperanza'); // the tenant's site in the state (previous test)
    expect(res.text).to.not.contain('Finca Ajena');
  });

  it('state page of Sinaloa says which municipalities have no boundary yet', async () => {
    const b = await signedIn(t, org);
    const res = await b.get('/territories/25');
    expect(res.text).to.contain('2 municipio(s) aún sin límite geográfico del INEGI');
    expect(res.text).to.match(/<tr data-code="25019">[\s\S]*?sin límite en el mapa[\s\S]*?Sin cifra censal/);
  });

  it('unknown or malformed codes are 404', async () => {
    const b = await signedIn(t, org);
    expect((await b.get('/territories/99')).status).to.equal(404);
    expect((await b.get('/territories/07999')).status).to.equal(404);
    expect((await b.get('/territories/123')).status).to.equal(404);
  });

  it('map JSON: values by code with level, label, index and link; levels with colours; labels', async () => {
    const b = await signedIn(t, org);
    const states = (await b.agent.get('/territories/risk/states.json').set('Accept', 'application/json')).body;
    expect(states.dataset).to.deep.equal({ name: 'CLRISK demo — not official data / demo — datos no oficiales', version: 'demo-2018', isDemo: true });
    expect(Object.keys(states.values)).to.have.length(32);
    expect(states.values['07']).to.deep.equal({ level: 'high', label: 'Chiapas', index: null, href: '/territories/07' });
    expect(states.levels).to.deep.equal([
      { key: 'low', label: 'Bajo', color: '#ffeda0' },
      { key: 'medium', label: 'Medio', color: '#feb24c' },
      { key: 'high', label: 'Alto', color: '#f03b20' },
    ]);
    expect(states.labels.source).to.equal('Fuente: INEGI');
    expect(states.labels.demo).to.equal('demo — datos no oficiales');

    const munis = (await b.agent.get('/territories/risk/municipalities.json?state=24&lang=en')).body;
    expect(Object.keys(munis.values)).to.have.length(59);
    expect(munis.values['24059']).to.deep.equal({ level: 'medium', label: 'Villa de Pozos · state value', index: null, href: '/territories/24059' });
    expect((await b.agent.get('/territories/risk/municipalities.json?state=7')).status).to.equal(404);
  });

  it('municipal boundaries of one state as GeoJSON, cacheable', async () => {
    const b = await signedIn(t, org);
    const res = await b.agent.get('/territories/geo/municipalities.json?state=01');
    expect(res.status).to.equal(200);
    expect(res.headers['cache-control']).to.equal('private, max-age=86400');
    const fc = JSON.parse(res.text);
    expect(fc.type).to.equal('FeatureCollection');
    expect(fc.features).to.have.length(11); // Aguascalientes has 11 municipalities
    expect(fc.features.every((f: { properties: { CVE_ENT: string } }) => f.properties.CVE_ENT === '01')).to.equal(true);
  });

  it('static SVG map for reports', async () => {
    const b = await signedIn(t, org);
    const res = await b.agent.get('/territories/map.svg?state=01').buffer(true);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^image\/svg\+xml/);
    const svg = String(res.body);
    expect(svg.match(/<path d=/g)).to.have.length(11);
    expect(svg).to.contain('Fuente: INEGI · Datos de riesgo: CLRISK demo');
    expect(svg).to.contain('class="demo-label"');
  });

  it('signed-out visitors are sent to the login page', async () => {
    const res = await new Browser(t.app).get('/territories/07089');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/login?next=%2Fterritories%2F07089');
  });

  describe('with a dataset that has factor weights', () => {
    let demoId: string;
    before(async () => {
      demoId = (await t.db.admin((q) => getActiveDataset(q, 'MX')))!.id;
      const file = await readFile(path.join(PROJECT_ROOT, 'test/fixtures/risk-datasets/example.csv'));
      await importRiskDataset(t.db, {
        file, fileName: 'example.csv', activate: true,
        options: { name: 'Ejemplo con pesos', version: `weights-${Date.now().toString(36)}`, source: 'tests', year: 2021, licence: 'CC0' },
      });
    });
    after(async () => {
      await activateDataset(t.db, demoId);
    });

    it('shows the factor weights table, no demo banner, and the state fallback for uncovered municipalities', async () => {
      const b = await signedIn(t, org);
      const res = await b.get('/territories/07089');
      expect(res.text).to.contain('id="risk-level">Medio</span>');
      expect(res.text).to.contain('Índice: 0.143');
      expect(res.text).to.match(/<tr data-factor="head_schooling"><td><code>head_schooling<\/code><\/td><td class="num">0.30<\/td><\/tr>/);
      expect(res.text).to.match(/<tr data-factor="agriculture"><td><code>agriculture<\/code><\/td><td class="num">0.45<\/td><\/tr>/);
      expect(res.text).to.not.contain('class="demo-banner"');
      expect(res.text).to.contain('Ejemplo con pesos');

      const fallback = await b.get('/territories/07001');
      expect(fallback.text).to.contain('id="state-fallback"');
      expect(fallback.text).to.contain('id="risk-level">Alto</span>');
    });
  });
});
