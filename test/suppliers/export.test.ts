import { expect } from 'chai';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Browser } from '../support/app.ts';
import { auditOf, seedSupplier, useSeededOrg } from './support.ts';

/** Downloads as a Buffer (supertest leaves binary bodies unparsed otherwise). */
async function download(b: Browser, url: string): Promise<{ status: number; type: string; disposition: string; body: Buffer }> {
  const res = await b.agent.get(url).buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  return { status: res.status, type: res.headers['content-type'], disposition: res.headers['content-disposition'], body: res.body as Buffer };
}

function csvRows(buf: Buffer): string[][] {
  const text = buf.toString('utf8');
  expect(text.charCodeAt(0)).to.equal(0xfeff); // BOM for Excel
  return Papa.parse<string[]>(text.slice(1).trim(), { skipEmptyLines: true }).data;
}

describe('suppliers: CSV and XLSX export', () => {
  const w = useSeededOrg(async (t, org) => {
    await seedSupplier(t, org, { legalName: '=HYPERLINK("http://evil.example","clic")', taxId: 'CFE370814QI0', sectorCode: '111', commodities: 'café; plátano' }, [
      { name: 'Finca Chiapas', territoryCode: '07089', latitude: '14.9', longitude: '-92.26', workforceTotal: '40', workforceAdolescents: '2', activities: ['harvest'] },
      { name: '@Bodega Sinaloa', territoryCode: '25006', workforceTotal: '7' },
    ]);
    await seedSupplier(t, org, { legalName: 'Proveedor sin sitios', sectorCode: '315' });
    const gone = await seedSupplier(t, org, { legalName: 'Archivado' });
    await t.services.suppliers.archive(org.actor('analyst'), gone);
  });

  it('carries each supplier\'s current risk level and scores, and the risk data they were computed with', async () => {
    await w.t.services.scores.rescoreOrganization(w.org.actor('analyst'));
    const [header, ...rows] = csvRows((await download(w.b, '/suppliers/export.csv')).body);
    const col = (name: string) => header.indexOf(name);
    for (const name of ['Nivel de riesgo actual', 'Riesgo residual (sitio más riesgoso)', 'Riesgo residual ponderado', 'Nivel de riesgo del sitio', 'Riesgo residual del sitio', 'Datos de riesgo usados']) {
      expect(col(name), name).to.be.greaterThan(-1);
    }
    const finca = rows.find((r) => r[col('Sitio')] === 'Finca Chiapas')!;
    const levels = ['Bajo', 'Medio', 'Alto', 'Crítico'];
    expect(levels).to.include(finca[col('Nivel de riesgo actual')]);
    expect(levels).to.include(finca[col('Nivel de riesgo del sitio')]);
    expect(Number(finca[col('Riesgo residual del sitio')])).to.be.within(0, 100);
    expect(Number(finca[col('Riesgo residual (sitio más riesgoso)')])).to.be.at.least(Number(finca[col('Riesgo residual del sitio')]));
    expect(finca[col('Datos de riesgo usados')]).to.match(/\S+ \S+/);
  });

  it('writes one row per site and one for a supplier without sites, with formulas neutralised', async () => {
    const res = await download(w.b, '/suppliers/export.csv');
    expect(res.status).to.equal(200);
    expect(res.type).to.match(/^text\/csv/);
    expect(res.disposition).to.match(/attachment; filename="?proveedores-\d{4}-\d{2}-\d{2}\.csv"?/);
    const [header, ...rows] = csvRows(res.body);
    expect(header.slice(0, 4)).to.deep.equal(['ID del proveedor', 'Razón social', 'Nombre comercial', 'RFC']);
    const col = (name: string) => header.indexOf(name);
    expect(rows.map((r) => [r[col('Razón social')], r[col('Sitio')]])).to.deep.equal([
      ["'=HYPERLINK(\"http://evil.example\",\"clic\")", "'@Bodega Sinaloa"],
      ["'=HYPERLINK(\"http://evil.example\",\"clic\")", 'Finca Chiapas'],
      ['Proveedor sin sitios', ''],
    ]);
    const finca = rows[1];
    expect(finca[col('Clave INEGI')]).to.equal('07089');
    expect(finca[col('Municipio')]).to.equal('Tapachula');
    expect(finca[col('Entidad')]).to.equal('Chiapas');
    expect(finca[col('Trabajadores')]).to.equal('40');
    expect(finca[col('Adolescentes 15-17')]).to.equal('2');
    expect(finca[col('Longitud')]).to.equal('-92.26'); // a number, not neutralised
    expect(finca[col('Actividades')]).to.equal('cosecha');
    // Vocabulary names, which an import reads back to the same ids.
    expect(finca[col('Productos')]).to.equal('Café; Plátano');
    expect(finca[col('Sector')]).to.match(/^Agricultura, cría/);
  });

  it('respects the list filters, including a state: only that state\'s sites are written', async () => {
    const [, ...bySector] = csvRows((await download(w.b, '/suppliers/export.csv?sector=31-33')).body);
    expect(bySector.map((r) => r[1])).to.deep.equal(['Proveedor sin sitios']);
    const [header, ...byState] = csvRows((await download(w.b, '/suppliers/export.csv?state=25')).body);
    expect(byState.map((r) => r[header.indexOf('Sitio')])).to.deep.equal(["'@Bodega Sinaloa"]);
    const [, ...archived] = csvRows((await download(w.b, '/suppliers/export.csv?status=archived')).body);
    expect(archived.map((r) => r[1])).to.deep.equal(['Archivado']);
  });

  it('writes XLSX with typed numbers and text cells that cannot run as formulas, headers in the user\'s language', async () => {
    const res = await download(w.b, '/suppliers/export.xlsx?lang=en');
    expect(res.status).to.equal(200);
    expect(res.type).to.contain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Suppliers')!;
    expect(sheet).to.not.equal(undefined);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).to.deep.equal(['Supplier ID', 'Legal name', 'Trade name']);
    const col = (name: string) => header.indexOf(name) + 1;
    const name = sheet.getRow(2).getCell(col('Legal name'));
    expect(name.value).to.equal("'=HYPERLINK(\"http://evil.example\",\"clic\")");
    expect(name.formula).to.equal(undefined);
    expect(sheet.getRow(3).getCell(col('Workers')).value).to.equal(40);
    expect(sheet.getRow(3).getCell(col('Activities')).value).to.equal('harvest');
    expect(sheet.rowCount).to.equal(4);
  });

  it('records each export in the audit log with its filters', async () => {
    await download(w.b, '/suppliers/export.csv?sector=11&q=hyper');
    const entries = await auditOf(w.t.db, w.org, 'supplier.exported');
    const last = entries.at(-1)!;
    expect(last.details).to.deep.equal({ format: 'csv', filters: { q: 'hyper', sector: '11' }, rows: 2 });
  });
});
