import { expect } from 'chai';
import { useOrgPerTest } from '../support/org-per-test.ts';
import { createGrievanceJobs, GRIEVANCE_REMINDER_JOB } from '../../server/grievances/grievance.jobs.ts';
import { addDays } from '../../server/grievances/grievance.codes.ts';
import { localToday } from '../../server/remediation/action.workflow.ts';
import { submitReport } from './helpers.ts';

const at = (day: string) => () => new Date(`${day}T18:00:00Z`);

describe('grievances: deadline reminders', () => {
  const w = useOrgPerTest();
  beforeEach(() => {
    w.t.mailer.sent = [];
  });

  const mailsFor = (receipt: string) => w.t.mailer.sent.filter((m) => m.subject.includes(receipt));

  it('reminds owners, admins and named handlers once before the 7-day acknowledgment, and not before it is near', async () => {
    const r = await submitReport(w.t.app, w.t.db, w.org);
    await w.t.db.admin((q) => q.query(`INSERT INTO grievance_handlers (organization_id, user_id) VALUES ($1, $2)`, [w.org.id, w.org.users.analyst.id]));
    const today = localToday();
    const early = createGrievanceJobs({ db: w.t.db, mailer: w.t.mailer, baseUrl: 'http://vigia.test', now: at(addDays(today, 3)) });
    await early.sendReminders({ actor: w.org.actor('owner'), payload: {} } as never);
    expect(mailsFor(r.receipt)).to.deep.equal([]);

    const near = createGrievanceJobs({ db: w.t.db, mailer: w.t.mailer, baseUrl: 'http://vigia.test', now: at(addDays(today, 5)) });
    expect(await near.enqueueDue(w.t.services.jobs)).to.be.greaterThan(0);
    const queued = await w.t.db.admin((q) => q.query(`SELECT 1 FROM jobs WHERE organization_id = $1 AND kind = $2`, [w.org.id, GRIEVANCE_REMINDER_JOB]));
    expect(queued.rowCount).to.equal(1);
    await near.sendReminders({ actor: w.org.actor('owner'), payload: {} } as never);
    const sent = mailsFor(r.receipt);
    expect(sent.map((m) => m.to).sort()).to.deep.equal([w.org.users.admin.email, w.org.users.analyst.email, w.org.users.owner.email].sort());
    expect(sent[0].subject).to.contain('confirme la recepción');
    expect(sent[0].text).to.contain(`/grievances/${r.id}`).and.not.contain('niñas');
    // Viewers and auditors hold no grievance role.
    expect(sent.map((m) => m.to)).to.not.include(w.org.users.viewer.email);

    await near.sendReminders({ actor: w.org.actor('owner'), payload: {} } as never);
    const later = createGrievanceJobs({ db: w.t.db, mailer: w.t.mailer, baseUrl: 'http://vigia.test', now: at(addDays(today, 9)) });
    await later.sendReminders({ actor: w.org.actor('owner'), payload: {} } as never);
    expect(mailsFor(r.receipt).length, 'sent once').to.equal(3);
  });

  it('reminds once before the 3-month feedback deadline unless feedback was given', async () => {
    const r = await submitReport(w.t.app, w.t.db, w.org);
    const done = await submitReport(w.t.app, w.t.db, w.org);
    await w.t.services.grievances.service.reply(w.org.actor('admin'), r.id, { body: 'Recibida.' });
    await w.t.services.grievances.service.reply(w.org.actor('admin'), done.id, { body: 'Recibida.' });
    await w.t.services.grievances.service.reply(w.org.actor('admin'), done.id, { body: 'Hablamos con el proveedor; le contamos el resultado pronto.' });
    const due = (await w.t.db.admin((q) => q.query<{ d: string }>(`SELECT to_char(feedback_due_on, 'YYYY-MM-DD') AS d FROM grievance_reports WHERE id = $1`, [r.id]))).rows[0].d;
    const jobs = createGrievanceJobs({ db: w.t.db, mailer: w.t.mailer, baseUrl: 'http://vigia.test', now: at(addDays(due, -10)) });
    await jobs.sendReminders({ actor: w.org.actor('owner'), payload: {} } as never);
    await jobs.sendReminders({ actor: w.org.actor('owner'), payload: {} } as never);
    const feedback = mailsFor(r.receipt);
    expect(feedback.length).to.equal(2);
    expect(feedback[0].subject).to.contain('dé respuesta');
    expect(mailsFor(done.receipt)).to.deep.equal([]);
    const audit = await w.t.db.admin((q) => q.query(`SELECT 1 FROM audit_log WHERE organization_id = $1 AND action = 'grievance.reminder_sent'`, [w.org.id]));
    expect(audit.rowCount).to.equal(1);
  });
});
