import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';
import { ensureClientBuild } from '../support/client-build.ts';
import { addReviewedAssessment, addSupplier } from '../scores/fixtures.ts';
import { download, generate, pdfPages, signedIn } from './support.ts';

const squash = (s: string) => s.replace(/\s+/g, '');
const LONG_SITE = 'Rancho Cafetalero La Esperanza del Soconusco, sección norte';

describe('reports: nothing clipped, control score shown, every located site on the map (PDF text)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let org: TestOrg;
  let supplierText: string;

  before(async () => {
    ensureClientBuild();
    t = await buildTestApp();
    org = await createOrg(t.db);
    const { supplierId, siteIds } = await addSupplier(t.db, org, {
      name: 'Cafés Finos del Soconusco', sectorCode: '111',
      sites: [
        { name: LONG_SITE, territoryCode: '07089', latitude: 14.9, longitude: -92.26 },
        { name: 'Beneficio húmedo sin coordenadas', territoryCode: '07051' },
      ],
    });
    await addReviewedAssessment(t.db, org, { supplierId, siteId: siteIds[0], reviewedAt: new Date().toISOString(), controlsScore: 0.625 });
    // Sites known only by municipality or only by state (imports often bring no coordinates).
    await addSupplier(t.db, org, { name: 'Hortalizas del Bajío', sectorCode: '111', sites: [{ name: 'Invernadero Celaya', territoryCode: '11007' }] });
    await addSupplier(t.db, org, { name: 'Agave Altos', sectorCode: '111', sites: [{ name: 'Predio en Jalisco', territoryCode: '14' }] });
    await t.services.scores.rescoreOrganization(org.actor('admin'));
    const b = await signedIn(t, org, 'analyst');
    const id = await generate(t, b, { kind: 'supplier', supplierId, locale: 'es-MX' });
    supplierText = (await pdfPages((await download(b, id)).body as Buffer)).join(' ');
  });

  after(async () => {
    await t?.services.reports.close();
  });

  it('supplier report: whole site names in the chart, the map\'s whole source line, and the control score', () => {
    // The chart is SVG text now: the long name is there in full (wrapped), with its residual.
    expect(squash(supplierText)).to.contain(squash(LONG_SITE));
    const source = squash(supplierText);
    expect(source).to.contain(squash('Fuente: INEGI'));
    expect(source).to.match(/Datosderiesgo:[^·]+·demo—datosnooficiales/);
    expect(supplierText).to.match(/Puntaje de controles: 63 %/);
  });

  it('company report: sites without coordinates are placed at their municipality or state centre', async () => {
    const b = await signedIn(t, org, 'analyst');
    const id = await generate(t, b, { kind: 'company', locale: 'es-MX', periodFrom: '2026-01-01', periodTo: '2026-12-31' });
    const text = (await pdfPages((await download(b, id)).body as Buffer)).join(' ');
    expect(text).to.match(/4 centros de trabajo en el mapa, en 3 estados; 3 sin coordenadas se ubican en el centro de su municipio o estado\./);
  });
});
