import { expect } from 'chai';
import Papa from 'papaparse';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { readXlsx } from '../exports/support.ts';
import { addSupplierWithSites, auditActions, daysFromToday } from './fixtures.ts';

function binary(res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('remediation: CSV and XLSX exports', () => {
  let t: TestApp;
  let org: TestOrg;
  let analyst: Browser;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    const { supplierId } = await addSupplierWithSites(t.db, org, { name: '=cmd|" /C calc"!A0' });
    const findingId = await t.services.remediation.findings.create(org.actor('analyst'), {
      supplierId, source: 'grievance', category: 'child_labour_under_15', severity: 'critical',
      title: '=HYPERLINK("http://evil.test","clic")', description: '+52 962 000 0000',
    });
    const planId = await t.services.remediation.plans.create(org.actor('analyst'), { findingId, title: '@SUM(1+1)' });
    await t.services.remediation.plans.addAction(org.actor('analyst'), planId, { title: '-2+3', ownerKind: 'supplier', dueDate: daysFromToday(7) });
    analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
  });

  it('writes findings as CSV with every formula-looking cell neutralised, and logs the export', async () => {
    const res = await analyst.agent.get('/findings/export?format=csv').buffer(true).parse(binary);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.contain('text/csv');
    expect(res.headers['content-disposition']).to.match(/^attachment; filename="findings-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = (res.body as Buffer).toString('utf8').replace(/^\uFEFF/, '');
    const rows = Papa.parse<string[]>(text.trim()).data;
    expect(rows[0].slice(0, 5)).to.deep.equal(['Proveedor', 'Centro de trabajo', 'Título', 'Categoría', 'Gravedad']);
    expect(rows[1][0]).to.equal(`'=cmd|" /C calc"!A0`);
    expect(rows[1][2]).to.equal(`'=HYPERLINK("http://evil.test","clic")`);
    expect(rows[1][3]).to.equal('Trabajo infantil (menores de 15)');
    expect(rows[1][7]).to.equal(`'+52 962 000 0000`);
    const audit = await auditActions(t.db, org);
    expect(audit.at(-1)).to.include({ action: 'remediation.exported', actor_user_id: org.users.analyst.id });
  });

  it('writes actions as XLSX with the same protection', async () => {
    const res = await analyst.agent.get('/remediation/actions/export?format=xlsx').buffer(true).parse(binary);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.contain('spreadsheetml');
    const sheet = await readXlsx(res.body as Buffer);
    expect(sheet.name).to.equal('Acciones');
    expect(sheet.getRow(1).getCell(4).value).to.equal('Acción');
    expect(sheet.getRow(2).getCell(2).value).to.equal(`'@SUM(1+1)`);
    expect(sheet.getRow(2).getCell(4).value).to.equal(`'-2+3`);
    expect(sheet.getRow(2).getCell(5).value).to.equal('Proveedor');
    expect(sheet.getRow(2).getCell(7).value).to.be.instanceOf(Date);
  });

  it('exports indicators in long form; a viewer gets the hidden cells as *', async () => {
    const c = t.services.remediation.cases;
    const [siteId] = (await addSupplierWithSites(t.db, org, { name: 'Otro' })).siteIds;
    await c.create(org.actor('admin'), { siteId, findingId: null, age: 10, sex: 'female', indigenous: null, migrant: null, situation: 'at_risk', sensitiveConsentOn: null, notes: null, identifiedOn: '2026-03-01' });
    const viewer = new Browser(t.app);
    await viewer.login(org.users.viewer.email, PASSWORD);
    const res = await viewer.agent.get('/remediation/indicators/export?format=csv').buffer(true).parse(binary);
    expect(res.status).to.equal(200);
    const rows = Papa.parse<string[]>((res.body as Buffer).toString('utf8').replace(/^\uFEFF/, '').trim()).data;
    expect(rows[0]).to.deep.equal(['Indicador', 'Desglose', 'Grupo', 'Valor']);
    expect(rows).to.deep.include(['Identificados', 'Total', 'Total', '*']);
    expect(rows).to.deep.include(['Identificados', 'Sexo', 'Hombres', '0']);
    expect(rows).to.deep.include(['Centros de trabajo activos', 'Total', 'Total', '2']);
    const auditor = new Browser(t.app);
    await auditor.login(org.users.auditor.email, PASSWORD);
    expect((await auditor.agent.get('/findings/export?format=csv')).status).to.equal(403);
  });
});
