import { expect } from 'chai';
import { sha256 } from '../reports/support.ts';
import { ensureClientBuild } from '../support/client-build.ts';
import { apiWorld, type ApiWorld } from './world.ts';

describe('API v1: reports (request, status, download, verify)', function () {
  this.timeout(120_000);
  let w: ApiWorld;

  before(async () => {
    ensureClientBuild(); // the report page draws its charts with the built bundle
    w = await apiWorld('Huerta Reportada');
  });

  after(() => w.t.services.reports.close());

  it('queues a supplier report, reports its status, serves the PDF and verifies its hash', async () => {
    const queued = await w.writer.post('/api/v1/reports', { kind: 'supplier', locale: 'en', supplierId: w.farm.supplierId });
    expect(queued.status).to.equal(202);
    expect(queued.body).to.include({ status: 'queued', kind: 'supplier', download: null });
    const job = await w.reader.get(`/api/v1/jobs/${queued.body.jobId}`);
    expect(job.body.status).to.equal('queued');
    await w.t.services.jobs.drain();
    const ready = await w.reader.get(`/api/v1/reports/${queued.body.id}`);
    expect(ready.body.status, JSON.stringify(ready.body)).to.equal('ready');
    expect(ready.body.sha256).to.match(/^[0-9a-f]{64}$/);
    const pdf = await w.reader.get(ready.body.download);
    expect(pdf.status).to.equal(200);
    expect(pdf.headers['content-type']).to.equal('application/pdf');
    expect(sha256(pdf.body)).to.equal(ready.body.sha256);
    const verified = await w.reader.post('/api/v1/reports/verify', { sha256: ready.body.sha256.toUpperCase() });
    expect(verified.status).to.equal(200);
    expect(verified.body.matches.map((m: { id: string }) => m.id)).to.deep.equal([queued.body.id]);
    expect((await w.outsider.post('/api/v1/reports/verify', { sha256: ready.body.sha256 })).body.matches).to.deep.equal([]);
    expect((await w.outsider.get(`/api/v1/reports/${queued.body.id}/download`)).status).to.equal(404);
    const list = await w.reader.get('/api/v1/reports?limit=1');
    expect(list.body.data[0].id).to.equal(queued.body.id);
  });

  it('names bad fields, and refuses a request from a read-only key', async () => {
    const bad = await w.writer.post('/api/v1/reports', { kind: 'supplier', locale: 'en' });
    expect(bad.status).to.equal(422);
    expect(bad.body.errors[0].field).to.equal('supplierId');
    const order = await w.writer.post('/api/v1/reports', { kind: 'company', locale: 'es-MX', periodFrom: '2026-05-01', periodTo: '2026-01-01' });
    expect(order.body.errors[0].field).to.equal('periodTo');
    expect((await w.writer.post('/api/v1/reports/verify', { sha256: 'abc' })).body.errors[0].field).to.equal('sha256');
    expect((await w.reader.post('/api/v1/reports', { kind: 'company', locale: 'en' })).status).to.equal(403);
  });
});
