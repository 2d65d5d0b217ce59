import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addReviewedAssessment, addSupplierWithSites, daysFromToday } from './fixtures.ts';
import { actionTimeliness, childIndicators, workUnitCoverage } from '../../server/remediation/indicators.queries.ts';
import { localToday } from '../../server/remediation/action.workflow.ts';
import type { Sex } from '../../server/remediation/remediation.types.ts';

/**
 * A small fixture worked by hand. Five children:
 *   1 F 13 indigenous          follow-up: withdrawn                → open, withdrawn only (no alternative)
 *   2 F  9 indigenous migrant  visit in school; closed: enrolled   → closed, enrolled, good outcome
 *   3 M 16 migrant             closed: lost_to_follow_up           → closed, lost to follow-up
 *   4 M 14                     follow-up: withdrawn + enrolled      → open, withdrawn with alternative, enrolled
 *   5 F 17 migrant             closed: withdrawn_without_alternative → closed, withdrawn only
 */
describe('remediation: impact indicators on a hand-worked fixture', () => {
  let t: TestApp;
  let org: TestOrg;
  const ctx = () => ({ orgId: org.id, userId: null });

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    const s1 = await addSupplierWithSites(t.db, org, { name: 'Café Uno', sites: [{ name: 'A', territory: '07089' }, { name: 'B', territory: '07089' }, { name: 'D', territory: '07089' }] });
    const s2 = await addSupplierWithSites(t.db, org, { name: 'Mango Dos', sites: [{ name: 'C', territory: '07101' }] });
    const [siteA, , siteD] = s1.siteIds;
    const [siteC] = s2.siteIds;
    await t.db.tx(ctx(), (q) => q.query(`UPDATE sites SET status = 'archived' WHERE id = $1`, [siteD]));
    await addReviewedAssessment(t.db, org, s1.supplierId, siteA);

    const admin = org.actor('admin');
    const cases = t.services.remediation.cases;
    const open = (age: number, sex: Sex, indigenous: boolean, migrant: boolean) =>
      cases.create(admin, {
        siteId: siteA, findingId: null, age, sex, indigenous, migrant, sensitiveConsentOn: '2026-02-01', situation: 'hazardous_work', notes: null, identifiedOn: '2026-02-01',
      });
    const loop = t.services.remediation.caseLoop;
    // The fixture closes early, so each closure carries its documented reason.
    const why = 'Cierre de prueba documentado';
    const c1 = await open(13, 'female', true, false);
    const c2 = await open(9, 'female', true, true);
    const c3 = await open(16, 'male', false, true);
    const c4 = await open(14, 'male', false, false);
    const c5 = await open(17, 'female', false, true);
    await loop.addFollowup(admin, c1, { visitDate: '2026-02-10', withdrawn: true, schoolEnrolled: false });
    await loop.addFollowup(admin, c2, { visitDate: '2026-02-10', withdrawn: false, schoolEnrolled: true });
    await loop.close(admin, c2, 'enrolled_in_school', why);
    await loop.close(admin, c3, 'lost_to_follow_up', why);
    await loop.addFollowup(admin, c4, { visitDate: '2026-02-10', withdrawn: true, schoolEnrolled: true });
    await loop.close(admin, c5, 'withdrawn_without_alternative', why);

    // Plan on a finding at site C (supplier 2) → covers C only.
    const findingId = await t.services.remediation.findings.create(org.actor('analyst'), {
      supplierId: s2.supplierId, siteId: siteC, source: 'audit', category: 'hazardous_under_18', severity: 'high', title: 'Cargas pesadas',
    });
    const plans = t.services.remediation.plans;
    const planId = await plans.create(org.actor('analyst'), { findingId, title: 'Plan C' });
    const add = (title: string, due: number) => plans.addAction(org.actor('analyst'), planId, { title, ownerKind: 'supplier', dueDate: daysFromToday(due) });
    const a1 = await add('late', -10);
    const a2 = await add('early', 10);
    await add('overdue', -3);
    await add('not yet due', 5);
    const a5 = await add('cancelled', -2);
    const a6 = await add('on time', -4);
    await plans.transition(org.actor('analyst'), a1, 'complete');
    await plans.transition(org.actor('analyst'), a2, 'complete');
    await plans.transition(org.actor('admin'), a2, 'verify');
    await plans.transition(org.actor('analyst'), a5, 'cancel');
    await plans.transition(org.actor('analyst'), a6, 'complete');
    // a6 was finished six days ago, two days before its due date.
    await t.db.tx(ctx(), (q) => q.query(`UPDATE remediation_actions SET completed_at = $2::date + time '12:00' WHERE id = $1`, [a6, daysFromToday(-6)]));
  });

  it('counts children by sex, age group, indigenous and migrant status', async () => {
    const table = await t.db.tx(ctx(), (q) => childIndicators(q));
    // Removal alone is never counted as success: c1 and c5 are "withdrawn only".
    expect(table.total).to.deep.equal({
      identified: 5, withdrawnWithAlternative: 1, withdrawnOnly: 2, enrolled: 2, goodOutcome: 1, lostToFollowUp: 1, open: 2, closed: 3,
    });
    const g = (d: string) => Object.fromEntries(table.groups.find((x) => x.dimension === d)!.rows.map((r) => [r.group, r.counts]));
    expect(g('sex').female).to.deep.equal({ identified: 3, withdrawnWithAlternative: 0, withdrawnOnly: 2, enrolled: 1, goodOutcome: 1, lostToFollowUp: 0, open: 1, closed: 2 });
    expect(g('sex').male).to.deep.equal({ identified: 2, withdrawnWithAlternative: 1, withdrawnOnly: 0, enrolled: 1, goodOutcome: 0, lostToFollowUp: 1, open: 1, closed: 1 });
    expect(g('sex').undisclosed.identified).to.equal(0);
    expect([g('ageGroup')['5_11'].identified, g('ageGroup')['12_14'].identified, g('ageGroup')['15_17'].identified]).to.deep.equal([1, 2, 2]);
    expect([g('indigenous').yes.identified, g('indigenous').no.identified]).to.deep.equal([2, 3]);
    expect([g('migrant').yes.identified, g('migrant').no.identified]).to.deep.equal([3, 2]);
    expect(g('migrant').yes).to.deep.equal({ identified: 3, withdrawnWithAlternative: 0, withdrawnOnly: 1, enrolled: 1, goodOutcome: 1, lostToFollowUp: 1, open: 0, closed: 3 });
    expect(g('migrant').unknown.identified).to.equal(0);
    // A period that ends before the cases were identified counts none.
    expect((await t.db.tx(ctx(), (q) => childIndicators(q, { to: '2026-01-31' }))).total.identified).to.equal(0);
  });

  it('counts work units covered and actions on time', async () => {
    expect(await t.db.tx(ctx(), (q) => workUnitCoverage(q))).to.deep.equal({ sites: 3, covered: 2, withReviewedAssessment: 1, withOpenPlan: 1 });
    // Counted: late, early (finished before due), overdue, on time → 4; on time: early + on time = 2.
    expect(await t.db.tx(ctx(), (q) => actionTimeliness(q, localToday()))).to.deep.equal({ counted: 4, onTime: 2, late: 1, overdue: 1, rate: 0.5 });
  });

  it('shows owners exact counts and hides small cells from roles without case access', async () => {
    const owner = new Browser(t.app);
    await owner.login(org.users.owner.email, PASSWORD);
    const exact = await owner.get('/remediation/indicators');
    expect(exact.status).to.equal(200);
    expect(exact.text).to.match(/data-row="sex-male"><td>Sexo<\/td><td>Hombres<\/td><td>2<\/td>/);
    expect(exact.text).to.contain('Usted ve los conteos exactos');

    const analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
    const hidden = await analyst.get('/remediation/indicators');
    // Male 2 is small; female 3 would reveal it from the total 5, so both are hidden.
    expect(hidden.text).to.match(/data-row="sex-male"><td>Sexo<\/td><td>Hombres<\/td><td>\*<\/td>/);
    expect(hidden.text).to.match(/data-row="sex-female"><td>Sexo<\/td><td>Mujeres<\/td><td>\*<\/td>/);
    expect(hidden.text).to.match(/data-row="total"><th colspan="2">Total<\/th><td>5<\/td>/);
    expect(hidden.text).to.contain('id="suppressed-note"');
    expect(hidden.text).to.match(/data-value="covered">2</);
    expect(hidden.text).to.match(/data-value="rate">50[.,]0</);

    const auditor = new Browser(t.app);
    await auditor.login(org.users.auditor.email, PASSWORD);
    expect((await auditor.get('/remediation/indicators')).status).to.equal(200);
  });
});
