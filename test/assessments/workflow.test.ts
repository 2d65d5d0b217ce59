import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildTestApp, Browser, unique, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplier } from './fixtures.ts';
import { importSmallTemplate, sendQuestionnaire, postMultipart, statusOf, PDF, EXE } from './helpers.ts';
import { latestReviewedEvaluations } from '../../server/assessments/assessment.evaluation.ts';
import { loadConfig } from '../../server/config.ts';

describe('assessments: send → portal → review workflow (HTTP)', () => {
  let t: TestApp;
  let org: TestOrg;
  let analyst: Browser;
  let supplier: { supplierId: string; siteId: string | null };
  let templateId: string;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    supplier = await addSupplier(t.db, org, 'Finca El Mirador');
    analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
    templateId = await importSmallTemplate(analyst);
  });

  it('goes from sending through draft, uploads, submission, return and re-submission to review', async () => {
    const email = `${unique('contacto')}@proveedor.test`;
    const { id, link } = await sendQuestionnaire(t, analyst, { ...supplier, templateId, email, language: 'en' });
    expect(link).to.match(/^\/portal\/[A-Za-z0-9_-]{43}$/);
    const mail = t.mailer.lastTo(email)!;
    expect(mail.subject).to.contain('Test questionnaire');
    expect(mail.text).to.contain('Finca El Mirador');
    expect(await statusOf(t, org, id)).to.equal('sent');

    // The supplier opens the link in the assessment's language; the follow-up starts hidden.
    const portal = new Browser(t.app);
    const page = await portal.get(link);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Test questionnaire').and.contain('Has a policy?');
    expect(page.text).to.match(/id="q-policy_channels"[^>]*hidden/);

    // Draft: partial answers are fine.
    const draft = await postMultipart(portal, link, { has_policy: 'yes', workers_count: '10', action: 'save' });
    expect(draft.status).to.equal(303);
    const afterDraft = await portal.get(draft.headers.location);
    expect(afterDraft.text).to.contain('Draft saved.');
    expect(afterDraft.text).to.not.match(/id="q-policy_channels"[^>]*hidden/);
    expect(await statusOf(t, org, id)).to.equal('in_progress');

    // A malformed draft saves nothing and says which question is wrong.
    const bad = await postMultipart(portal, link, { has_policy: 'yes', workers_count: 'many', action: 'save' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('Nothing was saved').and.contain('The answer is not in the format this question needs.');

    // Uploads are judged by content: a program renamed .pdf is refused, a real PDF is kept.
    const disguised = await postMultipart(portal, link, { has_policy: 'yes', checks_age: 'yes', action: 'save' }, [{ field: 'upload_evidence', name: 'procedure.pdf', content: EXE }]);
    expect(disguised.status).to.equal(422);
    expect(disguised.text).to.contain('“procedure.pdf” is of a type that is not allowed (exe)');
    const ok = await postMultipart(portal, link, { has_policy: 'yes', workers_count: '10', checks_age: 'yes', action: 'save' }, [{ field: 'upload_evidence', name: 'procedimiento de edad.pdf', content: PDF }]);
    expect(ok.status, ok.text).to.equal(303);
    const files = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ id: string; stored_name: string; sha256: string; mime: string; original_name: string; uploaded_by_portal: boolean }>(`SELECT * FROM evidence_files WHERE assessment_id = $1`, [id]));
    expect(files.rows).to.have.length(1);
    const file = files.rows[0];
    expect(file).to.include({ mime: 'application/pdf', original_name: 'procedimiento de edad.pdf', uploaded_by_portal: true });
    expect(file.sha256).to.equal(createHash('sha256').update(PDF).digest('hex'));
    const stored = path.join(loadConfig({ NODE_ENV: 'test' } as NodeJS.ProcessEnv).STORAGE_DIR, 'evidence', org.id, file.stored_name);
    expect(existsSync(stored)).to.equal(true);
    expect(readFileSync(stored).equals(PDF)).to.equal(true);
    expect(stored).to.not.contain(`${path.sep}public${path.sep}`);

    // Submitting an incomplete questionnaire keeps the draft and lists the problems per question.
    const incomplete = await postMultipart(portal, link, { has_policy: 'yes', workers_count: '10', checks_age: 'yes', evidence: file.id, action: 'submit' });
    expect(incomplete.status).to.equal(422);
    expect(incomplete.text).to.contain('The draft was saved, but it cannot be submitted yet: check 3 questions.');
    expect(incomplete.text).to.contain('<a href="#q-youngest_age">1.4 Youngest age</a>: This question is required.');
    expect(incomplete.text).to.contain('#q-policy_channels').and.contain('#q-docs');

    const full = { has_policy: 'yes', policy_channels: ['a', 'c'], workers_count: '10', youngest_age: '14', checks_age: 'yes', docs: 'curp', evidence: file.id };
    const submitted = await postMultipart(portal, link, { ...full, action: 'submit' });
    expect(submitted.status).to.equal(303);
    const thanks = await portal.get(submitted.headers.location);
    expect(thanks.status).to.equal(200);
    expect(thanks.text).to.contain('Your questionnaire was submitted.');
    expect(await statusOf(t, org, id)).to.equal('submitted');
    const again = await new Browser(t.app).get(link);
    expect(again.status).to.equal(409);
    expect(again.text).to.contain('This questionnaire has already been submitted.');

    // The reviewer sees answers with their evaluation; the under-15 answer is flagged.
    const review = await analyst.get(`/assessments/${id}`);
    expect(review.status).to.equal(200);
    expect(review.text).to.contain('Edad menor').and.contain('⚑ under15');
    expect(review.text).to.contain(`href="/evidence/${file.id}/download"`);
    const returned = await analyst.post(`/assessments/${id}/review`, { decision: 'return', comment_youngest_age: 'Nadie menor de 15 puede trabajar: corrija o explique.' });
    expect(returned.status).to.equal(302);
    expect(await statusOf(t, org, id)).to.equal('returned');
    const returnMail = t.mailer.lastTo(email)!;
    expect(returnMail.subject).to.equal('Questionnaire returned for correction: Test questionnaire');
    expect(returnMail.text).to.contain('with 1 comment(s)');

    // Same link opens again, with the reviewer's comment; the supplier corrects and resubmits.
    const reopened = await portal.get(link);
    expect(reopened.status).to.equal(200);
    expect(reopened.text).to.contain('Nadie menor de 15 puede trabajar').and.contain('returned to you for correction');
    const resubmitted = await postMultipart(portal, link, { ...full, youngest_age: '16', action: 'submit' });
    expect(resubmitted.status).to.equal(303);
    expect(await statusOf(t, org, id)).to.equal('submitted');

    const done = await analyst.post(`/assessments/${id}/review`, { decision: 'review' });
    expect(done.status).to.equal(302);
    expect(await statusOf(t, org, id)).to.equal('reviewed');
    // policy 2+3 of 5, training 0 of 2 (unanswered), age_verification 3+2+1 of 6, other 0 of 1 → 11/14.
    const evaluations = await t.db.tx({ orgId: org.id, userId: null }, (q) => latestReviewedEvaluations(q, { ids: [supplier.supplierId] }));
    const e = evaluations.get(supplier.siteId!)!;
    expect(e.assessmentId).to.equal(id);
    expect(e.controlsScore).to.be.closeTo(11 / 14, 1e-5);
    expect(e.redFlags).to.deep.equal([]);

    const shown = await analyst.get(`/assessments/${id}`);
    expect(shown.text).to.contain('Revisada').and.contain('Controles: 79 %'.replace('Controles', 'Puntaje de controles'));
    const history = shown.text.slice(shown.text.indexOf('id="history"'));
    for (const what of ['Creada', 'Enviada al proveedor', 'El proveedor comenzó a responder', 'Borrador guardado', 'Entregada por el proveedor', 'Comentarios de revisión', 'Devuelta para corrección', 'Revisada']) {
      expect(history, what).to.contain(what);
    }
    expect(history).to.contain('Proveedor (portal)').and.contain(`analyst ${org.slug}`);

    const audit = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ action: string; actor_label: string }>(`SELECT action, actor_label FROM audit_log WHERE target_id = $1 OR details->>'assessmentId' = $1 ORDER BY id`, [id]));
    expect(audit.rows.map((r) => r.action)).to.deep.equal([
      'assessment.created', 'assessment.sent', 'assessment.started', 'evidence.uploaded', 'assessment.submitted',
      'assessment.returned', 'assessment.started', 'assessment.submitted', 'assessment.reviewed',
    ]);
    expect(audit.rows.find((r) => r.action === 'assessment.submitted')!.actor_label).to.equal('supplier (portal)');
  });
});
