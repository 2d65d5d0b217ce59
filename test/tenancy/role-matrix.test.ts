import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplierWithSites, auditActions } from '../remediation/fixtures.ts';
import { importSmallTemplate, PDF, sendQuestionnaire } from '../assessments/helpers.ts';
import { roleOrgs, signInEveryone, WHO, type Who } from './people.ts';

/**
 * Every page that exists, for every kind of user, with the exact status expected.
 * consultant = analyst through an engagement; outsider = owner of another company.
 * 302 for anonymous = sent to the login page.
 */
const MATRIX: Record<string, Record<Who, number>> = {
  'GET /': { owner: 200, admin: 200, analyst: 200, viewer: 200, auditor: 200, consultant: 200, outsider: 200, anonymous: 302 },
  'GET /settings/members': { owner: 200, admin: 200, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 200, anonymous: 302 },
  'GET /settings/engagements': { owner: 200, admin: 200, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 200, anonymous: 302 },
  'GET /settings/audit': { owner: 200, admin: 200, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 200, anonymous: 302 },
  'GET /settings/api-keys': { owner: 200, admin: 200, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 200, anonymous: 302 },
  'GET /portfolio': { owner: 403, admin: 403, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 403, anonymous: 302 },
  'POST /settings/members/invite': { owner: 302, admin: 302, analyst: 403, viewer: 403, auditor: 403, consultant: 403, outsider: 302, anonymous: 302 },
  // Auditors trace a finding to its fix, read only: findings, plans, actions, action evidence, answers.
  'GET /findings': { owner: 200, admin: 200, analyst: 200, viewer: 200, auditor: 200, consultant: 200, outsider: 200, anonymous: 302 },
  'GET /findings/:finding': { owner: 200, admin: 200, analyst: 200, viewer: 200, auditor: 200, consultant: 200, outsider: 404, anonymous: 302 },
  'GET /remediation/plans': { owner: 200, admin: 200, analyst: 200, viewer: 200, auditor: 200, consultant: 200, outsider: 200, anonymous: 302 },
  'GET /remediation/plans/:plan': { owner: 200, admin: 200, analyst: 200, viewer: 200, auditor: 200, consultant: 200, outsider: 404, anonymous: 302 },
  'GET /remediation/evidence/:evidence': { owner: 200, admin: 200, analyst: 200, viewer: 200, auditor: 200, consultant: 200, outsider: 404, anonymous: 302 },
  'GET /assessments': { owner: 200, admin: 200, analyst: 200, viewer: 200, auditor: 200, consultant: 200, outsider: 200, anonymous: 302 },
  'GET /assessments/:assessment': { owner: 200, admin: 200, analyst: 200, viewer: 200, auditor: 200, consultant: 200, outsider: 404, anonymous: 302 },
  'GET /remediation/indicators': { owner: 200, admin: 200, analyst: 200, viewer: 200, auditor: 200, consultant: 200, outsider: 200, anonymous: 302 },
  // Child cases stay with owners and admins.
  // Analysts reach the cases area; a case opens only to its named case workers (the admin who
  // opened it here), so the owner, other analysts and consultants get 404 as for another tenant.
  'GET /cases': { owner: 200, admin: 200, analyst: 200, viewer: 403, auditor: 403, consultant: 200, outsider: 200, anonymous: 302 },
  'GET /cases/:case': { owner: 404, admin: 200, analyst: 404, viewer: 403, auditor: 403, consultant: 404, outsider: 404, anonymous: 302 },
  // Write routes still refuse auditors (and viewers) before reading the form.
  'POST /findings': { owner: 422, admin: 422, analyst: 422, viewer: 403, auditor: 403, consultant: 422, outsider: 422, anonymous: 302 },
  'POST /findings/:finding/status': { owner: 422, admin: 422, analyst: 422, viewer: 403, auditor: 403, consultant: 422, outsider: 404, anonymous: 302 },
  'POST /remediation/plans/:plan/actions': { owner: 422, admin: 422, analyst: 422, viewer: 403, auditor: 403, consultant: 422, outsider: 404, anonymous: 302 },
  'POST /remediation/actions/:action/transition': { owner: 422, admin: 422, analyst: 422, viewer: 403, auditor: 403, consultant: 422, outsider: 422, anonymous: 302 },
  'POST /assessments/:assessment/review': { owner: 422, admin: 422, analyst: 422, viewer: 403, auditor: 403, consultant: 422, outsider: 422, anonymous: 302 },
};

