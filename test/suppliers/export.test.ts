import { expect } from 'chai';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Browser, TestApp } from '../support/app.ts';
import type { TestOrg } from '../support/factories.ts';
import { parseForm, supplierSchema } from '../../server/suppliers/supplier.schema.ts';
import { siteSchema } from '../../server/suppliers/site.schema.ts';
import { auditOf, createOrg, signedIn, supplierTestApp } from './support.ts';

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
  let t: TestApp;
  let org: TestOrg;
  let b: Browser;
  before(async function () {
    this.timeout(120_000); // the first app of a run migrates and loads reference data
    t = await supplierTestApp();
    org = await createOrg(t.db);
    const actor = org.actor('analyst');
    const create = async (form: Record<string, string>) =>
      (await t.services.suppliers.create(actor, parseForm(supplierSchema, { status: 'active', tier: '1', ...form }))).id;
    const a = await create({ legalName: '=HYPERLINK("http://evil.example","clic")', taxId: 'CFE370814QI0', sectorCode: '111', commodities: 'café; plátano' });
    await t.services.sites.create(actor, a, parseForm(siteSchema, {
      name: 'Finca Chiapas', territoryCode: '07089', latitude: '14.9', longitude: '-92.26', workforceTotal: '40', workforceAdolescents: '2', activities: ['harvest'],
    }));
    await t.services.sites.create(actor, a, parseForm(siteSchema, { name: '@Bodega Sinaloa', territoryCode: '25006', workforceTotal: '7' }));
    await create({ legalName: 'Proveedor sin sitios', sectorCode: '315' });
    const gone = await create({ legalName: 'Archivado' });
    await t.services.suppliers.archive(actor, gone);
    b = await signedIn(t, org, 'viewer');
  });

  it('writes one row per site and one for a supplier without sites, with formulas neutralised', async () => {
    const res = await download(b, '/suppliers/export.csv');
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
    const [, ...bySector] = csvRows((await download(b, '/suppliers/export.csv?sector=31-33')).body);
    expect(bySector.map((r) => r[1])).to.deep.equal(['Proveedor sin sitios']);
    const [header, ...byState] = csvRows((await download(b, '/suppliers/export.csv?state=25')).body);
    expect(byState.map((r) => r[header.indexOf('Sitio')])).to.deep.equal(["'@Bodega Sinaloa"]);
    const [, ...archived] = csvRows((await download(b, '/suppliers/export.csv?status=archived')).body);
    expect(archived.map((r) => r[1])).to.deep.equal(['Archivado']);
  });

  it('writes XLSX with typed numbers and text cells that cannot run as formulas, headers in the user\'s language', async () => {
    const res = await download(b, '/suppliers/export.xlsx?lang=en');
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
    await download(b, '/suppliers/export.csv?sector=11&q=hyper');
    const entries = await auditOf(t.db, org, 'supplier.exported');
    const last = entries.at(-1)!;
    expect(last.details).to.deep.equal({ format: 'csv', filters: { q: 'hyper', sector: '11' }, rows: 2 });
  });
});
