import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg } from '../support/factories.ts';
import { addSupplierWithSites, withTerritories } from './fixtures.ts';
import { remediationDemoStep } from '../../server/remediation/remediation.demo.ts';
import { overdueActions } from '../../server/remediation/overdue.queries.ts';
import { localToday } from '../../server/remediation/action.workflow.ts';

describe('remediation: demo data', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
    await withTerritories(t.db);
  });

  it('adds findings, a plan with a verified and an overdue action, Tapachula services and two referred cases', async () => {
    const org = await createOrg(t.db);
    const consultancy = await createOrg(t.db, 'consultancy');
    await addSupplierWithSites(t.db, org, { sites: [{ name: 'Finca demo', territory: '07089' }] });
    await t.db.admin((q) => remediationDemoStep(q, { companyId: org.id, consultancyId: consultancy.id, ownerId: org.users.owner.id }));

    const owner = org.actor('owner');
    const findings = await t.services.remediation.findings.list(owner, { limit: 50, offset: 0 });
    expect(findings.total).to.equal(2);
    const [plan] = await t.services.remediation.plans.list(owner);
    expect([plan.actions_total, plan.actions_verified, plan.actions_overdue]).to.deep.equal([3, 1, 1]);
    const overdue = await t.db.tx({ orgId: org.id, userId: null }, (q) => overdueActions(q, localToday()));
    expect(overdue.rows.map((r) => r.days_overdue)).to.deep.equal([7]);
    const services = await t.services.remediation.directory.overview(owner, '07089');
    expect(services.services.map((s) => s.kind).sort()).to.deep.equal(['dif', 'employment', 'health', 'school']);
    const cases = await t.services.remediation.cases.list(owner, { page: 1 });
    // The demo owner is the named case worker of both cases.
    expect(cases.rows.map((c) => [c.age, c.status, c.mine, c.case_workers !== null]).sort()).to.deep.equal([[12, 'in_follow_up', true, true], [16, 'referred', true, true]]);
  });

  it('does nothing for a company without sites', async () => {
    const org = await createOrg(t.db);
    const consultancy = await createOrg(t.db, 'consultancy');
    await t.db.admin((q) => remediationDemoStep(q, { companyId: org.id, consultancyId: consultancy.id, ownerId: org.users.owner.id }));
    expect((await t.services.remediation.findings.list(org.actor('owner'), { limit: 5, offset: 0 })).total).to.equal(0);
  });
});