describe('tenancy: role matrix over the routes', () => {
  let t: TestApp;
  let company: TestOrg;
  let outsiderOrg: TestOrg;
  let browsers: Record<Who, Browser>;
  const ids: Record<string, string> = {};
  const withIds = (path: string) => path.replace(/:(\w+)/g, (_, k: string) => ids[k]);

  before(async () => {
    t = await buildTestApp();
    const orgs = await roleOrgs(t);
    ({ company, outsiderOrg } = orgs);
    await traceableRecords();
    browsers = await signInEveryone(t, orgs);
  });

  for (const [route, expected] of Object.entries(MATRIX)) {
    it(route, async () => {
      const [method, template] = route.split(' ');
      const path = withIds(template);
      const actual = {} as Record<Who, number>;
      for (const who of WHO) {
        const b = browsers[who];
        await b.get('/login');
        const res = method === 'GET' ? await b.get(path) : await b.post(path, { email: `${who}.${Date.now()}@example.test`, role: 'viewer' });
        actual[who] = res.status;
      }
      expect(actual).to.deep.equal(expected);
    });
  }

  /** A finding with a plan, an action with evidence, a questionnaire sent, and a child case. */
  async function traceableRecords() {
    const { supplierId, siteIds } = await addSupplierWithSites(t.db, company, { name: 'Ladrillera El Sol' });
    const owner = company.actor('owner');
    const r = t.services.remediation;
    ids.finding = await r.findings.create(owner, { supplierId, source: 'audit', category: 'child_labour_under_15', severity: 'critical', title: 'Niños en el patio de secado' });
    ids.plan = await r.plans.create(owner, { findingId: ids.finding, title: 'Retiro y escolarización' });
    ids.action = await r.plans.addAction(owner, ids.plan, { title: 'Inscripción escolar', ownerKind: 'company', ownerUserId: company.users.analyst.id, dueDate: '2099-01-31' });
    await r.plans.addEvidence(owner, ids.action, { originalName: 'constancia.pdf', content: PDF });
    ids.evidence = (await t.db.tx({ orgId: company.id, userId: null }, (q) => q.query<{ id: string }>(`SELECT id FROM remediation_evidence`))).rows[0].id;
    ids.case = await r.cases.create(company.actor('admin'), {
      siteId: siteIds[0], findingId: ids.finding, age: 12, sex: 'female', indigenous: null, migrant: null, situation: 'under_minimum_age', notes: null, identifiedOn: '2026-01-15', sensitiveConsentOn: null,
    });
    const analyst = new Browser(t.app);
    await analyst.login(company.users.analyst.email, PASSWORD);
    const templateId = await importSmallTemplate(analyst);
    ids.assessment = (await sendQuestionnaire(t, analyst, { supplierId, templateId, email: 'ladrillera@example.test' })).id;
  }

  it('each auditor read of a finding, plan, action evidence or answers writes an audit entry; other roles\' reads do not', async () => {
    const auditor = browsers.auditor;
    const before = (await auditActions(t.db, company)).length;
    for (const path of ['/findings', '/findings/:finding', '/remediation/plans/:plan', '/remediation/evidence/:evidence', '/assessments/:assessment']) {
      expect((await auditor.get(withIds(path))).status, path).to.equal(200);
    }
    const entries = (await auditActions(t.db, company)).slice(before);
    const mine = entries.filter((e) => e.actor_user_id === company.users.auditor.id).map((e) => [e.action, e.target_id]);
    expect(mine).to.deep.include.members([
      ['finding.listed', null],
      ['finding.viewed', ids.finding],
      ['remediation_plan.viewed', ids.plan],
      ['remediation_evidence.downloaded', ids.evidence],
      ['assessment.viewed', ids.assessment],
    ]);
    const viewerBefore = (await auditActions(t.db, company)).length;
    expect((await browsers.viewer.get(withIds('/findings/:finding'))).status).to.equal(200);
    expect((await auditActions(t.db, company)).slice(viewerBefore).filter((e) => e.action.endsWith('.viewed'))).to.deep.equal([]);
  });

  it('shows an auditor the finding, its plan and action read only, and no child case', async () => {
    const finding = await browsers.auditor.get(withIds('/findings/:finding'));
    expect(finding.text).to.include('Niños en el patio de secado').and.include('Retiro y escolarización');
    expect(finding.text).to.not.include('/cases/');
    expect(finding.text).to.not.match(/action="\/findings\/[0-9a-f-]+(\/status)?"/);
    const plan = await browsers.auditor.get(withIds('/remediation/plans/:plan'));
    expect(plan.text).to.include('Inscripción escolar').and.include('constancia.pdf');
    expect(plan.text).to.not.match(/<form[^>]+method="post"[^>]+action="\/remediation\//);
    const answers = await browsers.auditor.get(withIds('/assessments/:assessment'));
    expect(answers.text).to.include('Ladrillera El Sol');
    expect(answers.text).to.not.match(/action="\/assessments\/[^"]+\/(send|revoke)"/);
    expect(answers.text).to.not.include('id="review-actions"');
    expect((await browsers.auditor.get('/')).text).to.not.include('href="/cases"');
  });

  it('the consultant acts inside the client with the engagement role, and the page says so', async () => {
    const home = await browsers.consultant.get('/');
    expect(home.text).to.contain(company.name);
    expect(home.text).to.contain('Analista');
    expect(home.text).to.match(/vía\s+Org consultancy-/);
  });

  it('an outsider cannot switch into the company', async () => {
    const res = await browsers.outsider.post('/orgs/switch', { orgId: company.id });
    expect(res.status).to.equal(404);
  });
});
