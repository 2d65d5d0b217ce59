import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, type TestOrg } from '../support/factories.ts';
import { addSupplierWithSites } from '../remediation/fixtures.ts';
import { sha256 } from '../reports/support.ts';
import { ensureClientBuild } from '../support/client-build.ts';
import { apiClient } from './contract.ts';

describe('API v1: reports (request, status, download, verify)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let org: TestOrg;
  let writer: ReturnType<typeof apiClient>;
  let reader: ReturnType<typeof apiClient>;
  let outsider: ReturnType<typeof apiClient>;
  let farm: { supplierId: string; siteIds: string[] };

  before(async () => {
    ensureClientBuild(); // the report page draws its charts with the built bundle
    t = await buildTestApp();
    org = await createOrg(t.db);
    farm = await addSupplierWithSites(t.db, org, { name: 'Huerta Reportada' });
    writer = apiClient(t.app, (await t.services.apiKeys.create(org.actor('admin'), { name: 'ERP', role: 'analyst' })).key);
    reader = apiClient(t.app, (await t.services.apiKeys.create(org.actor('admin'), { name: 'BI', role: 'viewer' })).key);
    const other = await createOrg(t.db);
    outsider = apiClient(t.app, (await t.services.apiKeys.create(other.actor('admin'), { name: 'X', role: 'analyst' })).key);
  });

  after(() => t.services.reports.close());

  it('queues a supplier report, reports its status, serves the PDF and verifies its hash', async () => {
    const queued = await writer.post('/api/v1/reports', { kind: 'supplier', locale: 'en', supplierId: farm.supplierId });
    expect(queued.status).to.equal(202);
    expect(queued.body).to.include({ status: 'queued', kind: 'supplier', download: null });
    const job = await reader.get(`/api/v1/jobs/${queued.body.jobId}`);
    expect(job.body.status).to.equal('queued');
    await t.services.jobs.drain();
    const ready = await reader.get(`/api/v1/reports/${queued.body.id}`);
    expect(ready.body.status, JSON.stringify(ready.body)).to.equal('ready');
    expect(ready.body.sha256).to.match(/^[0-9a-f]{64}$/);
    const pdf = await reader.get(ready.body.download);
    expect(pdf.status).to.equal(200);
    expect(pdf.headers['content-type']).to.equal('application/pdf');
    expect(sha256(pdf.body)).to.equal(ready.body.sha256);
    const verified = await reader.post('/api/v1/reports/verify', { sha256: ready.body.sha256.toUpperCase() });
    expect(verified.status).to.equal(200);
    expect(verified.body.matches.map((m: { id: string }) => m.id)).to.deep.equal([queued.body.id]);
    expect((await outsider.post('/api/v1/reports/verify', { sha256: ready.body.sha256 })).body.matches).to.deep.equal([]);
    expect((await outsider.get(`/api/v1/reports/${queued.body.id}/download`)).status).to.equal(404);
    const list = await reader.get('/api/v1/reports?limit=1');
    expect(list.body.data[0].id).to.equal(queued.body.id);
  });

  it('names bad fields, and refuses a request from a read-only key', async () => {
    const bad = await writer.post('/api/v1/reports', { kind: 'supplier', locale: 'en' });
    expect(bad.status).to.equal(422);
    expect(bad.body.errors[0].field).to.equal('supplierId');
    const order = await writer.post('/api/v1/reports', { kind: 'company', locale: 'es-MX', periodFrom: '2026-05-01', periodTo: '2026-01-01' });
    expect(order.body.errors[0].field).to.equal('periodTo');
    expect((await writer.post('/api/v1/reports/verify', { sha256: 'abc' })).body.errors[0].field).to.equal('sha256');
    expect((await reader.post('/api/v1/reports', { kind: 'company', locale: 'en' })).status).to.equal(403);
  });
});
