import type { Database } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Logger } from '../logger.ts';
import type { Actor } from '../auth/actor.ts';
import type { JobHandler, JobService } from '../jobs/job.service.ts';
import { dbContext } from '../auth/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { pickLocale, translator } from '../i18n/index.ts';
import { localToday } from '../remediation/action.workflow.ts';
import { localeDay } from '../remediation/case-jobs.service.ts';
import * as due from './grievance.reminders.queries.ts';

export const GRIEVANCE_REMINDER_JOB = 'grievanceDeadlineReminders';
export const GRIEVANCE_CHECK_INTERVAL_MS = 3600_000;

function systemActor(o: { organization_id: string; name: string; kind: 'company' | 'consultancy' }): Actor {
  return { orgId: o.organization_id, orgName: o.name, orgKind: o.kind, role: 'analyst', via: 'membership', userId: null, userName: 'system', isPlatformAdmin: false };
}

/**
 * Deadline reminders to the grievance handlers, per organisation like the casework
 * reminders: 2 days before the 7-day acknowledgment and 14 before the 3-month feedback,
 * once each. The e-mail carries the receipt number and the date only, never the report.
 */
export function createGrievanceJobs(deps: { db: Database; mailer: Mailer; baseUrl: string; now?: () => Date }) {
  const { db, mailer, baseUrl } = deps;
  const now = deps.now ?? (() => new Date());

  const sendReminders: JobHandler = async ({ actor }) => {
    const { claimed, recipients } = await db.tx(dbContext(actor), async (q) => {
      const claimed = await due.claimReminders(q, localToday(now()));
      const recipients = claimed.length ? await due.handlerRecipients(q) : [];
      for (const c of claimed) {
        await recordAudit(q, actor, {
          action: 'grievance.reminder_sent', targetType: 'grievance', targetId: c.report_id,
          details: { deadline: c.deadline, dueOn: c.due_on, recipients: recipients.length },
        });
      }
      return { claimed, recipients };
    });
    let sent = 0;
    const failed: due.ClaimedReminder[] = [];
    for (const c of claimed) {
      let ok = true;
      for (const r of recipients) {
        const locale = pickLocale(r.locale);
        const t = translator(locale);
        const params = { org: actor.orgName, receipt: c.receipt, due: localeDay(c.due_on, locale), link: `${baseUrl}/grievances/${c.report_id}` };
        try {
          await mailer.send({ to: r.email, subject: t(`grievances.reminderMail.${c.deadline}.subject`, params), text: t(`grievances.reminderMail.${c.deadline}.body`, params) });
          sent++;
        } catch {
          ok = false;
        }
      }
      if (!ok) failed.push(c);
    }
    if (failed.length) await db.tx(dbContext(actor), async (q) => { for (const c of failed) await due.unclaimReminder(q, c.report_id, c.deadline); });
    return { reminders: claimed.length - failed.length, emails: sent, failed: failed.length };
  };

  async function enqueueDue(jobs: JobService): Promise<number> {
    const orgs = await db.admin((q) => due.organizationsWithDueReminders(q, localToday(now()), GRIEVANCE_REMINDER_JOB));
    for (const o of orgs) await jobs.enqueue(systemActor(o), GRIEVANCE_REMINDER_JOB, {});
    return orgs.length;
  }

  function register(jobs: JobService) {
    jobs.register(GRIEVANCE_REMINDER_JOB, sendReminders);
  }

  return { sendReminders, enqueueDue, register };
}

export type GrievanceJobs = ReturnType<typeof createGrievanceJobs>;

/** Hourly check, started by server/main.ts; returns the function that stops it. */
export function scheduleGrievanceChecks(g: GrievanceJobs, jobs: JobService, logger: Logger, intervalMs = GRIEVANCE_CHECK_INTERVAL_MS): () => void {
  const tick = () => void g.enqueueDue(jobs).catch((err) => logger.warn({ err }, 'grievance deadline check failed'));
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
