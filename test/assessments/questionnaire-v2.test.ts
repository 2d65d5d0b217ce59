import { expect } from 'chai';
import { buildTestApp, Browser, unique, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplier } from './fixtures.ts';
import { postMultipart, sendQuestionnaire, statusOf } from './helpers.ts';
import { addDays, dayOf } from '../../server/assessments/assessment.dates.ts';
import { defaultTemplate } from '../../server/questionnaires/default-template.ts';
import { ensureShippedTemplates } from '../../server/questionnaires/template.service.ts';
import { findTemplateVersion, insertTemplateIfAbsent } from '../../server/questionnaires/template.queries.ts';
import * as assessmentQueries from '../../server/assessments/assessment.queries.ts';
import type { AnswerValue } from '../../server/questionnaires/conditions.ts';
import { exemplaryV2 } from '../questionnaires/v2-answers.ts';

const FILE_QUESTIONS = ['policy_document', 'age_verification_procedure', 'distintivo_document', 'remediation_evidence'];

/** Typed answers → the fields the portal form posts (files left out: they need uploads). */
function formFields(answers: Record<string, AnswerValue>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [id, v] of Object.entries(answers)) {
    if (FILE_QUESTIONS.includes(id)) continue;
    out[id] = typeof v === 'boolean' ? (v ? 'yes' : 'no') : Array.isArray(v) ? v : String(v);
  }
  return out;
}

/** The option of the "send a questionnaire" form for a shipped version, and whether it is preselected. */
function templateOption(html: string, version: number): { id: string; selected: boolean } {
  const m = new RegExp(`<option value="([0-9a-f-]{36})" (selected)?>[^<]*\\(v${version}\\)</option>`).exec(html);
  expect(m, `option v${version}`).to.not.equal(null);
  return { id: m![1], selected: m![2] === 'selected' };
}

