import type { Database } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Logger } from '../logger.ts';
import type { Actor } from '../auth/actor.ts';
import type { JobHandler, JobService } from '../jobs/job.service.ts';
import { dbContext } from '../auth/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { pickLocale, translator, type Locale } from '../i18n/index.ts';
import { localToday } from './action.workflow.ts';
import * as jobsSql from './case-jobs.queries.ts';

export const CASE_REMINDER_JOB = 'caseFollowupReminders';
export const CASE_RETENTION_JOB = 'caseRetention';
export const CASEWORK_CHECK_INTERVAL_MS = 3600_000;

/** A YYYY-MM-DD day written out in the reader's language ("15 de marzo de 2026", "March 15, 2026"). */
export function localeDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

function systemActor(o: { organization_id: string; name: string; kind: 'company' | 'consultancy' }): Actor {
  return { orgId: o.organization_id, orgName: o.name, orgKind: o.kind, role: 'analyst', via: 'membership', userId: null, userName: 'system', isPlatformAdmin: false };
}

/**
 * Casework jobs, per organisation like the overdue notices: (1) e-mail the case workers
 * when a 3- or 6-month follow-up falls due, once per case and milestone; (2) anonymise
 * closed cases past the organisation's retention period. Both audit-logged.
 */
export function createCaseJobs(deps: { db: Database; mailer: Mailer; baseUrl: string; now?: () => Date }) {
  const { db, mailer, baseUrl } = deps;
  const now = deps.now ?? (() => new Date());

  const sendReminders: JobHandler = async ({ actor }) => {
    const { claimed, recipients } = await db.tx(dbContext(actor), async (q) => {
      const claimed = await jobsSql.claimReminders(q, localToday(now()));
      const recipients = claimed.length ? await jobsSql.reminderRecipients(q, [...new Set(claimed.map((c) => c.case_id))]) : [];
      for (const c of claimed) {
        await recordAudit(q, actor, {
          action: 'child_case.reminder_sent', targetType: 'child_case', targetId: c.case_id,
          details: { months: c.milestone_months, dueOn: c.due_on, recipients: recipients.filter((r) => r.case_id === c.case_id).length },
        });
      }
      return { claimed, recipients };
    });
    let sent = 0;
    const failed: jobsSql.ClaimedReminder[] = [];
    for (const c of claimed) {
      let ok = true;
      for (const r of recipients.filter((x) => x.case_id === c.case_id)) {
        const locale = pickLocale(r.locale);
        const t = translator(locale);
        // No data about the child in the e-mail: the link leads to the case, behind sign-in.
        const params = {
          org: actor.orgName, months: c.milestone_months, site: c.site_name, due: localeDay(c.due_on, locale),
          identified: localeDay(c.identified_on, locale), link: `${baseUrl}/cases/${c.case_id}`,
        };
        try {
          await mailer.send({ to: r.email, subject: t('casework.reminderMail.subject', params), text: t('casework.reminderMail.body', params) });
          sent++;
        } catch {
          ok = false;
        }
      }
      if (!ok) failed.push(c);
    }
    if (failed.length) {
      await db.tx(dbContext(actor), async (q) => {
        for (const c of failed) await jobsSql.unclaimReminder(q, c.case_id, c.milestone_months);
      });
    }
    return { reminders: claimed.length - failed.length, emails: sent, failed: failed.length };
  };

  const applyRetention: JobHandler = async ({ actor }) => {
    const ids = await db.admin(async (q) => {
      const done = await jobsSql.anonymiseExpiredCases(q, actor.orgId, now());
      for (const id of done) await recordAudit(q, actor, { action: 'child_case.anonymised', targetType: 'child_case', targetId: id, details: { reason: 'retention' } });
      return done;
    });
    return { anonymised: ids.length };
  };

  /** Queues the jobs each organisation needs now (owner connection). */
  async function enqueueDue(jobs: JobService): Promise<number> {
    const due = await db.admin(async (q) => ({
      reminders: await jobsSql.organizationsWithDueReminders(q, localToday(now()), CASE_REMINDER_JOB),
      retention: await jobsSql.organizationsWithExpiredCases(q, now(), CASE_RETENTION_JOB),
    }));
    for (const o of due.reminders) await jobs.enqueue(systemActor(o), CASE_REMINDER_JOB, {});
    for (const o of due.retention) await jobs.enqueue(systemActor(o), CASE_RETENTION_JOB, {});
    return due.reminders.length + due.retention.length;
  }

  function register(jobs: JobService) {
    jobs.register(CASE_REMINDER_JOB, sendReminders);
    jobs.register(CASE_RETENTION_JOB, applyRetention);
  }

  return { sendReminders, applyRetention, enqueueDue, register };
}

export type CaseJobs = ReturnType<typeof createCaseJobs>;

/** Hourly check, started by server/main.ts; returns the function that stops it. */
export function scheduleCaseworkChecks(caseJobs: CaseJobs, jobs: JobService, logger: Logger, intervalMs = CASEWORK_CHECK_INTERVAL_MS): () => void {
  const tick = () => void caseJobs.enqueueDue(jobs).catch((err) => logger.warn({ err }, 'casework check failed'));
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
