import { expect } from 'chai';
import { buildTestApp, Browser, unique, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplier } from './fixtures.ts';
import { importSmallTemplate, postMultipart, sendQuestionnaire, PDF } from './helpers.ts';
import { DEFAULT_EVIDENCE_QUOTA, quotaRejections } from '../../server/assessments/evidence.quota.ts';
import type { AcceptedFile } from '../../server/assessments/evidence.service.ts';

describe('assessments: evidence quotas on the supplier portal', () => {
  const file = (name: string, size: number): AcceptedFile => ({ questionId: 'q', originalName: name, content: Buffer.alloc(size), mime: 'application/pdf' });
  const quota = { filesPerAssessment: 3, bytesPerAssessment: 1000, bytesPerOrganization: 5000 };

  it('refuses every file of an upload that would pass a quota, naming each and what is left', () => {
    expect(quotaRejections([file('a.pdf', 10)], { assessmentFiles: 2, assessmentBytes: 0, organizationBytes: 0 }, quota)).to.deep.equal([]);
    const files = quotaRejections([file('a.pdf', 10), file('b.pdf', 10)], { assessmentFiles: 2, assessmentBytes: 0, organizationBytes: 0 }, quota);
    expect(files.map((f) => [f.key, f.params.name, f.params.left])).to.deep.equal([
      ['assessments.evidence.errors.quotaFiles', 'a.pdf', 1], ['assessments.evidence.errors.quotaFiles', 'b.pdf', 1],
    ]);
    expect(quotaRejections([file('c.pdf', 600)], { assessmentFiles: 0, assessmentBytes: 500, organizationBytes: 0 }, quota)[0].key)
      .to.equal('assessments.evidence.errors.quotaAssessmentBytes');
    expect(quotaRejections([file('d.pdf', 600)], { assessmentFiles: 0, assessmentBytes: 0, organizationBytes: 4500 }, quota)[0].key)
      .to.equal('assessments.evidence.errors.quotaOrganization');
  });

  describe('through the portal', () => {
    let t: TestApp;
    let org: TestOrg;
    let link: string;
    let assessmentId: string;
    let portal: Browser;
    before(async () => {
      t = await buildTestApp();
      org = await createOrg(t.db);
      const analyst = new Browser(t.app);
      await analyst.login(org.users.analyst.email, PASSWORD);
      const templateId = await importSmallTemplate(analyst);
      const { supplierId, siteId } = await addSupplier(t.db, org, 'Agrícola Cuota');
      ({ id: assessmentId, link } = await sendQuestionnaire(t, analyst, { supplierId, siteId, templateId, email: `${unique('c')}@x.test` }));
      portal = new Browser(t.app);
      await portal.get(link);
    });

    it(`stops at ${DEFAULT_EVIDENCE_QUOTA.filesPerAssessment} files per questionnaire and keeps what was saved`, async () => {
      const batch = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ field: 'upload_evidence', name: `doc-${from + i}.pdf`, content: PDF }));
      const max = DEFAULT_EVIDENCE_QUOTA.filesPerAssessment;
      for (let sent = 0; sent < max; sent += 5) {
        const res = await postMultipart(portal, link, { checks_age: 'yes', action: 'save' }, batch(Math.min(5, max - sent), sent));
        expect(res.status, res.text).to.equal(303);
      }
      const over = await postMultipart(portal, link, { checks_age: 'yes', action: 'save' }, batch(1, max));
      expect(over.status).to.equal(422);
      expect(over.text).to.contain(`“doc-${max}.pdf” no se guardó: un cuestionario puede tener como máximo ${max} archivos`);
      const n = await t.db.tx({ orgId: org.id, userId: null }, async (q) =>
        (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM evidence_files WHERE assessment_id = $1`, [assessmentId])).rows[0].n);
      expect(n).to.equal(max);
    });
  });
});
