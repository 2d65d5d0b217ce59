import { expect } from 'chai';
import type { Browser, TestApp } from '../support/app.ts';
import type { TestOrg } from '../support/factories.ts';
import { auditOf, createOrg, createSite, createSupplier, postForm, signedIn, supplierTestApp } from './support.ts';

const issuesOf = (html: string) => /role="alert">([\s\S]*?)<\/div>/.exec(html)?.[1].replace(/\s+/g, ' ') ?? '';

describe('suppliers: sites (work units)', () => {
  let t: TestApp;
  let org: TestOrg;
  let b: Browser;
  let supplierId: string;
  before(async function () {
    this.timeout(120_000); // the first app of a run migrates and loads reference data
    t = await supplierTestApp();
    org = await createOrg(t.db);
    b = await signedIn(t, org);
    supplierId = await createSupplier(b, { legalName: 'Agrícola del Soconusco' });
  });

  const post = async (form: Record<string, string | string[]>, lang = '') => {
    await b.get(`/suppliers/${supplierId}/sites/new`);
    return postForm(b, `/suppliers/${supplierId}/sites${lang}`, { name: 'Rancho Las Palmas', ...form });
  };

  it('stores the municipality code with its state, workforce counts and activities; the page names the place', async () => {
    const siteId = await createSite(b, supplierId, {
      name: 'Finca Santa Rita', territoryCode: '07089', territoryLabel: 'Tapachula, Chiapas', latitude: '14.9056', longitude: '-92,2629',
      workforceTotal: '120', workforceWomen: '45', workforceAdolescents: '0', workforceSeasonal: '0',
      activities: ['harvest', 'packing'],
    });
    const row = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<Record<string, unknown>>(`SELECT territory_code, state_code, latitude::text, longitude::text, workforce_total, workforce_women, workforce_adolescents, workforce_seasonal, workforce_migrant, activities FROM sites WHERE id = $1`, [siteId]));
    expect(row.rows[0]).to.deep.equal({
      territory_code: '07089', state_code: '07', latitude: '14.905600', longitude: '-92.262900',
      workforce_total: 120, workforce_women: 45, workforce_adolescents: 0, workforce_seasonal: 0, workforce_migrant: null,
      activities: ['harvest', 'packing'],
    });
    const page = await b.get(`/suppliers/${supplierId}`);
    expect(page.text).to.match(/Tapachula, Chiapas <span class="muted small">\(07089\)<\/span>/);
    expect(page.text).to.contain('<li>Total: 120</li><li>Mujeres: 45</li><li>Adolescentes de 15 a 17 años: 0</li>');
    expect(page.text).to.contain('cosecha, empaque');
    const [entry] = await auditOf(t.db, org, 'site.created');
    expect(entry.target_id).to.equal(siteId);
    expect(entry.details.supplierId).to.equal(supplierId);
    expect(entry.details.changes.territory_code).to.deep.equal({ from: null, to: '07089' });
  });

  it('accepts a state code alone when the municipality is unknown', async () => {
    const siteId = await createSite(b, supplierId, { name: 'Bodega sin municipio', territoryCode: '25' });
    const r = await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query<{ territory_code: string; state_code: string }>(`SELECT territory_code, state_code FROM sites WHERE id = $1`, [siteId]));
    expect(r.rows[0]).to.deep.equal({ territory_code: '25', state_code: '25' });
  });

  it('refuses a code that is not in INEGI\'s catalogue, or none at all', async () => {
    const bad = await post({ territoryCode: '07999' });
    expect(bad.status).to.equal(422);
    expect(issuesOf(bad.text)).to.contain('Municipio: la clave 07999 no existe en el catálogo del INEGI.');
    const malformed = await post({ territoryCode: '7089x' });
    expect(issuesOf(malformed.text)).to.contain('«7089x» no es una clave INEGI');
    const none = await post({ territoryCode: '' });
    expect(issuesOf(none.text)).to.contain('Municipio: escriba el municipio del sitio y elíjalo de la lista');
    const en = await post({ territoryCode: '07999' }, '?lang=en');
    expect(issuesOf(en.text)).to.contain('Municipality: the code 07999 is not in INEGI&#x27;s catalogue.');
  });

  it('resolves typed text without a picked code when it names exactly one place, and asks otherwise', async () => {
    const siteId = await createSite(b, supplierId, { name: 'Empaque Culiacán', territoryCode: '', territoryLabel: 'Culiacán, Sinaloa' });
    const r = await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query<{ territory_code: string }>(`SELECT territory_code FROM sites WHERE id = $1`, [siteId]));
    expect(r.rows[0].territory_code).to.equal('25006');
    const ambiguous = await post({ territoryCode: '', territoryLabel: 'Cuauhtémoc' });
    expect(ambiguous.status).to.equal(422);
    expect(issuesOf(ambiguous.text)).to.contain('Municipio: «Cuauhtémoc» puede ser varios lugares (Cuauhtémoc, Colima; Cuauhtémoc, Chihuahua; Cuauhtémoc, Ciudad de México; Cuauhtémoc, Zacatecas');
    expect(ambiguous.text).to.contain('value="Cuauhtémoc"');
  });

  it('validates workforce counts: whole numbers, each group within the total, the total when a group is given', async () => {
    const over = await post({ territoryCode: '07089', workforceTotal: '20', workforceWomen: '30', workforceMigrant: '21' });
    expect(over.status).to.equal(422);
    const text = issuesOf(over.text);
    expect(text).to.contain('Mujeres: 30 es mayor que el total de personas (20).');
    expect(text).to.contain('Migrantes: 21 es mayor que el total de personas (20).');
    const named = await post({ territoryCode: '07089', workforceTotal: '20', workforceAdolescents: 'Juan Pérez, 16' });
    const namedText = issuesOf(named.text);
    expect(namedText).to.contain('Adolescentes de 15 a 17 años: escriba solo cuántos son (por ejemplo 3). No escriba nombres ni otros datos de menores.');
    expect(namedText).to.not.contain('Juan');
    const noTotal = await post({ territoryCode: '07089', workforceSeasonal: '5' });
    expect(issuesOf(noTotal.text)).to.contain('Total de personas: es necesario cuando indica algún grupo');
    const negative = await post({ territoryCode: '07089', workforceTotal: '-3' });
    expect(issuesOf(negative.text)).to.contain('Total de personas: escriba un número entero de 0 en adelante');
    const en = await post({ territoryCode: '07089', workforceTotal: '20', workforceWomen: '30' }, '?lang=en');
    expect(issuesOf(en.text)).to.contain('Women: 30 is more than the total number of people (20).');
  });

  it('checks coordinates: both or neither, inside Mexico, and says when they look swapped or lost their sign', async () => {
    expect(issuesOf((await post({ territoryCode: '07089', latitude: '14.9' })).text)).to.contain('escriba la latitud y la longitud juntas');
    expect(issuesOf((await post({ territoryCode: '07089', latitude: '-92.26', longitude: '14.9' })).text)).to.contain('parecen invertidas');
    expect(issuesOf((await post({ territoryCode: '07089', latitude: '14.9', longitude: '92.26' })).text)).to.contain('la longitud 92.26 debe ser negativa');
    expect(issuesOf((await post({ territoryCode: '07089', latitude: '40.4', longitude: '-3.7' })).text)).to.contain('quedan fuera de México');
  });

  it('edits a site (audit diff), refuses a duplicate name, archives and restores it', async () => {
    const siteId = await createSite(b, supplierId, { name: 'Vivero Huixtla', territoryCode: '07040', workforceTotal: '8' });
    const edit = await b.get(`/sites/${siteId}/edit`);
    expect(edit.text).to.contain('value="Huixtla, Chiapas"');
    const res = await postForm(b, `/sites/${siteId}`, { name: 'Vivero Huixtla', territoryCode: '07015', territoryLabel: 'Cacahoatán, Chiapas', workforceTotal: '10' });
    expect(res.status).to.equal(302);
    const entry = (await auditOf(t.db, org, 'site.updated')).find((e) => e.target_id === siteId)!;
    expect(entry.details.changes).to.deep.equal({ territory_code: { from: '07040', to: '07015' }, workforce_total: { from: 8, to: 10 } });
    const dup = await post({ name: 'vivero huixtla', territoryCode: '07040' });
    expect(issuesOf(dup.text)).to.contain('Nombre del sitio: este proveedor ya tiene un sitio llamado «vivero huixtla»');
    await b.get(`/suppliers/${supplierId}`);
    expect((await b.post(`/sites/${siteId}/archive`)).status).to.equal(302);
    const page = await b.get(`/suppliers/${supplierId}`);
    expect(page.text).to.not.contain(`id="site-${siteId}"`);
    expect(page.text).to.match(/1 sitio archivado\b/);
    expect((await b.post(`/sites/${siteId}/restore`)).status).to.equal(302);
    expect((await b.get(`/suppliers/${supplierId}`)).text).to.contain(`id="site-${siteId}"`);
    expect((await auditOf(t.db, org, 'site.archived')).map((e) => e.target_id)).to.include(siteId);
  });
});
