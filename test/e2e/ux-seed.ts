import { expect } from 'chai';
import { Browser as Agent } from '../support/app.ts';
import { createOrg, engage, PASSWORD, type TestOrg } from '../support/factories.ts';
import type { RunningApp } from '../support/server.ts';
import { addReviewedAssessment, addSupplier } from '../scores/fixtures.ts';
import { postMultipart, sendQuestionnaire } from '../assessments/helpers.ts';
import { exemplaryV2 } from '../questionnaires/v2-answers.ts';
import { generate } from '../reports/support.ts';

export interface UxSeed {
  org: TestOrg;
  consultancy: TestOrg;
  supplierId: string;
  siteId: string;
  assessmentId: string;
  portalLink: string;
  findingId: string;
  planId: string;
  reportId: string;
  jobId: string;
}

/** Posts the portal form fields for typed answers (file questions left out). */
function formFields(answers: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [id, v] of Object.entries(answers)) {
    if (Array.isArray(v) && v.some((x) => String(x).startsWith('ev-'))) continue;
    out[id] = typeof v === 'boolean' ? (v ? 'yes' : 'no') : Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}

/**
 * One organisation with what every main page shows: scored suppliers (one with a long name),
 * a submitted v2 questionnaire waiting for review, an open portal link, a finding with a plan,
 * a company report and its job; a consultancy engaged as analyst.
 */
export async function seedUx(app: RunningApp): Promise<UxSeed> {
  const org = await createOrg(app.db);
  const consultancy = await createOrg(app.db, 'consultancy');
  await engage(app.services, org, consultancy, 'analyst');
  const main = await addSupplier(app.db, org, {
    name: 'Cafés Finos del Soconusco Exportadora, S.A. de C.V.', sectorCode: '111',
    sites: [
      { name: 'Finca Santa Rita', territoryCode: '07089', latitude: 14.9, longitude: -92.26, workforce: { total: 40 } },
      { name: 'Beneficio Huixtla', territoryCode: '07037' },
    ],
  });
  await addSupplier(app.db, org, { name: 'Hortalizas del Bajío', sectorCode: '111', sites: [{ name: 'Invernadero Celaya', territoryCode: '11007' }] });
  await addSupplier(app.db, org, { name: 'Agave Los Altos', sectorCode: '111', sites: [{ name: 'Predio Arandas', territoryCode: '14008' }] });
  await addReviewedAssessment(app.db, org, { supplierId: main.supplierId, siteId: main.siteIds[0], reviewedAt: new Date().toISOString(), controlsScore: 0.6 });
  await app.services.scores.rescoreOrganization(org.actor('admin'));

  const analyst = new Agent(app.app);
  expect((await analyst.login(org.users.analyst.email, PASSWORD)).status).to.equal(302);
  const form = await analyst.get(`/assessments/new?supplierId=${main.supplierId}`);
  const v2 = /<option value="([0-9a-f-]{36})" (?:selected)?>[^<]*\(v2\)<\/option>/.exec(form.text)![1];
  // One submitted (the review page), one left open (the supplier portal).
  const submitted = await sendQuestionnaire(app, analyst, { supplierId: main.supplierId, siteId: main.siteIds[0], templateId: v2, email: 'rosa@cafes.test' });
  const portal = new Agent(app.app);
  await portal.get(submitted.link);
  const answers = { ...exemplaryV2(), youngest_worker_age: 'unknown', contractor_age_verification: 'no' };
  const res = await postMultipart(portal, submitted.link, { ...formFields(answers), action: 'submit' });
  expect(res.status, res.text?.slice(0, 500)).to.equal(303);
  const open = await sendQuestionnaire(app, analyst, { supplierId: main.supplierId, siteId: main.siteIds[1], templateId: v2, email: 'pedro@cafes.test' });

  const findingId = await app.services.remediation.findings.create(org.actor('analyst'), {
    supplierId: main.supplierId, siteId: main.siteIds[0], source: 'audit', category: 'hazardous_under_18', severity: 'critical', title: 'Adolescentes aplicando agroquímicos',
  });
  const planId = await app.services.remediation.plans.create(org.actor('analyst'), { findingId, title: 'Retirar a adolescentes de la aplicación' });

  const reports = new Agent(app.app);
  await reports.login(org.users.analyst.email, PASSWORD);
  const reportId = await generate(app, reports, { kind: 'supplier', supplierId: main.supplierId, locale: 'es-MX' });
  const job = await app.db.tx({ orgId: org.id, userId: null }, (q) => q.query<{ id: string }>(`SELECT id FROM jobs WHERE payload->>'reportId' IS NOT NULL ORDER BY created_at DESC LIMIT 1`));
  return {
    org, consultancy, supplierId: main.supplierId, siteId: main.siteIds[0], assessmentId: submitted.id, portalLink: open.link,
    findingId, planId, reportId, jobId: job.rows[0].id,
  };
}
