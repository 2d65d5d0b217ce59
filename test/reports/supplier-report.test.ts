import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';
import { ensureClientBuild } from '../support/client-build.ts';
import { createSite, createSupplier, signedIn as supplierSession } from '../suppliers/support.ts';
import { loadConfig } from '../../server/config.ts';
import { auditOf, download, generate, pdfPages, reportRow, sha256, signedIn } from './support.ts';

const STORAGE_DIR = loadConfig({ NODE_ENV: 'test' } as NodeJS.ProcessEnv).STORAGE_DIR;
const SUPPLIER = 'Café Soconusco Exportadora, S.A. de C.V.';
const RFC = 'CSE190312AB1';
// Hand-written: the labels a reader must see for the demo dataset's three levels.
const LEVEL_ES: Record<string, string> = { low: 'Bajo', medium: 'Medio', high: 'Alto' };
const LEVEL_EN: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High' };

/** Multipart POST to the verify page (CSRF token in the query string, as the form does). */
async function verifyUpload(b: Browser, bytes: Buffer) {
  await b.get('/reports/verify');
  return b.agent.post(`/reports/verify?_csrf=${encodeURIComponent(b.csrf)}`).attach('file', bytes, { filename: 'informe.pdf', contentType: 'application/pdf' });
}

describe('reports: supplier report (PDF through HTTP)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let org: TestOrg;
  let analyst: Browser;
  let supplierId: string;
  let territoryLevel: string;
  let esId: string;
  let esBytes: Buffer;

  before(async () => {
    ensureClientBuild();
    t = await buildTestApp();
    org = await createOrg(t.db);
    const sb = await supplierSession(t, org, 'analyst');
    supplierId = await createSupplier(sb, { legalName: SUPPLIER, taxId: RFC, sectorCode: '111' });
    await createSite(sb, supplierId, {
      name: 'Finca Santa Rita', territoryCode: '07089', territoryLabel: 'Tapachula, Chiapas', latitude: '14.9056', longitude: '-92.2629', workforceTotal: '40',
    });
    await t.services.scores.rescoreOrganization(org.actor('analyst'));
    const r = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ level: string }>(
        `SELECT v.risk_level AS level FROM risk_values v JOIN risk_datasets d ON d.id = v.dataset_id WHERE d.is_active AND v.code = '07089'`,
      ),
    );
    territoryLevel = r.rows[0].level;
    analyst = await signedIn(t, org, 'analyst');
    esId = await generate(t, analyst, { kind: 'supplier', supplierId, locale: 'es-MX' });
    const res = await download(analyst, esId);
    expect(res.status).to.equal(200);
    esBytes = res.body as Buffer;
  });

  after(async () => {
    await t?.services.reports.close();
  });

  it('renders one page in Spanish with the supplier, RFC, municipality, risk level and the demo notice on every page', async () => {
    const pages = await pdfPages(esBytes);
    expect(pages.length).to.equal(1);
    const text = pages.join(' ');
    expect(text).to.include(SUPPLIER);
    expect(text).to.include(RFC);
    expect(text).to.include('Tapachula');
    expect(text).to.include('Informe de proveedor');
    expect(text).to.include(LEVEL_ES[territoryLevel]);
    for (const [i, page] of pages.entries()) expect(page, `page ${i + 1}`).to.include('demo — datos no oficiales');
    expect(text).to.include('Página 1 de 1');
    const row = await reportRow(t.db, org, esId);
    expect(row).to.include({ status: 'ready', pages: 1, dataset_is_demo: true, locale: 'es-MX', size: esBytes.length });
    expect(row.author_name).to.equal(`analyst ${org.slug}`);
  });

  it('stores the SHA-256 of exactly the bytes it serves, as a PDF attachment', async () => {
    const row = await reportRow(t.db, org, esId);
    expect(row.sha256).to.equal(sha256(esBytes));
    expect(esBytes.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    const res = await download(analyst, esId);
    expect(res.headers['content-type']).to.equal('application/pdf');
    expect(res.headers['content-disposition']).to.match(/^attachment; filename="[A-Za-z0-9._-]+\.pdf"$/);
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    const detail = await analyst.get(`/reports/${esId}`);
    expect(detail.status).to.equal(200);
    expect(detail.text).to.include(`<code id="sha256">${row.sha256}</code>`);
    expect(detail.text).to.include(`/reports/${esId}/download`);
    const page = await analyst.get('/reports');
    expect(page.text).to.include(row.sha256);
    expect(page.text).to.include('Informe de proveedor: Café Soconusco');
  });

  it('logs every download in the audit log', async () => {
    const before = (await auditOf(t.db, org, 'report.downloaded')).length;
    await download(analyst, esId);
    const entries = await auditOf(t.db, org, 'report.downloaded');
    expect(entries.length).to.equal(before + 1);
    const last = entries.at(-1)!;
    expect(last.target_id).to.equal(esId);
    expect(last.actor_user_id).to.equal(org.users.analyst.id);
    expect(last.details.sha256).to.equal(sha256(esBytes));
  });

  it('writes an English report in English', async () => {
    const enId = await generate(t, analyst, { kind: 'supplier', supplierId, locale: 'en' });
    const bytes = (await download(analyst, enId)).body as Buffer;
    const pages = await pdfPages(bytes);
    const text = pages.join(' ');
    expect(text).to.include('Supplier report');
    expect(text).to.include('Municipality');
    expect(text).to.include(LEVEL_EN[territoryLevel]);
    expect(text).to.include(RFC);
    for (const page of pages) expect(page).to.include('demo — not official data');
    expect(text).to.not.include('Razón social');
    expect(text).to.not.include('Página');
  });

  it('verifies a genuine PDF (upload or pasted hash) and rejects a modified one, logging each check', async () => {
    const ok = await verifyUpload(analyst, esBytes);
    expect(ok.status).to.equal(200);
    expect(ok.text).to.include('data-matched="1"');
    expect(ok.text).to.include(`/reports/${esId}`);
    expect(ok.text).to.include(`analyst ${org.slug}`);

    const modified = Buffer.concat([esBytes, Buffer.from('\n% appended\n')]);
    const bad = await verifyUpload(analyst, modified);
    expect(bad.text).to.include('data-matched="0"');
    expect(bad.text).to.include('No coincide con ningún informe');

    await analyst.get('/reports/verify');
    const pasted = await analyst.agent.post(`/reports/verify?_csrf=${encodeURIComponent(analyst.csrf)}`).field('sha256', sha256(esBytes).toUpperCase());
    expect(pasted.text).to.include('data-matched="1"');

    const logged = await auditOf(t.db, org, 'report.verified');
    expect(logged.map((e) => e.details.matched.length)).to.deep.equal([1, 0, 1]);
    expect(logged[1].details.sha256).to.equal(sha256(modified));
  });

  it('refuses to serve a stored file that no longer matches its hash, and logs it', async () => {
    const id = await generate(t, analyst, { kind: 'supplier', supplierId, locale: 'es-MX' });
    const row = await reportRow(t.db, org, id);
    const file = path.join(STORAGE_DIR, row.file_path);
    const bytes = await readFile(file);
    bytes[bytes.length - 10] ^= 0x01;
    await writeFile(file, bytes);
    const res = await analyst.get(`/reports/${id}/download`);
    expect(res.status).to.equal(409);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.text).to.include('ya no coincide con su huella SHA-256');
    const logged = await auditOf(t.db, org, 'report.integrityFailed');
    expect(logged.at(-1)!.target_id).to.equal(id);
    expect(logged.at(-1)!.details.actual).to.equal(sha256(bytes));
  });

  it('keeps a generated report immutable in the database', async () => {
    let error: unknown;
    try {
      await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query(`UPDATE reports SET sha256 = repeat('0', 64) WHERE id = $1`, [esId]));
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/immutable/);
    error = undefined;
    try {
      await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query(`DELETE FROM reports WHERE id = $1`, [esId]));
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/permission denied/);
    expect((await reportRow(t.db, org, esId)).sha256).to.equal(sha256(esBytes));
  });

  it('lets an auditor list, download and verify, but not generate', async () => {
    const auditor = await signedIn(t, org, 'auditor');
    const list = await auditor.get('/reports');
    expect(list.status).to.equal(200);
    expect(list.text).to.include(`/reports/${esId}/download`);
    expect(list.text).to.not.include('id="generate-form"');
    const res = await download(auditor, esId);
    expect(res.status).to.equal(200);
    expect(sha256(res.body as Buffer)).to.equal(sha256(esBytes));
    const verified = await verifyUpload(auditor, esBytes);
    expect(verified.text).to.include('data-matched="1"');
    const refused = await auditor.post('/reports', { kind: 'supplier', supplierId, locale: 'es-MX' });
    expect(refused.status).to.equal(403);
    const downloads = await auditOf(t.db, org, 'report.downloaded');
    expect(downloads.at(-1)!.actor_user_id).to.equal(org.users.auditor.id);
  });

  it('ends an auditor\'s access at expiry', async () => {
    const auditor = await signedIn(t, org, 'auditor');
    await t.db.admin((q) =>
      q.query(`UPDATE memberships SET expires_at = now() - interval '1 minute' WHERE organization_id = $1 AND user_id = $2`, [org.id, org.users.auditor.id]),
    );
    const res = await auditor.get(`/reports/${esId}/download`);
    expect([302, 404]).to.include(res.status);
    expect(res.headers['content-type'] ?? '').to.not.include('application/pdf');
    if (res.status === 302) expect(res.headers.location).to.not.include('/reports');
  });

  it('answers 404 to another organisation, for the page, the download and a hash check', async () => {
    const other = await createOrg(t.db);
    const b = await signedIn(t, other, 'owner');
    expect((await b.get(`/reports/${esId}`)).status).to.equal(404);
    expect((await b.get(`/reports/${esId}/download`)).status).to.equal(404);
    const verified = await verifyUpload(b, esBytes);
    expect(verified.text).to.include('data-matched="0"');
    const asOther = await b.post('/reports', { kind: 'supplier', supplierId, locale: 'es-MX' });
    expect(asOther.status).to.equal(404);
  });
});
