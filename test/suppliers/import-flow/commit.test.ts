import { expect } from 'chai';
import { Browser } from '../../support/app.ts';
import { createOrg, PASSWORD } from '../../support/factories.ts';
import { auditOf, commitAndRun, csvBytes, linksOf, sitesOf, suppliersOf, text, upload, uploadToPreview, useImportFlow } from './support.ts';

const HEADER = [
  'Razón social', 'Nombre comercial', 'RFC', 'ID externo', 'Nivel', 'Proveedor padre (RFC o ID)', 'Correo',
  'Sitio', 'Estado', 'Municipio', 'Clave INEGI', 'Trabajadores', 'Actividades',
];

/**
 * Norte supplies the company; Sur supplies Norte; Jornaleros (external ID only) supplies
 * Sur; Transportes supplies Norte and Jornaleros. Tiers by hand: Norte 1, Sur 2,
 * Jornaleros 3, Transportes min(1, 3) + 1 = 2.
 */
function network(overrides: { email?: string; workforce?: string } = {}) {
  return csvBytes(
    [
      { 'Razón social': 'Empacadora Norte, S.A. de C.V.', 'Nombre comercial': 'Norte', RFC: 'ENO010101AA1', Nivel: '1', Correo: overrides.email ?? 'compras@norte.mx', Sitio: 'Planta Hermosillo', Estado: 'Sonora', Municipio: 'Hermosillo', Trabajadores: overrides.workforce ?? '120', Actividades: 'empaque' },
      { RFC: 'ENO010101AA1', Estado: 'Sinaloa', Municipio: 'Culiacán', Trabajadores: '30' },
      { 'Razón social': 'Agrícola Sur', RFC: 'ASU020202BB2', 'ID externo': 'PRV-9', 'Proveedor padre (RFC o ID)': 'ENO010101AA1', Sitio: 'Rancho Sur', 'Clave INEGI': '16108', Trabajadores: '50', Actividades: 'cosecha' },
      { 'Razón social': 'Jornaleros Unidos', 'ID externo': 'JU-1', 'Proveedor padre (RFC o ID)': 'PRV-9', Sitio: 'Campo 1', Estado: 'Michoacán', Municipio: 'Zamora', Trabajadores: '10' },
      { 'Razón social': 'Transportes Mixtos', RFC: 'TMI030303CC3', 'Proveedor padre (RFC o ID)': 'ENO010101AA1; JU-1' },
    ],
    HEADER,
  );
}

