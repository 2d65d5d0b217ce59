import { expect } from 'chai';
import { createOrg, seedSupplier, signedIn, useSeededOrg } from './support.ts';

const names = (html: string) => [...html.matchAll(/<tr data-id="[^"]+">\s*<td><a href="\/suppliers\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('suppliers: list search, filters, sorting and pages', () => {
  const w = useSeededOrg(async (t, org) => {
    await seedSupplier(t, org, { legalName: 'Peña Agrícola', taxId: 'PAG010101AB1', sectorCode: '111' }, [{ name: 'Finca', territoryCode: '07089' }]);
    await seedSupplier(t, org, { legalName: 'Café Huatusco', sectorCode: '1119', externalId: 'PRV-0042' }, [{ name: 'Beneficio', territoryCode: '30071' }]);
    await seedSupplier(t, org, { legalName: 'Textiles Iztapalapa', sectorCode: '315' }, [{ name: 'Taller', territoryCode: '09007' }]);
    await seedSupplier(t, org, { legalName: 'Empaque Culiacán', sectorCode: '493' }, [{ name: 'Empacadora', territoryCode: '25006' }, { name: 'Bodega', territoryCode: '25018' }]);
    await seedSupplier(t, org, { legalName: 'Sin Sitio', tier: '3' });
    await seedSupplier(t, org, { legalName: 'Inactivo Agro', sectorCode: '11', status: 'inactive' });
  });

  it('lists by name with sites and places, and counts', async () => {
    const page = await w.b.get('/suppliers');
    expect(names(page.text)).to.deep.equal(['Café Huatusco', 'Empaque Culiacán', 'Inactivo Agro', 'Peña Agrícola', 'Sin Sitio', 'Textiles Iztapalapa']);
    expect(page.text).to.contain('6 proveedores');
    expect(page.text).to.match(/<td>2<div class="muted small">Culiacán, Sin\.; Navolato, Sin\.<\/div><\/td>/);
  });

  it('searches names without accents or case, and RFC or external id fragments', async () => {
    expect(names((await w.b.get('/suppliers?q=PENA')).text)).to.deep.equal(['Peña Agrícola']);
    expect(names((await w.b.get('/suppliers?q=cafe')).text)).to.deep.equal(['Café Huatusco']);
    expect(names((await w.b.get('/suppliers?q=pag0101')).text)).to.deep.equal(['Peña Agrícola']);
    expect(names((await w.b.get('/suppliers?q=prv-0042')).text)).to.deep.equal(['Café Huatusco']);
    expect(names((await w.b.get('/suppliers?q=100%25')).text)).to.deep.equal([]);
  });

  it('filters by state and municipality of the sites', async () => {
    expect(names((await w.b.get('/suppliers?state=07')).text)).to.deep.equal(['Peña Agrícola']);
    expect(names((await w.b.get('/suppliers?municipality=25018')).text)).to.deep.equal(['Empaque Culiacán']);
    const filtered = await w.b.get('/suppliers?municipality=25018');
    expect(filtered.text).to.contain('value="Navolato, Sinaloa"'); // the picker shows the chosen place
  });

  it('filters by SCIAN sector (a prefix or a range of prefixes), tier and status', async () => {
    expect(names((await w.b.get('/suppliers?sector=11')).text)).to.deep.equal(['Café Huatusco', 'Inactivo Agro', 'Peña Agrícola']);
    expect(names((await w.b.get('/suppliers?sector=31-33')).text)).to.deep.equal(['Textiles Iztapalapa']);
    expect(names((await w.b.get('/suppliers?sector=48-49')).text)).to.deep.equal(['Empaque Culiacán']);
    expect(names((await w.b.get('/suppliers?tier=3')).text)).to.deep.equal(['Sin Sitio']);
    expect(names((await w.b.get('/suppliers?status=inactive')).text)).to.deep.equal(['Inactivo Agro']);
    expect(names((await w.b.get('/suppliers?sector=11&status=active')).text)).to.deep.equal(['Café Huatusco', 'Peña Agrícola']);
  });

  it('sorts by tier and by last change', async () => {
    expect(names((await w.b.get('/suppliers?sort=tier')).text).at(-1)).to.equal('Sin Sitio');
    const [id] = /<tr data-id="([^"]+)">\s*<td><a href="\/suppliers\/[^"]+">Textiles/.exec((await w.b.get('/suppliers')).text)!.slice(1);
    await w.t.services.suppliers.archive(w.org.actor('analyst'), id);
    await w.t.services.suppliers.restore(w.org.actor('analyst'), id);
    expect(names((await w.b.get('/suppliers?sort=updated')).text)[0]).to.equal('Textiles Iztapalapa');
  });

  it('pages by 50 and keeps the filters in the page links', async () => {
    const big = await createOrg(w.t.db);
    for (let i = 1; i <= 55; i++) await seedSupplier(w.t, big, { legalName: `Proveedor ${String(i).padStart(2, '0')}`, sectorCode: '111' });
    const viewer = await signedIn(w.t, big, 'viewer');
    const first = await viewer.get('/suppliers?sector=11');
    expect(names(first.text)).to.have.length(50);
    expect(names(first.text)[0]).to.equal('Proveedor 01');
    expect(first.text).to.contain('Página 1 de 2');
    // Handlebars escapes = and &; the browser reads them back.
    expect(first.text.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&')).to.contain('href="/suppliers?sector=11&page=2"');
    const second = await viewer.get('/suppliers?sector=11&page=2');
    expect(names(second.text)).to.deep.equal(['Proveedor 51', 'Proveedor 52', 'Proveedor 53', 'Proveedor 54', 'Proveedor 55']);
    // Past the end: the last page.
    expect(names((await viewer.get('/suppliers?page=99')).text)).to.have.length(5);
  });
});
