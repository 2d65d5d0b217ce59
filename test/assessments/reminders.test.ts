import { expect } from 'chai';
import { unique } from '../support/app.ts';
import { analystWithSupplier, importSmallTemplate, sendQuestionnaire, type SupplierSetup } from './helpers.ts';
import { addDays, dayOf } from '../../server/assessments/assessment.dates.ts';

const DAY = 86_400_000;

describe('assessments: reminder e-mails (time travel through due dates)', () => {
  let w: SupplierSetup;

  before(async () => {
    w = await analystWithSupplier('Cafetalera La Esperanza');
  });

  const setDue = (id: string, day: string) => w.t.db.admin((q) => q.query(`UPDATE assessments SET due_date = $2 WHERE id = $1`, [id, day]));
  const mailsTo = (email: string) => w.t.mailer.sent.filter((m) => m.to === email);

  it('sends one reminder before the due date and up to three overdue ones a week apart, never twice', async () => {
    const email = `${unique('rem')}@x.test`;
    const { id } = await sendQuestionnaire(w.t, w.analyst, { supplierId: w.supplierId, templateId: w.templateId, email, dueInDays: 20 });
    const now = new Date();
    expect(mailsTo(email)).to.have.length(1); // the invitation

    // 20 days ahead: nothing yet.
    expect((await w.t.services.reminders.runForOrg(w.org.id, now)).sent).to.equal(0);
    // Due in 2 days: the advance reminder, once.
    await setDue(id, addDays(dayOf(now), 2));
    expect((await w.t.services.reminders.runForOrg(w.org.id, now)).sent).to.equal(1);
    expect((await w.t.services.reminders.runForOrg(w.org.id, now)).sent).to.equal(0);
    const before = mailsTo(email)[1];
    expect(before.subject).to.match(/^Recordatorio: Cuestionario de prueba vence el /);
    expect(before.text).to.contain('(en 2 día(s))');

    // Due yesterday: first overdue reminder; the same day again sends nothing.
    await setDue(id, addDays(dayOf(now), -1));
    expect((await w.t.services.reminders.runForOrg(w.org.id, now)).sent).to.equal(1);
    expect((await w.t.services.reminders.runForOrg(w.org.id, new Date(now.getTime() + 3 * DAY))).sent).to.equal(0);
    expect(mailsTo(email)[2].subject).to.equal('Cuestionario vencido: Cuestionario de prueba');
    expect(mailsTo(email)[2].text).to.contain('(hace 1 día(s))');
    // A week later, the second; another week, the third; after that, none.
    expect((await w.t.services.reminders.runForOrg(w.org.id, new Date(now.getTime() + 7 * DAY))).sent).to.equal(1);
    expect((await w.t.services.reminders.runForOrg(w.org.id, new Date(now.getTime() + 14 * DAY))).sent).to.equal(1);
    expect((await w.t.services.reminders.runForOrg(w.org.id, new Date(now.getTime() + 21 * DAY))).sent).to.equal(0);
    expect((await w.t.services.reminders.runForOrg(w.org.id, new Date(now.getTime() + 60 * DAY))).sent).to.equal(0);
    expect(mailsTo(email)).to.have.length(5);

    const rows = await w.t.db.tx({ orgId: w.org.id, userId: null }, (q) =>
      q.query<{ kind: string; seq: number }>(`SELECT kind, seq FROM assessment_reminders WHERE assessment_id = $1 ORDER BY sent_at`, [id]));
    expect(rows.rows).to.deep.equal([{ kind: 'before_due', seq: 1 }, { kind: 'overdue', seq: 1 }, { kind: 'overdue', seq: 2 }, { kind: 'overdue', seq: 3 }]);
    const history = (await w.analyst.get(`/assessments/${id}`)).text;
    expect(history).to.contain('Sistema (recordatorios)').and.contain('recordatorio de vencimiento n.º 3');
  });

  it('reminds nobody once submitted, revoked, or without a working link; runs as a queued job', async () => {
    const revokedEmail = `${unique('rev')}@x.test`;
    const { id: revoked } = await sendQuestionnaire(w.t, w.analyst, { supplierId: w.supplierId, templateId: w.templateId, email: revokedEmail });
    await w.analyst.get(`/assessments/${revoked}`);
    await w.analyst.post(`/assessments/${revoked}/revoke`);
    await setDue(revoked, addDays(dayOf(), -2));
    const submittedEmail = `${unique('sub')}@x.test`;
    const { id: submitted } = await sendQuestionnaire(w.t, w.analyst, { supplierId: w.supplierId, templateId: w.templateId, email: submittedEmail });
    await w.t.db.admin((q) => q.query(`UPDATE assessments SET status = 'submitted', due_date = current_date - 2 WHERE id = $1`, [submitted]));
    const dueEmail = `${unique('due')}@x.test`;
    const { id: due } = await sendQuestionnaire(w.t, w.analyst, { supplierId: w.supplierId, templateId: w.templateId, email: dueEmail });
    await setDue(due, addDays(dayOf(), 1));

    expect(await w.t.services.reminders.organizationsDue()).to.include(w.org.id);
    await w.t.services.reminders.enqueueDue(w.t.services.jobs);
    await w.t.services.jobs.drain();
    expect(mailsTo(revokedEmail)).to.have.length(1);
    expect(mailsTo(submittedEmail)).to.have.length(1);
    expect(mailsTo(dueEmail)).to.have.length(2);
    expect(mailsTo(dueEmail)[1].text).to.contain('(en 1 día(s))');
    const job = await w.t.db.tx({ orgId: w.org.id, userId: null }, (q) =>
      q.query<{ status: string; result: { sent: number } }>(`SELECT status, result FROM jobs WHERE kind = 'reminders' ORDER BY created_at DESC LIMIT 1`));
    expect(job.rows[0].status).to.equal('succeeded');
  });
});
