import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';
import { createSupplier, signedIn } from './support.ts';

describe('suppliers: the list links to bulk import and its empty state says what to do next', () => {
  let t: TestApp;
  let org: TestOrg;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
  });

  it('with no suppliers yet: offers the import and the form, not "no supplier matches the filters"', async () => {
    const analyst = await signedIn(t, org, 'analyst');
    const page = await analyst.get('/suppliers');
    const empty = /<div class="panel" id="no-suppliers">[\s\S]*?<\/div>/.exec(page.text)?.[0] ?? '';
    expect(empty).to.include('Aún no hay proveedores').and.include('href="/suppliers/import"').and.include('href="/suppliers/new"');
    expect(page.text).to.not.include('Ningún proveedor coincide con los filtros');
    expect(page.text).to.match(/<a class="btn btn-secondary" href="\/suppliers\/import" id="import-suppliers">Importar desde Excel o CSV<\/a>/);
    expect((await analyst.get('/suppliers/import')).status).to.equal(200);
  });

  it('a reader is told suppliers will appear, without links they cannot use', async () => {
    const viewer = await signedIn(t, org, 'viewer');
    const page = await viewer.get('/suppliers');
    expect(page.text).to.include('Cuando su equipo registre proveedores, aparecerán aquí.');
    expect(page.text).to.not.include('href="/suppliers/import"');
  });

  it('with suppliers and a filter that matches none: says so and offers to clear the filters', async () => {
    const analyst = await signedIn(t, org, 'analyst');
    await createSupplier(analyst, { legalName: 'Empacadora del Golfo', sectorCode: '111' });
    const page = await analyst.get('/suppliers?q=zzzz-nadie');
    const empty = /<p class="panel" id="no-suppliers">[\s\S]*?<\/p>/.exec(page.text)?.[0] ?? '';
    expect(empty).to.include('Ningún proveedor coincide con los filtros').and.include('href="/suppliers"');
    expect(page.text).to.not.include('Aún no hay proveedores');
  });
});
