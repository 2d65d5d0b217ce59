import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { Browser } from '../support/app.ts';
import { createOrg } from '../support/factories.ts';
import { addSupplier } from '../assessments/fixtures.ts';
import { analystWithTemplate, postMultipart, PDF, type AnalystSetup } from '../assessments/helpers.ts';
import { addDays, dayOf } from '../../server/assessments/assessment.dates.ts';
import { apiClient } from './contract.ts';

describe('API v1: assessments, answers and evidence', () => {
  let s: AnalystSetup;
  let writer: ReturnType<typeof apiClient>;
  let reader: ReturnType<typeof apiClient>;
  let outsider: ReturnType<typeof apiClient>;
  let supplier: { supplierId: string; siteId: string | null };
  let assessmentId: string;
  let evidenceId: string;
  const due = addDays(dayOf(), 10);

  before(async () => {
    s = await analystWithTemplate();
    supplier = await addSupplier(s.t.db, s.org, 'Finca API');
    writer = apiClient(s.t.app, (await s.t.services.apiKeys.create(s.org.actor('admin'), { name: 'ERP', role: 'analyst' })).key);
    reader = apiClient(s.t.app, (await s.t.services.apiKeys.create(s.org.actor('admin'), { name: 'BI', role: 'viewer' })).key);
    const other = await createOrg(s.t.db);
    outsider = apiClient(s.t.app, (await s.t.services.apiKeys.create(other.actor('admin'), { name: 'X', role: 'analyst' })).key);
  });

  it('creates and sends an assessment (the supplier gets its link), replaying an idempotent retry', async () => {
    const body = { supplierId: supplier.supplierId, siteId: supplier.siteId, templateId: s.templateId, dueDate: due, contactEmail: 'api@proveedor.test', language: 'en' };
    const res = await writer.post('/api/v1/assessments', body, { 'Idempotency-Key': 'assess-1' });
    expect(res.status).to.equal(201);
    expect(res.body).to.deep.include({ status: 'sent', dueDate: due, contactEmail: 'api@proveedor.test', overdue: false });
    expect(res.body.supplier).to.deep.equal({ id: supplier.supplierId, legalName: 'Finca API' });
    assessmentId = res.body.id;
    const mails = s.t.mailer.sent.filter((m) => m.to === 'api@proveedor.test').length;
    const retry = await writer.post('/api/v1/assessments', body, { 'Idempotency-Key': 'assess-1' });
    expect(retry.body.id).to.equal(assessmentId);
    expect(s.t.mailer.sent.filter((m) => m.to === 'api@proveedor.test').length).to.equal(mails);
    expect((await reader.get(`/api/v1/assessments?supplierId=${supplier.supplierId}`)).body.data.map((a: { id: string }) => a.id)).to.deep.equal([assessmentId]);
  });

  it('answers 422 naming fields, 403 to a read-only key, 404 to another tenant', async () => {
    const bad = await writer.post('/api/v1/assessments', { supplierId: 'x', dueDate: '2026-13-40', contactEmail: 'nope', language: 'fr' });
    expect(bad.status).to.equal(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include.members(['supplierId', 'dueDate', 'contactEmail', 'language']);
    const past = await writer.post('/api/v1/assessments', { supplierId: supplier.supplierId, dueDate: '2020-01-01', contactEmail: 'a@b.test', language: 'en' });
    expect(past.status).to.equal(422);
    expect(past.body.errors[0].field).to.equal('dueDate');
    expect((await reader.post(`/api/v1/assessments/${assessmentId}/send`, {})).status).to.equal(403);
    expect((await outsider.get(`/api/v1/assessments/${assessmentId}`)).status).to.equal(404);
    expect((await outsider.get(`/api/v1/assessments/${assessmentId}/answers`)).status).to.equal(404);
    expect((await outsider.post(`/api/v1/assessments/${assessmentId}/review`, { decision: 'review' })).status).to.equal(404);
    expect((await writer.post(`/api/v1/assessments/${assessmentId}/review`, { decision: 'review' })).status).to.equal(409);
  });

  it('reads the answers and evidence the supplier submitted, downloads the file, and reviews', async () => {
    const link = s.t.mailer.linkIn(s.t.mailer.lastTo('api@proveedor.test'));
    const portal = new Browser(s.t.app);
    await portal.get(link);
    const saved = await postMultipart(portal, link, { has_policy: 'yes', workers_count: '10', checks_age: 'yes', action: 'save' }, [{ field: 'upload_evidence', name: 'política.pdf', content: PDF }]);
    expect(saved.status).to.equal(303);
    const files = await reader.get('/api/v1/evidence');
    expect(files.body.data).to.have.length(1);
    evidenceId = files.body.data[0].id;
    const full = { has_policy: 'yes', policy_channels: ['a', 'c'], workers_count: '10', youngest_age: '14', checks_age: 'yes', docs: 'curp', evidence: evidenceId };
    expect((await postMultipart(portal, link, { ...full, action: 'submit' })).status).to.equal(303);

    const answers = await reader.get(`/api/v1/assessments/${assessmentId}/answers`);
    expect(answers.status).to.equal(200);
    expect(answers.body.status).to.equal('submitted');
    expect(answers.body.answers.find((a: { questionId: string }) => a.questionId === 'youngest_age').answer).to.equal(14);
    expect(answers.body.evaluation.redFlags.map((f: { code: string }) => f.code)).to.include('under15');
    expect(answers.body.evidence[0]).to.include({ id: evidenceId, name: 'política.pdf', mime: 'application/pdf', sha256: createHash('sha256').update(PDF).digest('hex') });

    const meta = await reader.get(`/api/v1/evidence/${evidenceId}`);
    expect(meta.body).to.include({ size: PDF.length, download: `/api/v1/evidence/${evidenceId}/download` });
    const file = await reader.get(`/api/v1/evidence/${evidenceId}/download`);
    expect(file.status).to.equal(200);
    expect(file.headers['content-disposition']).to.contain('attachment');
    expect(Buffer.from(file.body).equals(PDF)).to.equal(true);
    expect((await outsider.get(`/api/v1/evidence/${evidenceId}/download`)).status).to.equal(404);
    const logged = await s.t.db.tx({ orgId: s.org.id, userId: null }, (q) => q.query(`SELECT 1 FROM audit_log WHERE action = 'evidence.downloaded' AND target_id = $1`, [evidenceId]));
    expect(logged.rows).to.have.length(1);

    const reviewed = await writer.post(`/api/v1/assessments/${assessmentId}/review`, { decision: 'review', comments: { youngest_age: 'Revisado con el proveedor.' } });
    expect(reviewed.status).to.equal(200);
    expect(reviewed.body.status).to.equal('reviewed');
    expect(reviewed.body.controlsScore).to.be.a('number');
    const after = await reader.get(`/api/v1/assessments/${assessmentId}/answers`);
    expect(after.body.answers.find((a: { questionId: string }) => a.questionId === 'youngest_age').reviewerComment).to.equal('Revisado con el proveedor.');
  });

  it('pages assessments with a cursor and filters by status', async () => {
    for (let i = 0; i < 3; i++) {
      await writer.post('/api/v1/assessments', { supplierId: supplier.supplierId, templateId: s.templateId, dueDate: due, contactEmail: 'otro@proveedor.test', language: 'es-MX', send: false });
    }
    const first = await reader.get('/api/v1/assessments?status=draft&limit=2');
    expect(first.body.data).to.have.length(2);
    expect(first.body.data.every((a: { status: string }) => a.status === 'draft')).to.equal(true);
    const second = await reader.get(`/api/v1/assessments?status=draft&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data).to.have.length(1);
    expect(second.body.nextCursor).to.equal(null);
    expect((await reader.get('/api/v1/assessments?status=nonsense')).body.errors[0].field).to.equal('query.status');
  });
});
