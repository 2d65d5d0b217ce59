import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { claimNextJob } from '../../server/jobs/job.queries.ts';
import { csvBytes, suppliersOf, text, uploadToPreview } from '../suppliers/import-flow/support.ts';

const HEADER = ['Razón social', 'RFC', 'Sitio', 'Estado', 'Municipio', 'Trabajadores'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A worker that dies mid-job is simulated by claiming the job with a one-second lease
 * from "another worker" and never renewing it, as a SIGKILLed process would leave it.
 */
describe('background jobs: leases after a worker dies', () => {
  let t: TestApp;
  let org: TestOrg;
  let analyst: Browser;

  before(async () => {
    t = await buildTestApp();
  });
  beforeEach(async () => {
    org = await createOrg(t.db);
    analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
  });

  async function queuedImport(): Promise<{ importId: string; jobId: string }> {
    const bytes = csvBytes([
      { 'Razón social': 'Empacadora Lease', RFC: 'ELE010101AA1', Sitio: 'Planta', Estado: 'Sonora', Municipio: 'Hermosillo', Trabajadores: '12' },
    ], HEADER);
    const { id } = await uploadToPreview(analyst, bytes);
    const res = await analyst.post(`/suppliers/import/${id}/commit`);
    return { importId: id, jobId: /\/jobs\/(.+)$/.exec(res.headers.location)![1] };
  }

  /** "Another worker" takes this job (and only this one) with a short lease, then dies. */
  async function claimAndDie(jobId: string) {
    const claimed = await t.db.admin(async (q) => {
      await q.query(`UPDATE jobs SET run_after = now() + interval '1 hour' WHERE status = 'queued' AND id <> $1`, [jobId]);
      const job = await claimNextJob(q, ['supplierImport'], 1);
      await q.query(`UPDATE jobs SET run_after = now() WHERE status = 'queued' AND run_after > now() + interval '50 minutes'`);
      return job;
    });
    expect(claimed?.id).to.equal(jobId);
    await sleep(1_100);
  }

  const jobRow = (id: string) => t.db.admin(async (q) =>
    (await q.query<{ status: string; attempts: number; error: { key: string } | null }>(`SELECT status, attempts, error FROM jobs WHERE id = $1`, [id])).rows[0]);

  it('gives a lapsed job back to the queue, shows it as retrying, and completes it once', async () => {
    const { jobId } = await queuedImport();
    await claimAndDie(jobId);
    const page = await analyst.get(`/jobs/${jobId}`);
    expect(text(page.text)).to.contain('En proceso');
    expect(await t.services.jobs.reclaimLapsed()).to.be.greaterThanOrEqual(1);
    expect(await jobRow(jobId)).to.include({ status: 'queued', attempts: 1 });
    expect(text((await analyst.get(`/jobs/${jobId}`)).text)).to.contain('Reintentando (intento 2 de 3)');
    await sleep(1_100); // the first retry waits one second
    await t.services.jobs.drain();
    expect(await jobRow(jobId)).to.include({ status: 'succeeded', attempts: 2 });
    expect((await suppliersOf(t, org.id)).map((s) => s.legal_name)).to.deep.equal(['Empacadora Lease']);
  });

  it('fails a job whose worker died on every attempt, marks the import failed, and lets the analyst retry it', async () => {
    const { importId, jobId } = await queuedImport();
    await t.db.admin((q) => q.query(`UPDATE jobs SET max_attempts = 1 WHERE id = $1`, [jobId]));
    await claimAndDie(jobId);
    await t.services.jobs.reclaimLapsed();
    const failed = await jobRow(jobId);
    expect(failed.status).to.equal('failed');
    expect(failed.error?.key).to.equal('jobs.abandoned');
    const status = await t.db.admin(async (q) => (await q.query<{ status: string }>(`SELECT status FROM supplier_imports WHERE id = $1`, [importId])).rows[0].status);
    expect(status).to.equal('failed');
    expect(await suppliersOf(t, org.id)).to.have.length(0);

    const page = await analyst.get(`/jobs/${jobId}`);
    expect(text(page.text)).to.contain('se interrumpió 1 veces').and.contain('Intentar de nuevo');
    const viewer = new Browser(t.app);
    await viewer.login(org.users.viewer.email, PASSWORD);
    expect((await viewer.get(`/jobs/${jobId}`)).text).to.not.contain('data-job-retry');
    await viewer.get(`/jobs/${jobId}`);
    expect((await viewer.post(`/jobs/${jobId}/retry`)).status).to.equal(404);

    const retried = await analyst.post(`/jobs/${jobId}/retry`);
    expect(retried.status).to.equal(303);
    await t.services.jobs.drain();
    expect(await jobRow(jobId)).to.include({ status: 'succeeded' });
    expect((await suppliersOf(t, org.id)).map((s) => s.legal_name)).to.deep.equal(['Empacadora Lease']);
  });

  it('never reclaims a job its own process is still running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    t.services.jobs.register('leaseProbe', async () => {
      await gate;
      return { ok: true };
    });
    const id = await t.services.jobs.enqueue(org.actor('analyst'), 'leaseProbe', {});
    await t.db.admin((q) => q.query(`UPDATE jobs SET run_after = now() + interval '1 hour' WHERE status = 'queued' AND id <> $1`, [id]));
    const run = t.services.jobs.runOne();
    await sleep(100);
    await t.db.admin((q) => q.query(`UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [id]));
    await t.services.jobs.reclaimLapsed();
    expect((await jobRow(id)).status).to.equal('running');
    release();
    await run;
    await t.db.admin((q) => q.query(`UPDATE jobs SET run_after = now() WHERE status = 'queued' AND run_after > now() + interval '50 minutes'`));
    expect((await jobRow(id)).status).to.equal('succeeded');
  });
});

describe('background jobs: fair across tenants', () => {
  it('serves an organisation that has waited before another\'s long queue', async () => {
    const t = await buildTestApp();
    const a = await createOrg(t.db);
    const b = await createOrg(t.db);
    const ran: string[] = [];
    t.services.jobs.register('fairProbe', async ({ job }) => {
      ran.push(String(job.payload.label));
    });
    // Other files' leftovers wait, so only this test's jobs are due.
    await t.db.admin((q) => q.query(`UPDATE jobs SET run_after = now() + interval '1 hour' WHERE status = 'queued'`));
    for (const label of ['A1', 'A2', 'A3']) await t.services.jobs.enqueue(a.actor('analyst'), 'fairProbe', { label });
    await t.services.jobs.runOne();
    await t.services.jobs.enqueue(b.actor('analyst'), 'fairProbe', { label: 'B1' });
    while (await t.services.jobs.runOne());
    await t.db.admin((q) => q.query(`UPDATE jobs SET run_after = now() WHERE status = 'queued' AND run_after > now() + interval '50 minutes'`));
    expect(ran).to.deep.equal(['A1', 'B1', 'A2', 'A3']);
  });
});
