import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';
import { ValidationFailed } from '../../server/errors.ts';

describe('background jobs', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
    // A stand-in kind: the queue mechanics are what is under test here.
    t.services.jobs.register('rescore', async ({ job, progress }) => {
      const n = Number(job.payload.count);
      if (job.payload.fail) {
        throw new ValidationFailed([{ row: 3, field: 'tax_id', key: 'auth.errors.passwordMismatch' }]);
      }
      for (let i = 1; i <= n; i++) await progress(i, n);
      return { counted: n };
    });
  });

  it('runs a queued job with progress and shows the outcome to its organisation only', async () => {
    const o = await createOrg(t.db);
    const other = await createOrg(t.db);
    const id = await t.services.jobs.enqueue(o.actor('analyst'), 'rescore', { count: 4 });
    const b = new Browser(t.app);
    await b.login(o.users.viewer.email, PASSWORD);
    const queued = await b.agent.get(`/api/v1/jobs/${id}`).set('Accept', 'application/json');
    expect(queued.body).to.include({ status: 'queued', percent: 0 });
    expect(await t.services.jobs.drain()).to.be.greaterThan(0);
    const done = await b.agent.get(`/api/v1/jobs/${id}`);
    expect(done.body).to.deep.include({ status: 'succeeded', percent: 100, done: 4, total: 4, result: { counted: 4 } });
    const page = await b.get(`/jobs/${id}`);
    expect(page.text).to.contain('Terminado');
    const outsider = new Browser(t.app);
    await outsider.login(other.users.owner.email, PASSWORD);
    expect((await outsider.get(`/jobs/${id}`)).status).to.equal(404);
  });

  it('stores a failure with the rows to fix', async () => {
    const o = await createOrg(t.db);
    const id = await t.services.jobs.enqueue(o.actor('analyst'), 'rescore', { fail: true });
    await t.services.jobs.drain();
    const b = new Browser(t.app);
    await b.login(o.users.analyst.email, PASSWORD);
    const page = await b.get(`/jobs/${id}`);
    expect(page.text).to.contain('Falló');
    expect(page.text).to.contain('tax_id');
    expect(page.text).to.contain('Las contraseñas no coinciden');
  });
});