describe('supplier import: commit, re-import and rollback', () => {
  const ctx = useImportFlow();

  it('writes suppliers, sites and links with tiers from the graph, and one audit entry', async () => {
    const { id, page } = await uploadToPreview(ctx.browser, network());
    const preview = text(page.text);
    expect(page.text).to.match(/data-count="new">4</);
    expect(page.text).to.match(/data-count="existing">0</);
    expect(page.text).to.match(/data-count="sites">4</);
    expect(page.text).to.match(/data-count="links">4</);
    expect(preview).to.contain('Hermosillo, Sonora (26030)');
    expect(page.text).to.not.match(/id="commit-button"[^>]*disabled/);

    const { job } = await commitAndRun(ctx.t, ctx.browser, id);
    expect(text(job.text)).to.contain('Terminado');

    const suppliers = await suppliersOf(ctx.t, ctx.org.id);
    expect(suppliers.map((s) => [s.legal_name, s.tier])).to.deep.equal([
      ['Agrícola Sur', 2],
      ['Empacadora Norte, S.A. de C.V.', 1],
      ['Jornaleros Unidos', 3],
      ['Transportes Mixtos', 2],
    ]);
    const norte = suppliers.find((s) => s.tax_id === 'ENO010101AA1')!;
    expect(norte.search_text).to.equal('empacadora norte, s.a. de c.v. norte eno010101aa1');
    expect(suppliers.find((s) => s.external_id === 'JU-1')!.tax_id).to.equal(null);

    const sites = await sitesOf(ctx.t, ctx.org.id);
    expect(sites.map((s) => [s.supplier, s.name, s.territory_code, s.state_code])).to.deep.equal([
      ['Agrícola Sur', 'Rancho Sur', '16108', '16'],
      ['Empacadora Norte, S.A. de C.V.', 'Norte – Culiacán', '25006', '25'],
      ['Empacadora Norte, S.A. de C.V.', 'Planta Hermosillo', '26030', '26'],
      ['Jornaleros Unidos', 'Campo 1', '16108', '16'],
    ]);
    expect(sites.find((s) => s.name === 'Planta Hermosillo')!.activities).to.deep.equal(['packing']);

    expect(await linksOf(ctx.t, ctx.org.id)).to.deep.equal([
      { child: 'Agrícola Sur', parent: 'Empacadora Norte, S.A. de C.V.' },
      { child: 'Jornaleros Unidos', parent: 'Agrícola Sur' },
      { child: 'Transportes Mixtos', parent: 'Empacadora Norte, S.A. de C.V.' },
      { child: 'Transportes Mixtos', parent: 'Jornaleros Unidos' },
    ]);

    const audit = await auditOf(ctx.t, ctx.org.id, 'supplier.imported');
    expect(audit).to.have.length(1);
    expect(audit[0].target_id).to.equal(id);
    expect(audit[0].details).to.include({ suppliersCreated: 4, sitesCreated: 4, linksAdded: 4, rows: 5, file: 'proveedores.csv' });
    expect(audit[0].details.sha256).to.match(/^[0-9a-f]{64}$/);

    const done = text((await ctx.browser.get(`/suppliers/import/${id}`)).text);
    expect(done).to.contain('Proveedores: 4 nuevos, 0 actualizados, 0 sin cambios.');
    expect((await ctx.browser.post(`/suppliers/import/${id}/commit`)).status).to.equal(409);
  });

  it('re-importing the same file changes nothing; a changed cell updates its record only', async () => {
    const first = await uploadToPreview(ctx.browser, network());
    await commitAndRun(ctx.t, ctx.browser, first.id);
    const before = await suppliersOf(ctx.t, ctx.org.id);

    const again = await uploadToPreview(ctx.browser, network());
    expect(again.page.text).to.match(/data-count="new">0</);
    expect(again.page.text).to.match(/data-count="existing">4</);
    await commitAndRun(ctx.t, ctx.browser, again.id);
    expect(await suppliersOf(ctx.t, ctx.org.id)).to.deep.equal(before);
    expect(await sitesOf(ctx.t, ctx.org.id)).to.have.length(4);
    expect(await linksOf(ctx.t, ctx.org.id)).to.have.length(4);

    const changed = await uploadToPreview(ctx.browser, network({ email: 'nuevo@norte.mx', workforce: '140' }));
    await commitAndRun(ctx.t, ctx.browser, changed.id);
    const after = await suppliersOf(ctx.t, ctx.org.id);
    expect(after.map((s) => s.id)).to.deep.equal(before.map((s) => s.id));
    expect(after.find((s) => s.tax_id === 'ENO010101AA1')!.contact_email).to.equal('nuevo@norte.mx');
    const sites = await sitesOf(ctx.t, ctx.org.id);
    expect(sites).to.have.length(4);
    expect(sites.find((s) => s.name === 'Planta Hermosillo')!.workforce_total).to.equal(140);

    const audit = await auditOf(ctx.t, ctx.org.id, 'supplier.imported');
    expect(audit.map((a) => [a.details.suppliersCreated, a.details.suppliersUpdated, a.details.suppliersUnchanged, a.details.sitesUpdated, a.details.sitesUnchanged])).to.deep.equal([
      [4, 0, 0, 0, 0],
      [0, 0, 4, 0, 4],
      [0, 1, 3, 1, 3],
    ]);
  });

  it('a loop found while committing rolls everything back and names the row', async () => {
    const seed = csvBytes(
      [
        { 'Razón social': 'Alfa', RFC: 'ALF010101AA1', Estado: 'Sonora', Municipio: 'Hermosillo' },
        { 'Razón social': 'Beta', RFC: 'BET010101AA1', 'Proveedor padre (RFC o ID)': 'ALF010101AA1' },
      ],
      HEADER,
    );
    await commitAndRun(ctx.t, ctx.browser, (await uploadToPreview(ctx.browser, seed)).id);
    const before = { suppliers: await suppliersOf(ctx.t, ctx.org.id), sites: await sitesOf(ctx.t, ctx.org.id), links: await linksOf(ctx.t, ctx.org.id) };

    // Row 3 makes Alfa supply Beta, which already supplies Alfa; row 2 adds a new supplier.
    const loop = csvBytes(
      [
        { 'Razón social': 'Gamma Nueva', RFC: 'GAM010101AA1', Sitio: 'Bodega', Estado: 'Sonora', Municipio: 'Hermosillo' },
        { 'Razón social': 'Alfa cambiada', RFC: 'ALF010101AA1', 'Proveedor padre (RFC o ID)': 'BET010101AA1' },
      ],
      HEADER,
    );
    const { id } = await uploadToPreview(ctx.browser, loop);
    const { job } = await commitAndRun(ctx.t, ctx.browser, id);
    const page = text(job.text);
    expect(page).to.contain('Falló');
    expect(page).to.match(/3 Proveedor padre \(RFC o ID\) los vínculos forman un ciclo \((Alfa cambiada → Beta → Alfa cambiada|Beta → Alfa cambiada → Beta)\)/);

    expect(await suppliersOf(ctx.t, ctx.org.id)).to.deep.equal(before.suppliers);
    expect(await sitesOf(ctx.t, ctx.org.id)).to.deep.equal(before.sites);
    expect(await linksOf(ctx.t, ctx.org.id)).to.deep.equal(before.links);
    expect(await auditOf(ctx.t, ctx.org.id, 'supplier.imported')).to.have.length(1);
    expect(text((await ctx.browser.get(`/suppliers/import/${id}`)).text)).to.contain('Estado: Falló');
  });

  it('another organisation gets 404 for the import; a viewer may not import', async () => {
    const { id } = await uploadToPreview(ctx.browser, network());
    const other = await createOrg(ctx.t.db);
    const stranger = new Browser(ctx.t.app);
    await stranger.login(other.users.owner.email, PASSWORD);
    expect((await stranger.get(`/suppliers/import/${id}`)).status).to.equal(404);
    expect((await stranger.post(`/suppliers/import/${id}/commit`)).status).to.equal(404);
    expect((await stranger.post(`/suppliers/import/${id}/places`, { code_0: '26030' })).status).to.equal(404);

    const viewer = new Browser(ctx.t.app);
    await viewer.login(ctx.org.users.viewer.email, PASSWORD);
    expect((await viewer.get('/suppliers/import')).status).to.equal(403);
    expect((await viewer.get(`/suppliers/import/${id}`)).status).to.equal(403);
    expect((await upload(viewer, network())).status).to.equal(403);
    expect(await suppliersOf(ctx.t, ctx.org.id)).to.deep.equal([]);
  });
});