describe('questionnaire v2 through the portal and review (HTTP)', () => {
  let t: TestApp;
  let org: TestOrg;
  let analyst: Browser;
  let supplier: { supplierId: string; siteId: string | null };

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    supplier = await addSupplier(t.db, org, 'Finca La Esperanza');
    analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
  });

  it('offers v2 first for new assessments and keeps v1 in the library', async () => {
    const form = await analyst.get(`/assessments/new?supplierId=${supplier.supplierId}`);
    expect(form.status).to.equal(200);
    expect(templateOption(form.text, 2).selected).to.equal(true);
    expect(templateOption(form.text, 1).selected).to.equal(false);
    // A request that names no questionnaire gets v2 as well.
    const res = await analyst.post('/assessments', {
      supplierId: supplier.supplierId, siteId: supplier.siteId ?? '', dueDate: addDays(dayOf(), 10),
      contactEmail: `${unique('sin')}@proveedor.test`, language: 'es-MX', action: 'draft',
    });
    expect(res.status, res.text).to.equal(302);
    const id = res.headers.location.split('/').pop()!;
    const version = await t.db.tx({ orgId: org.id, userId: null }, async (q) =>
      (await q.query<{ template_version: number }>(`SELECT template_version FROM assessments WHERE id = $1`, [id])).rows[0].template_version);
    expect(version).to.equal(2);
  });

  it('raises the v2 red flags a supplier\'s answers show, and the review opens their findings', async () => {
    const form = await analyst.get(`/assessments/new?supplierId=${supplier.supplierId}`);
    const email = `${unique('finca')}@proveedor.test`;
    const { id, link } = await sendQuestionnaire(t, analyst, { ...supplier, templateId: templateOption(form.text, 2).id, email });
    const portal = new Browser(t.app);
    const page = await portal.get(link);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('¿Cuál de estas opciones describe mejor su centro de trabajo?').and.contain('No lo sabemos con certeza');

    // The breaches of fault 5: 22 Bis, LFT 22, contractors not checking age, families on site without childcare.
    const answers = {
      ...exemplaryV2(), youngest_worker_age: 'unknown', young_worker_schooling: 'some', parental_authorisation: 'no',
      contractor_age_verification: 'no', childcare_available: 'no_childcare',
    };
    const submitted = await postMultipart(portal, link, { ...formFields(answers), action: 'submit' });
    expect(submitted.status, submitted.text).to.equal(303);
    expect(await statusOf(t, org, id)).to.equal('submitted');

    const review = await analyst.get(`/assessments/${id}`);
    expect(review.text).to.contain('No se sabe la edad de la persona más joven que trabaja');
    expect(review.text).to.match(/id="unknown-answers">[^<]*: 1</);
    const done = await analyst.post(`/assessments/${id}/review`, { decision: 'review' });
    expect(done.status).to.equal(302);
    expect(await statusOf(t, org, id)).to.equal('reviewed');

    const { rows } = await t.services.remediation.findings.list(org.actor('viewer'), { limit: 50, offset: 0 });
    const mine = rows.filter((r) => r.assessment_id === id).map((r) => ({ code: r.red_flag_code, question: r.question_id, category: r.category, severity: r.severity }));
    expect(mine).to.have.deep.members([
      { code: 'youngest_age_unknown', question: 'youngest_worker_age', category: 'missing_controls', severity: 'high' },
      { code: 'young_worker_no_parental_authorisation', question: 'parental_authorisation', category: 'adolescent_without_protections', severity: 'high' },
      { code: 'young_worker_no_basic_education', question: 'young_worker_schooling', category: 'adolescent_without_protections', severity: 'high' },
      { code: 'contractor_no_age_verification', question: 'contractor_age_verification', category: 'missing_controls', severity: 'high' },
      { code: 'families_on_site_no_childcare', question: 'childcare_available', category: 'missing_controls', severity: 'high' },
    ]);
    const list = await analyst.get('/findings');
    expect(list.text).to.contain('Contratistas o enganchadores que no verifican la edad');
  });

  it('keeps serving an assessment sent with v1 unchanged after v2 ships', async () => {
    // An organisation whose v1 assessment was created before v2 existed.
    const o = await createOrg(t.db);
    const { supplierId, siteId } = await addSupplier(t.db, o, 'Taller antiguo');
    const v1 = defaultTemplate();
    const id = await t.db.tx({ orgId: o.id, userId: o.users.analyst.id }, async (q) => {
      const { id: templateId } = await insertTemplateIfAbsent(q, { definition: v1, source: 'shipped', createdBy: null });
      const a = await assessmentQueries.insertAssessment(q, {
        supplierId, siteId, templateId, templateKey: v1.key, templateVersion: 1,
        language: 'es-MX', contactEmail: 'taller@proveedor.test', dueDate: '2027-01-15', createdBy: o.users.analyst.id,
      });
      await assessmentQueries.setStatus(q, a, 'sent');
      return a;
    });
    const b = new Browser(t.app);
    await b.login(o.users.analyst.email, PASSWORD);
    // Opening the form ships v2 into the organisation; the link is re-issued on the v1 assessment.
    const form = await b.get(`/assessments/new?supplierId=${supplierId}`);
    expect(templateOption(form.text, 2).selected).to.equal(true);
    const resent = await b.post(`/assessments/${id}/send`, {});
    expect(resent.status).to.equal(302);
    const link = t.mailer.linkIn(t.mailer.lastTo('taller@proveedor.test'));

    const portal = new Browser(t.app);
    const page = await portal.get(link);
    // v1's numeric youngest age and bundled hours question, not v2's.
    expect(page.text).to.match(/<input type="number" name="youngest_worker_age"/);
    expect(page.text).to.contain('name="young_worker_hours_limits"').and.not.contain('name="site_type"');
    const saved = await postMultipart(portal, link, { youngest_worker_age: '13', action: 'save' });
    expect(saved.status).to.equal(303);

    const stored = await t.db.tx({ orgId: o.id, userId: null }, async (q) => {
      await ensureShippedTemplates(q);
      return {
        v1: await findTemplateVersion(q, v1.key, 1),
        v2: await findTemplateVersion(q, v1.key, 2),
        answers: await assessmentQueries.getAnswers(q, id),
      };
    });
    expect(stored.v1!.definition).to.deep.equal(v1);
    expect(stored.v1!.uses).to.equal(1);
    expect(stored.v2!.uses).to.equal(0);
    expect(stored.answers.find((r) => r.question_id === 'youngest_worker_age')!.answer).to.equal(13);
  });
});
