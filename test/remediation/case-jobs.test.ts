import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplierWithSites, auditActions, daysFromToday } from './fixtures.ts';
import { localeDay } from '../../server/remediation/case-jobs.service.ts';
import { milestoneDue } from '../../server/remediation/case.rules.ts';

describe('casework: follow-up reminders and retention', () => {
  let t: TestApp;
  let org: TestOrg;
  let site: string;
  const admin = () => org.actor('admin');
  const open = (identifiedOn: string, caseWorkerId?: string) => t.services.remediation.cases.create(admin(), {
    siteId: site, findingId: null, age: 11, sex: 'female', indigenous: null, migrant: null, sensitiveConsentOn: null,
    situation: 'under_minimum_age', notes: 'Nota inicial', identifiedOn, caseWorkerId,
  });
  const run = async () => {
    await t.services.remediation.caseJobs.enqueueDue(t.services.jobs);
    await t.services.jobs.drain();
  };
  const mailsTo = (email: string) => t.mailer.sent.filter((m) => m.to === email);

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    [site] = (await addSupplierWithSites(t.db, org, { sites: [{ name: 'Huerta El Sol', territory: '07089' }] })).siteIds;
  });

  it('writes dates out in the reader\'s language', () => {
    expect(localeDay('2026-03-15', 'es-MX')).to.equal('15 de marzo de 2026');
    expect(localeDay('2026-03-15', 'en')).to.equal('March 15, 2026');
  });

  it('reminds the case workers once at 3 months and once at 6, in their language, with no data about the child', async () => {
    await t.db.admin((q) => q.query(`UPDATE users SET locale = 'en' WHERE id = $1`, [org.users.analyst.id]));
    const identified = daysFromToday(-95);
    const c = await open(identified, org.users.analyst.id);
    await t.services.remediation.cases.assign(admin(), c, org.users.admin.id);
    await run();
    const due3 = milestoneDue(identified, 3);
    const [en] = mailsTo(org.users.analyst.email);
    expect(en.subject).to.contain(`3-month follow-up visit due on ${localeDay(due3, 'en')}`);
    expect(en.text).to.contain(`/cases/${c}`);
    expect(en.text).to.contain('Huerta El Sol');
    expect(en.text).to.not.contain('Nota inicial');
    const [es] = mailsTo(org.users.admin.email);
    expect(es.subject).to.contain(`visita de seguimiento a 3 meses, el ${localeDay(due3, 'es-MX')}`);

    // Running again sends nothing new; the 6-month visit is not due yet.
    await run();
    expect(mailsTo(org.users.analyst.email)).to.have.length(1);
    expect(mailsTo(org.users.admin.email)).to.have.length(1);
    const sent = (await auditActions(t.db, org)).filter((a) => a.action === 'child_case.reminder_sent' && a.target_id === c);
    expect(sent).to.have.length(1);
  });

  it('skips a milestone whose visit is recorded and sends the 6-month reminder when it falls due', async () => {
    const identified = daysFromToday(-200);
    const c = await open(identified, org.users.owner.id);
    await t.services.remediation.caseLoop.addFollowup(org.actor('owner'), c, { visitDate: milestoneDue(identified, 3), schoolEnrolled: true, withdrawn: true });
    await run();
    const mails = mailsTo(org.users.owner.email);
    expect(mails.map((m) => m.subject)).to.deep.equal([`${org.name}: visita de seguimiento a 6 meses, el ${localeDay(milestoneDue(identified, 6), 'es-MX')}`]);
    await run();
    expect(mailsTo(org.users.owner.email)).to.have.length(1);
  });

  it('anonymises closed cases past the organisation\'s retention period, audit-logged, and keeps the counts', async () => {
    const why = 'Cierre documentado para la prueba de conservación';
    const old = await open('2021-01-05');
    const recent = await open('2025-01-05');
    const loop = t.services.remediation.caseLoop;
    await loop.addFollowup(admin(), old, { visitDate: '2021-02-01', notes: 'Texto de la visita', schoolEnrolled: true, withdrawn: true });
    const [visit] = (await t.services.remediation.cases.detail(admin(), old)).followups;
    await loop.amendFollowup(admin(), visit.id, { notes: 'Texto corregido', reason: 'Corrección' });
    await loop.close(admin(), old, 'enrolled_in_school', why);
    await loop.close(admin(), recent, 'lost_to_follow_up', why);
    await t.db.admin(async (q) => {
      await q.query(`UPDATE child_cases SET closed_at = now() - interval '40 months' WHERE id = $1`, [old]);
      await q.query(`UPDATE child_cases SET closed_at = now() - interval '10 months' WHERE id = $1`, [recent]);
    });
    await run();
    const row = (id: string) => t.db.admin((q) => q.query<{ notes: string | null; closure_note: string | null; anonymised: boolean; closure_reason: string }>(
      `SELECT notes, closure_note, anonymised_at IS NOT NULL AS anonymised, closure_reason FROM child_cases WHERE id = $1`, [id])).then((r) => r.rows[0]);
    expect(await row(old)).to.deep.equal({ notes: null, closure_note: null, anonymised: true, closure_reason: 'enrolled_in_school' });
    expect((await row(recent)).anonymised).to.equal(false);
    const traces = await t.db.admin((q) => q.query<{ notes: string | null; amendments: number }>(
      `SELECT f.notes, (SELECT count(*)::int FROM case_followup_amendments a WHERE a.followup_id = f.id) AS amendments FROM case_followups f WHERE f.case_id = $1`, [old]));
    expect(traces.rows).to.deep.equal([{ notes: null, amendments: 0 }]);
    expect((await auditActions(t.db, org)).filter((a) => a.action === 'child_case.anonymised').map((a) => a.target_id)).to.deep.equal([old]);

    // A shorter retention, set by an admin, reaches the recent case at the next run.
    const b = new Browser(t.app);
    await b.login(org.users.admin.email, PASSWORD);
    await b.get('/cases/settings');
    const bad = await b.post('/cases/settings', { retentionMonths: '3' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('Conservación: indique un número entero de meses entre 6 y 120');
    expect((await b.post('/cases/settings', { retentionMonths: '6', privacyNoticeUrl: 'https://example.test/aviso' })).status).to.equal(302);
    await run();
    expect((await row(recent)).anonymised).to.equal(true);
    const analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
    expect((await analyst.get('/cases/settings')).status).to.equal(403);
  });
});
