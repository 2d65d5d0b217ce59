import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplierWithSites, auditActions } from './fixtures.ts';

async function signedIn(t: TestApp, email: string): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(email, PASSWORD)).status).to.equal(302);
  return b;
}

describe('remediation: four eyes on critical findings', () => {
  let t: TestApp;
  let org: TestOrg;
  let supplierId: string;
  const critical = () => t.services.remediation.findings.create(org.actor('analyst'), {
    supplierId, source: 'audit', category: 'child_labour_under_15', severity: 'critical', title: 'Niño de 12 años en la cosecha',
  });
  const status = async (id: string) => (await t.services.remediation.findings.get(org.actor('owner'), id));
  const requestId = async (id: string) => (await t.services.remediation.findingReview.list(org.actor('owner'), id)).find((r) => !r.decision)!.id;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    ({ supplierId } = await addSupplierWithSites(t.db, org));
  });

  it('closing a critical finding needs a reason and then another member\'s approval; the proposer cannot approve', async () => {
    const id = await critical();
    const admin = await signedIn(t, org.users.admin.email);
    await admin.get(`/findings/${id}`);
    const noReason = await admin.post(`/findings/${id}/status`, { status: 'closed' });
    expect(noReason.status).to.equal(422);
    expect(noReason.text).to.contain('para cerrar o bajar de gravedad un hallazgo crítico se necesita un motivo de al menos 10 caracteres');
    expect((await status(id)).status).to.equal('open');

    expect((await admin.post(`/findings/${id}/status`, { status: 'closed', reason: 'Verificado en visita: el niño está en la escuela.' })).status).to.equal(302);
    expect((await status(id)).status, 'still open until approved').to.equal('open');
    const again = await admin.post(`/findings/${id}/status`, { status: 'closed', reason: 'Segundo intento de cierre' });
    expect(again.status).to.equal(409);

    const pending = await requestId(id);
    const own = await admin.post(`/findings/changes/${pending}`, { decision: 'approved' });
    expect(own.status).to.equal(403);
    expect((await status(id)).status).to.equal('open');
    const page = await admin.get(`/findings/${id}`);
    expect(page.text).to.contain('Espera a otra persona');

    const analyst = await signedIn(t, org.users.analyst.email);
    await analyst.get(`/findings/${id}`);
    expect((await analyst.post(`/findings/changes/${pending}`, { decision: 'approved' })).status, 'analysts do not approve').to.equal(403);

    const owner = await signedIn(t, org.users.owner.email);
    expect((await owner.get(`/findings/${id}`)).text).to.contain(`action="/findings/changes/${pending}"`);
    expect((await owner.post(`/findings/changes/${pending}`, { decision: 'approved' })).status).to.equal(302);
    expect((await status(id)).status).to.equal('closed');
    expect((await owner.post(`/findings/changes/${pending}`, { decision: 'approved' })).status).to.equal(409);
    const audit = (await auditActions(t.db, org)).filter((a) => a.target_id === id).map((a) => [a.action, a.actor_user_id]);
    expect(audit).to.deep.include.members([
      ['finding.change_proposed', org.users.admin.id], ['finding.change_approved', org.users.owner.id],
    ]);
  });

  it('downgrading a critical finding is a proposal too; a rejection leaves it critical; other changes apply at once', async () => {
    const id = await critical();
    const analyst = await signedIn(t, org.users.analyst.email);
    await analyst.get(`/findings/${id}`);
    const form = { category: 'missing_controls', severity: 'medium', title: 'Niño de 12 años (corregido)' };
    expect((await analyst.post(`/findings/${id}`, form)).status).to.equal(422);
    expect((await analyst.post(`/findings/${id}`, { ...form, reason: 'Era un visitante, no trabajaba.' })).status).to.equal(302);
    let f = await status(id);
    expect([f.severity, f.category, f.title]).to.deep.equal(['critical', 'child_labour_under_15', 'Niño de 12 años (corregido)']);

    const owner = await signedIn(t, org.users.owner.email);
    await owner.get(`/findings/${id}`);
    expect((await owner.post(`/findings/changes/${await requestId(id)}`, { decision: 'rejected' })).status).to.equal(302);
    expect((await status(id)).severity).to.equal('critical');

    expect((await analyst.post(`/findings/${id}`, { ...form, reason: 'Segunda revisión con entrevistas.' })).status).to.equal(302);
    const admin = await signedIn(t, org.users.admin.email);
    await admin.get(`/findings/${id}`);
    expect((await admin.post(`/findings/changes/${await requestId(id)}`, { decision: 'approved' })).status).to.equal(302);
    f = await status(id);
    expect([f.severity, f.category]).to.deep.equal(['medium', 'missing_controls']);
    // No longer critical: it closes directly.
    expect((await admin.post(`/findings/${id}/status`, { status: 'closed' })).status).to.equal(302);
    expect((await status(id)).status).to.equal('closed');
  });

  it('another organisation cannot decide a proposal (404)', async () => {
    const id = await critical();
    await t.services.remediation.findings.setStatus(org.actor('admin'), id, 'closed', 'Motivo suficiente para cerrar');
    const other = await createOrg(t.db);
    const stranger = await signedIn(t, other.users.owner.email);
    await stranger.get('/findings');
    expect((await stranger.post(`/findings/changes/${await requestId(id)}`, { decision: 'approved' })).status).to.equal(404);
    expect((await status(id)).status).to.equal('open');
  });
});
