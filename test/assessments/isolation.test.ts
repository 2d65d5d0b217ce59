import { expect } from 'chai';
import { buildTestApp, Browser, unique, type TestApp } from '../support/app.ts';
import { createOrg, engage, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplier } from './fixtures.ts';
import { importSmallTemplate, postMultipart, sendQuestionnaire, PDF } from './helpers.ts';

describe('assessments: tenant isolation', () => {
  let t: TestApp;
  let owner: TestOrg;
  let other: TestOrg;
  let assessmentId: string;
  let evidenceId: string;
  let templateId: string;
  let outsider: Browser;

  before(async () => {
    t = await buildTestApp();
    owner = await createOrg(t.db);
    other = await createOrg(t.db);
    const analyst = new Browser(t.app);
    await analyst.login(owner.users.analyst.email, PASSWORD);
    templateId = await importSmallTemplate(analyst);
    const { supplierId, siteId } = await addSupplier(t.db, owner, 'Proveedor reservado');
    const sent = await sendQuestionnaire(t, analyst, { supplierId, siteId, templateId, email: `${unique('c')}@x.test` });
    assessmentId = sent.id;
    const portal = new Browser(t.app);
    await portal.get(sent.link);
    const saved = await postMultipart(portal, sent.link, { has_policy: 'yes', checks_age: 'yes', notes: 'dato confidencial', action: 'save' },
      [{ field: 'upload_evidence', name: 'confidencial.pdf', content: PDF }]);
    expect(saved.status).to.equal(303);
    evidenceId = await t.db.tx({ orgId: owner.id, userId: null }, async (q) =>
      (await q.query<{ id: string }>(`SELECT id FROM evidence_files WHERE assessment_id = $1`, [assessmentId])).rows[0].id);
    outsider = new Browser(t.app);
    await outsider.login(other.users.owner.email, PASSWORD);
  });

  it("another organisation's users get 404 for the assessment, its answers, evidence and template", async () => {
    for (const path of [`/assessments/${assessmentId}`, `/evidence/${evidenceId}/download`, `/questionnaires/${templateId}`, `/questionnaires/${templateId}/export`]) {
      const res = await outsider.get(path);
      expect(res.status, path).to.equal(404);
      expect(res.text).to.not.contain('Proveedor reservado').and.not.contain('dato confidencial');
    }
    await outsider.get('/assessments');
    for (const action of ['review', 'revoke', 'send']) {
      const res = await outsider.post(`/assessments/${assessmentId}/${action}`, { decision: 'review' });
      expect(res.status, action).to.equal(404);
    }
    const list = await outsider.get('/assessments');
    expect(list.text).to.not.contain('Proveedor reservado');
    const evidence = await outsider.get('/evidence');
    expect(evidence.text).to.not.contain('confidencial.pdf');
  });

  it('cannot send its questionnaire to another tenant\u2019s supplier, nor use another tenant\u2019s template', async () => {
    const { supplierId: foreignSupplier } = await addSupplier(t.db, owner, 'Otro reservado', false);
    await outsider.get('/assessments/new');
    const res = await outsider.post('/assessments', { supplierId: foreignSupplier, templateId, dueDate: '2099-01-01', contactEmail: 'x@x.test', language: 'es-MX' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Elija un proveedor válido.');
    const { supplierId: ownSupplier } = await addSupplier(t.db, other, 'Propio', false);
    await outsider.get('/assessments/new');
    const res2 = await outsider.post('/assessments', { supplierId: ownSupplier, templateId, dueDate: '2099-01-01', contactEmail: 'x@x.test', language: 'es-MX' });
    expect(res2.status).to.equal(422);
    expect(res2.text).to.contain('Elija un cuestionario válido.');
  });

  it('a consultancy engaged as analyst reaches the client assessment, a viewer cannot review', async () => {
    const consultancy = await createOrg(t.db, 'consultancy');
    await engage(t.services, owner, consultancy, 'analyst');
    const consultant = new Browser(t.app);
    await consultant.login(consultancy.users.analyst.email, PASSWORD);
    await consultant.get('/orgs');
    await consultant.post('/orgs/switch', { orgId: owner.id });
    const page = await consultant.get(`/assessments/${assessmentId}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Proveedor reservado');
    const viewer = new Browser(t.app);
    await viewer.login(owner.users.viewer.email, PASSWORD);
    expect((await viewer.get(`/assessments/${assessmentId}`)).status).to.equal(200);
    expect((await viewer.post(`/assessments/${assessmentId}/review`, { decision: 'review' })).status).to.equal(403);
    expect((await viewer.get('/assessments/new')).status).to.equal(403);
  });
});
