import { expect } from 'chai';
import { buildTestApp, Browser, unique, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplier } from './fixtures.ts';
import { importSmallTemplate, postMultipart, sendQuestionnaire, PDF, EXE, PNG } from './helpers.ts';

describe('assessments: evidence uploads and downloads', () => {
  let t: TestApp;
  let org: TestOrg;
  let analyst: Browser;
  let link: string;
  let assessmentId: string;
  let portal: Browser;

  const count = () => t.db.tx({ orgId: org.id, userId: null }, async (q) =>
    (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM evidence_files WHERE assessment_id = $1`, [assessmentId])).rows[0].n);

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
    const templateId = await importSmallTemplate(analyst);
    const { supplierId, siteId } = await addSupplier(t.db, org, 'Agrícola San José');
    ({ id: assessmentId, link } = await sendQuestionnaire(t, analyst, { supplierId, siteId, templateId, email: `${unique('c')}@x.test` }));
    portal = new Browser(t.app);
    await portal.get(link);
  });

  const upload = (name: string, content: Buffer) =>
    postMultipart(portal, link, { checks_age: 'yes', action: 'save' }, [{ field: 'upload_evidence', name, content }]);

  it('refuses files over 10 MB, disguised programs, unknown and mismatched types, saving nothing', async () => {
    const tooBig = await upload('grande.pdf', Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]));
    expect(tooBig.status).to.equal(422);
    expect(tooBig.text).to.contain('Un archivo supera el máximo de 10 MB; no se guardó nada.');
    const exe = await upload('politica.pdf', EXE);
    expect(exe.status).to.equal(422);
    expect(exe.text).to.contain('“politica.pdf” es de un tipo no permitido (exe)');
    const gif = await upload('foto.gif', Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;', 'latin1'));
    expect(gif.status).to.equal(422);
    expect(gif.text).to.contain('“foto.gif” es de un tipo no permitido (gif)');
    const script = await upload('notas.txt', Buffer.from('#!/bin/sh\nrm -rf /\n'));
    expect(script.status).to.equal(422);
    expect(script.text).to.contain('No se reconoce el tipo de “notas.txt”');
    const renamed = await upload('foto.png', PDF);
    expect(renamed.status).to.equal(422);
    expect(renamed.text).to.contain('El contenido de “foto.png” (pdf) no corresponde a su extensión.');
    expect(await count()).to.equal(0);
    // The rejected answers were not saved either.
    const stored = await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query(`SELECT 1 FROM assessment_answers WHERE assessment_id = $1`, [assessmentId]));
    expect(stored.rowCount).to.equal(0);
  });

  it('accepts PDF, PNG and CSV by content and serves them only as attachments to authorised users, audit-logged', async () => {
    const res = await postMultipart(portal, link, { checks_age: 'yes', action: 'save' }, [
      { field: 'upload_evidence', name: 'registro edades.pdf', content: PDF },
      { field: 'upload_evidence', name: 'credencial.png', content: PNG },
      { field: 'upload_evidence', name: 'plantilla.csv', content: Buffer.from('nombre,edad\nAna,17\n') },
    ]);
    expect(res.status, res.text).to.equal(303);
    expect((await portal.get(res.headers.location)).text).to.contain('Borrador guardado con 3 archivos nuevos.');
    const files = await t.db.tx({ orgId: org.id, userId: null }, async (q) =>
      (await q.query<{ id: string; mime: string; original_name: string }>(`SELECT id, mime, original_name FROM evidence_files WHERE assessment_id = $1 ORDER BY original_name`, [assessmentId])).rows);
    expect(files.map((f) => [f.original_name, f.mime])).to.deep.equal([
      ['credencial.png', 'image/png'], ['plantilla.csv', 'text/csv'], ['registro edades.pdf', 'application/pdf'],
    ]);
    const pdf = files.find((f) => f.mime === 'application/pdf')!;

    // The auditor can download evidence (but not open or review the assessment).
    const auditor = new Browser(t.app);
    await auditor.login(org.users.auditor.email, PASSWORD);
    const list = await auditor.get('/evidence');
    expect(list.status).to.equal(200);
    expect(list.text).to.contain('registro edades.pdf').and.contain('Agrícola San José');
    // The question's text and the questionnaire's title, not their ids or keys.
    expect(list.text).to.contain('<td>Procedimiento <span class="muted">· ').and.contain('Versión 3');
    expect(list.text).to.not.contain('<code>evidence</code>');
    const dl = await auditor.agent.get(`/evidence/${pdf.id}/download`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(dl.status).to.equal(200);
    expect(dl.headers['content-type']).to.equal('application/pdf');
    expect(dl.headers['content-disposition']).to.equal(`attachment; filename="registro edades.pdf"; filename*=UTF-8''registro%20edades.pdf`);
    expect(dl.headers['x-content-type-options']).to.equal('nosniff');
    expect((dl.body as Buffer).equals(PDF)).to.equal(true);
    expect((await auditor.get(`/assessments/${assessmentId}`)).status).to.equal(200);
    await auditor.get('/evidence');
    expect((await auditor.post(`/assessments/${assessmentId}/review`, { decision: 'review' })).status).to.equal(403);

    const audit = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ actor_user_id: string; actor_label: string; details: { sha256: string; name: string } }>(
        `SELECT actor_user_id, actor_label, details FROM audit_log WHERE action = 'evidence.downloaded' AND target_id = $1`, [pdf.id]));
    expect(audit.rows).to.have.length(1);
    expect(audit.rows[0].actor_user_id).to.equal(org.users.auditor.id);
    expect(audit.rows[0].details.name).to.equal('registro edades.pdf');
    const uploads = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ actor_label: string }>(`SELECT actor_label FROM audit_log WHERE action = 'evidence.uploaded' AND details->>'assessmentId' = $1`, [assessmentId]));
    expect(uploads.rows.map((r) => r.actor_label)).to.deep.equal(['supplier (portal)', 'supplier (portal)', 'supplier (portal)']);

    // Nobody signed out, and the portal holder, can download.
    expect((await new Browser(t.app).get(`/evidence/${pdf.id}/download`)).status).to.equal(302);
    expect((await portal.get(`/evidence/${pdf.id}/download`)).status).to.equal(302);
  });

  it('a file answer can only name evidence of its own assessment and question', async () => {
    const other = await t.db.tx({ orgId: org.id, userId: null }, async (q) =>
      (await q.query<{ id: string }>(`SELECT id FROM evidence_files WHERE assessment_id = $1 LIMIT 1`, [assessmentId])).rows[0].id);
    const res = await postMultipart(portal, link, { checks_age: 'yes', evidence: [other, '00000000-0000-4000-8000-000000000000'], action: 'save' });
    expect(res.status).to.equal(303);
    const answer = await t.db.tx({ orgId: org.id, userId: null }, async (q) =>
      (await q.query<{ answer: string[] }>(`SELECT answer FROM assessment_answers WHERE assessment_id = $1 AND question_id = 'evidence'`, [assessmentId])).rows[0].answer);
    expect(answer).to.deep.equal([other]);
  });
});
