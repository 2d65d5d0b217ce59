import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Browser, buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { enrolTwoFactor } from '../support/two-factor.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import { supplierSchema } from '../../server/suppliers/supplier.schema.ts';
import { activateDataset, getActiveDataset, listDatasets } from '../../server/risk-datasets/risk-dataset.service.ts';

const EXAMPLE = path.join(PROJECT_ROOT, 'test/fixtures/risk-datasets/example.csv');

// Row 3: unknown municipality; row 4: level outside the scale; row 5: index not a number.
const BAD_CSV = [
  'country,level,code,risk_index,risk_level',
  'MX,state,07,0.2,high',
  'MX,municipality,07999,0.1,low',
  'MX,municipality,07089,0.1,extreme',
  'MX,state,15,mucho,low',
].join('\n');

describe('risk dataset administration', () => {
  let t: TestApp;
  let org: TestOrg;
  let demoId: string;
  let n = 0;
  const version = () => `routes-${Date.now().toString(36)}-${++n}`;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    // The viewer of this organisation also operates the platform.
    await t.db.admin((q) => q.query(`UPDATE users SET is_platform_admin = true WHERE id = $1`, [org.users.viewer.id]));
    demoId = (await t.db.admin((q) => getActiveDataset(q, 'MX')))!.id;
  });
  afterEach(async () => {
    // Other test files expect the demo dataset in use.
    if ((await t.db.admin((q) => getActiveDataset(q, 'MX')))!.id !== demoId) await activateDataset(t.db, demoId);
  });

  let adminSession: Browser | undefined;
  async function admin(): Promise<Browser> {
    // Platform administrators must use two-factor sign-in: enrol once, keep that session.
    if (adminSession) {
      await adminSession.get('/settings/risk-datasets');
      return adminSession;
    }
    const b = new Browser(t.app);
    expect((await b.login(org.users.viewer.email, PASSWORD)).status).to.equal(302);
    await enrolTwoFactor(b);
    adminSession = b;
    await b.get('/settings/risk-datasets');
    return b;
  }

  function upload(b: Browser, file: Buffer | string, fileName: string, fields: Record<string, string>) {
    let req = b.agent.post(`/settings/risk-datasets?_csrf=${encodeURIComponent(b.csrf)}`);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', Buffer.from(file), fileName);
  }

  const datasetCount = () => t.db.admin(async (q) => (await listDatasets(q, 'MX')).length);
  const platformAudit = (action: string) =>
    t.db.admin(async (q) => (await q.query<{ organization_id: string | null; actor_user_id: string; target_id: string; details: Record<string, unknown> }>(
      `SELECT organization_id, actor_user_id, target_id, details FROM audit_log WHERE action = $1 ORDER BY id`, [action])).rows);

  it('only platform administrators reach the page; an organisation owner gets 403', async () => {
    const owner = new Browser(t.app);
    await owner.login(org.users.owner.email, PASSWORD);
    const res = await owner.get('/settings/risk-datasets');
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('Solo los administradores de la plataforma gestionan los datos de riesgo territorial.');
    await owner.get('/territories');
    expect((await owner.post(`/settings/risk-datasets/${demoId}/activate`)).status).to.equal(403);
    expect(res.text).to.not.contain('id="nav-risk-datasets"');
  });

  it('lists the datasets with the demo one marked and in use (es-MX and en)', async () => {
    const b = await admin();
    const res = await b.get('/settings/risk-datasets');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('id="nav-risk-datasets"');
    const demoRow = new RegExp(`<tr data-dataset="${demoId}" data-version="demo-2018" data-active>[\\s\\S]*?</tr>`).exec(res.text)?.[0] ?? '';
    expect(demoRow).to.contain('<span class="demo-banner" data-demo>Demo — datos no oficiales</span>');
    expect(demoRow).to.contain('<strong>En uso</strong>');
    expect(demoRow).to.contain('Bajo (0.2), Medio (0.55), Alto (0.9)');
    expect(demoRow).to.not.contain('data-activate');
    const en = await b.get('/settings/risk-datasets?lang=en');
    expect(en.text).to.contain('Territorial risk datasets');
    expect(en.text).to.contain('<strong>In use</strong>');
  });

  it('imports a valid file, lists it, and records the import in the platform audit log', async () => {
    const b = await admin();
    const before = await datasetCount();
    const v = version();
    const res = await upload(b, await readFile(EXAMPLE), 'example.csv', {
      name: 'CLRISK ejemplo', version: v, source: 'Pruebas', year: '2021', licence: 'CC BY 4.0', levels: 'low,medium,high',
    });
    expect(res.status, res.text.slice(0, 3000)).to.equal(303);
    expect(res.headers.location).to.equal('/settings/risk-datasets');
    expect(await datasetCount()).to.equal(before + 1);
    const page = await b.get('/settings/risk-datasets');
    expect(page.text).to.contain(`Versión ${v} importada: 6 filas.`);
    const row = new RegExp(`<tr data-dataset="[^"]+" data-version="${v}">[\\s\\S]*?</tr>`).exec(page.text)?.[0] ?? '';
    expect(row).to.contain('CLRISK ejemplo');
    expect(row).to.contain('CC BY 4.0');
    expect(row).to.contain('Inactivo');
    expect(row).to.contain(`data-activate="${v}"`);
    // Not activated: the demo stays in use.
    expect((await t.db.admin((q) => getActiveDataset(q, 'MX')))!.id).to.equal(demoId);
    const entry = (await platformAudit('riskDataset.imported')).find((e) => e.details.version === v)!;
    expect(entry.organization_id).to.equal(null);
    expect(entry.actor_user_id).to.equal(org.users.viewer.id);
    expect(entry.details).to.deep.include({ rows: 6, fileName: 'example.csv', activated: false });
  });

  it('imports an XLSX workbook (first worksheet) the same way', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('valores');
    ws.addRows([['country', 'level', 'code', 'risk_index', 'risk_level'], ['MX', 'state', '07', 0.3, 'alto'], ['MX', 'municipality', '7089', 0.25, 'bajo']]);
    const b = await admin();
    const v = version();
    const res = await upload(b, Buffer.from(await wb.xlsx.writeBuffer()), 'valores.xlsx', {
      name: 'Libro XLSX', version: v, source: 'Pruebas', year: '2020', licence: 'CC0', levels: 'bajo,medio,alto',
    });
    expect(res.status, res.text.slice(0, 3000)).to.equal(303);
    const dataset = (await t.db.admin((q) => listDatasets(q, 'MX'))).find((d) => d.version === v)!;
    expect(dataset).to.deep.include({ rowCount: 2, fileName: 'valores.xlsx' });
    expect(dataset.levelScale).to.deep.equal([{ level: 'bajo', score: 0.2 }, { level: 'medio', score: 0.55 }, { level: 'alto', score: 0.9 }]);
  });

  it('rejects a file with bad rows: every problem with its row number, nothing saved', async () => {
    const b = await admin();
    const before = await datasetCount();
    const res = await upload(b, BAD_CSV, 'malo.csv', { name: 'Malo', version: version(), source: 'Pruebas', year: '2021', licence: 'CC0' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('El archivo no se importó: 3 problema(s).');
    const rows = [...res.text.matchAll(/<tr data-row="(\d+)"><td>\d+<\/td><td><code>([a-z_]+)<\/code><\/td><td>([^<]+)<\/td><\/tr>/g)].map((m) => [m[1], m[2], m[3]]);
    expect(rows).to.deep.equal([
      ['3', 'code', 'La clave «07999» no existe en el catálogo del INEGI para ese nivel.'],
      ['4', 'risk_level', 'Nivel de riesgo «extreme» fuera de la escala del conjunto (low, medium, high).'],
      ['5', 'risk_index', 'El índice «mucho» no es un número.'],
    ]);
    expect(await datasetCount()).to.equal(before);
    // The form keeps what was typed.
    expect(res.text).to.contain('id="ds-name" name="name" value="Malo"');
  });

  it('rejects missing details and an unreadable level scale before reading the file', async () => {
    const b = await admin();
    const before = await datasetCount();
    const res = await upload(b, await readFile(EXAMPLE), 'example.csv', { name: '', source: 'x', year: '2021', licence: 'CC0', levels: 'bajo=0.2,medio' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('<tr data-row=""><td>—</td><td><code>name</code></td><td>El dato «name» falta o no es válido.</td></tr>');
    expect(res.text).to.contain('No se entiende la escala «bajo&#x3D;0.2,medio»'); // Handlebars escapes "="
    expect(await datasetCount()).to.equal(before);
  });

  it('activation switches the dataset in use, is audited and queues re-scoring for organisations with suppliers', async () => {
    const company = await createOrg(t.db);
    await t.services.suppliers.create(company.actor('analyst'), supplierSchema.parse({ legalName: 'Proveedor Uno SA', status: 'active', tier: '1' }));
    const b = await admin();
    const v = version();
    await upload(b, await readFile(EXAMPLE), 'example.csv', { name: 'Para activar', version: v, source: 'Pruebas', year: '2022', licence: 'CC0' });
    const id = (await t.db.admin((q) => listDatasets(q, 'MX'))).find((d) => d.version === v)!.id;

    await b.get('/settings/risk-datasets');
    const res = await b.post(`/settings/risk-datasets/${id}/activate`);
    expect(res.status).to.equal(303);
    const active = (await t.db.admin((q) => getActiveDataset(q, 'MX')))!;
    expect(active.id).to.equal(id);
    const page = await b.get('/settings/risk-datasets');
    expect(page.text).to.contain(`La versión ${v} está en uso.`);
    expect(page.text).to.match(new RegExp(`data-version="${v}" data-active>`));
    // The demo is kept, inactive, and can be put back.
    expect(page.text).to.contain(`data-activate="demo-2018"`);

    const entry = (await platformAudit('riskDataset.activated')).find((e) => e.target_id === id)!;
    expect(entry.organization_id).to.equal(null);
    expect(entry.details).to.deep.include({ version: v, previousId: demoId, previousVersion: 'demo-2018' });

    const jobs = await t.db.admin((q) => q.query<{ payload: { reason: string } }>(
      `SELECT payload FROM jobs WHERE organization_id = $1 AND kind = 'rescore' AND status = 'queued'`, [company.id]));
    expect(jobs.rows).to.have.length(1);
    expect(jobs.rows[0].payload.reason).to.contain('dataset');

    // The territory pages follow the switch at once.
    const territory = await b.get('/territories/07089');
    expect(territory.text).to.contain('Para activar');
    expect(territory.text).to.not.contain('class="demo-banner"');
  });

  it('importing with "put in use" activates at once', async () => {
    const b = await admin();
    const v = version();
    const res = await upload(b, await readFile(EXAMPLE), 'example.csv', {
      name: 'Activa al importar', version: v, source: 'Pruebas', year: '2023', licence: 'CC0', activate: 'on', isDemo: 'on',
    });
    expect(res.status).to.equal(303);
    const active = (await t.db.admin((q) => getActiveDataset(q, 'MX')))!;
    expect(active).to.deep.include({ version: v, isDemo: true });
  });

  it('an unknown dataset id is 404', async () => {
    const b = await admin();
    expect((await b.post('/settings/risk-datasets/00000000-0000-0000-0000-000000000000/activate')).status).to.equal(404);
  });
});
