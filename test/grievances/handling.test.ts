import { expect } from 'chai';
import { Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { useOrgPerTest } from '../support/org-per-test.ts';
import { addSupplierWithSites } from '../remediation/fixtures.ts';
import { ACCOUNT, follow, submitReport } from './helpers.ts';
import { localToday } from '../../server/remediation/action.workflow.ts';

async function signedIn(t: TestApp, org: TestOrg, role: keyof TestOrg['users']): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(org.users[role].email, PASSWORD)).status).to.equal(302);
  return b;
}

describe('grievances: handling, triage and outcome', () => {
  const w = useOrgPerTest();

  it('the first reply acknowledges receipt, moves the feedback deadline and reaches the reporter', async () => {
    const r = await submitReport(w.t.app, w.t.db, w.org);
    const admin = await signedIn(w.t, w.org, 'admin');
    const list = await admin.get('/grievances');
    expect(list.status).to.equal(200);
    expect(list.text).to.contain(r.receipt).and.contain('Confirmar a más tardar');
    const page = await admin.get(`/grievances/${r.id}`);
    expect(page.text).to.contain(ACCOUNT);
    const res = await admin.post(`/grievances/${r.id}/reply`, { body: 'Recibimos su queja. La revisamos esta semana.' });
    expect(res.status).to.equal(303);
    const row = (await w.t.db.admin((q) => q.query<{ status: string; ack: boolean; fb: string; expected: string }>(
      `SELECT status, acknowledged_on = received_on AS ack, to_char(feedback_due_on, 'YYYY-MM-DD') AS fb,
              to_char(acknowledged_on + interval '3 months', 'YYYY-MM-DD') AS expected FROM grievance_reports WHERE id = $1`, [r.id]))).rows[0];
    expect(row.status).to.equal('acknowledged');
    expect(row.ack).to.equal(true);
    expect(row.fb).to.equal(row.expected);
    const seen = await follow(w.t.app, w.org.slug, r.receipt, r.secret);
    expect(seen.text).to.contain('Recibimos su queja. La revisamos esta semana.').and.contain('Equipo de atención').and.contain('Confirmada, en revisión');
    // Reading a report is logged.
    const viewed = await w.t.db.admin((q) => q.query(`SELECT 1 FROM audit_log WHERE organization_id = $1 AND action = 'grievance.viewed' AND target_id = $2`, [w.org.id, r.id]));
    expect(viewed.rowCount).to.equal(1);
  });

  it('opens only to handlers: viewers and auditors never, analysts once named; another tenant gets 404', async () => {
    const r = await submitReport(w.t.app, w.t.db, w.org);
    for (const role of ['viewer', 'auditor', 'analyst'] as const) {
      const b = await signedIn(w.t, w.org, role);
      expect((await b.get(`/grievances/${r.id}`)).status, role).to.equal(403);
      expect((await b.get('/grievances')).status, role).to.equal(403);
    }
    const owner = await signedIn(w.t, w.org, 'owner');
    await owner.get('/grievances/handlers');
    expect((await owner.post('/grievances/handlers', { userId: w.org.users.viewer.id })).status).to.equal(422);
    expect((await owner.post('/grievances/handlers', { userId: w.org.users.analyst.id })).status).to.equal(303);
    const analyst = await signedIn(w.t, w.org, 'analyst');
    const page = await analyst.get(`/grievances/${r.id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain(ACCOUNT);

    const other = await createOrg(w.t.db);
    const stranger = await signedIn(w.t, other, 'owner');
    expect((await stranger.get(`/grievances/${r.id}`)).status).to.equal(404);
    expect((await stranger.post(`/grievances/${r.id}/reply`, { body: 'hola' })).status).to.equal(404);
  });

  it('triage opens a finding linked both ways without copying the account, and the outcome goes back to the reporter', async () => {
    const { supplierId, siteIds } = await addSupplierWithSites(w.t.db, w.org, { sites: [{ name: 'Finca Tapachula', territory: '07089' }] });
    const r = await submitReport(w.t.app, w.t.db, w.org, { siteId: siteIds[0] });
    const admin = await signedIn(w.t, w.org, 'admin');
    await admin.get(`/grievances/${r.id}`);
    const bad = await admin.post(`/grievances/${r.id}/finding`, { supplierId, siteId: siteIds[0], category: 'child_labour_under_15', severity: 'critical', title: 'x' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('El título debe tener de 3 a 200 caracteres');
    const res = await admin.post(`/grievances/${r.id}/finding`, { supplierId, siteId: siteIds[0], category: 'child_labour_under_15', severity: 'critical', title: 'Niñas cortando café (queja)' });
    expect(res.status).to.equal(303);
    const link = (await w.t.db.admin((q) => q.query<{ finding_id: string }>(`SELECT finding_id FROM grievance_reports WHERE id = $1`, [r.id]))).rows[0];
    const finding = (await w.t.db.admin((q) => q.query<{ source: string; site_id: string; description: string }>(`SELECT source, site_id, description FROM findings WHERE id = $1`, [link.finding_id]))).rows[0];
    expect(finding.source).to.equal('grievance');
    expect(finding.site_id).to.equal(siteIds[0]);
    expect(finding.description).to.contain(r.receipt).and.not.contain('parcela 4');
    const page = await admin.get(`/grievances/${r.id}`);
    expect(page.text).to.contain('Se abrió el hallazgo.');
    expect(page.text).to.contain(`href="/findings/${link.finding_id}"`).and.contain(`/cases/new?findingId=${link.finding_id}`);
    expect((await admin.post(`/grievances/${r.id}/finding`, { supplierId, category: 'missing_controls', severity: 'low', title: 'Otra vez' })).status).to.equal(409);

    // A child's case opened from that finding (the case form's ?findingId=) shows on the grievance.
    const caseId = await w.t.services.remediation.cases.create(w.org.actor('admin'), {
      siteId: siteIds[0], findingId: link.finding_id, age: 11, sex: 'female', indigenous: null, migrant: null, sensitiveConsentOn: null,
      situation: 'under_minimum_age', notes: null, identifiedOn: localToday(),
    });
    expect((await admin.get(`/grievances/${r.id}`)).text).to.contain(`href="/cases/${caseId}"`);

    expect((await admin.post(`/grievances/${r.id}/close`, { outcome: 'substantiated', note: 'Las niñas fueron inscritas en la escuela y el proveedor tiene un plan.' })).status).to.equal(303);
    const seen = await follow(w.t.app, w.org.slug, r.receipt, r.secret);
    expect(seen.text).to.contain('Se confirmó lo reportado').and.contain('Las niñas fueron inscritas en la escuela').and.contain('Cerrada con resultado');
    expect(seen.text).to.not.contain('id="reply-form"');
    const stats = await admin.get('/grievances');
    expect(stats.text).to.contain('1 recibidas · 0 abiertas');
  });

  it('emits grievance.received and grievance.acknowledged with ids and category only', async () => {
    await w.t.db.admin((q) => q.query(
      `INSERT INTO webhook_endpoints (organization_id, url, events, secret_sealed) VALUES ($1, 'https://erp.example.test/hook', $2, 'sealed')`,
      [w.org.id, ['grievance.received', 'grievance.acknowledged']]));
    const r = await submitReport(w.t.app, w.t.db, w.org, { contact: 'tel 962 000 0000', place: 'Rancho El Sauz' });
    const admin = await signedIn(w.t, w.org, 'admin');
    await admin.get(`/grievances/${r.id}`);
    await admin.post(`/grievances/${r.id}/reply`, { body: 'Recibida.' });
    const bodies = (await w.t.db.admin((q) => q.query<{ event: string; body: string }>(`SELECT event, body FROM webhook_deliveries WHERE organization_id = $1 ORDER BY created_at`, [w.org.id]))).rows;
    expect(bodies.map((b) => b.event)).to.deep.equal(['grievance.received', 'grievance.acknowledged']);
    for (const b of bodies) {
      expect(JSON.parse(b.body).data).to.deep.equal({ grievanceId: r.id, category: 'child_labour' });
      // The whole phone number: '962' alone also turns up inside random ids now and then (a flaky failure in CI).
      expect(b.body).to.not.contain(r.receipt).and.not.contain('962 000 0000').and.not.contain('Sauz');
    }
  });
});
