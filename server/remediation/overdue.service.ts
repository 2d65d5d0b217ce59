import type { Database } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Logger } from '../logger.ts';
import type { Actor } from '../auth/actor.ts';
import type { JobHandler, JobService } from '../jobs/job.service.ts';
import { dbContext } from '../auth/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { pickLocale, translator } from '../i18n/index.ts';
import { localToday } from './action.workflow.ts';
import * as overdue from './overdue.queries.ts';
import { emitWebhookEvent } from '../webhooks/webhook.emit.ts';

export const REMEDIATION_OVERDUE_JOB = 'remediationOverdue';
export const OVERDUE_CHECK_INTERVAL_MS = 3600_000;

/**
 * Overdue remediation actions: one e-mail per recipient listing their actions that
 * passed the due date, once per overdue period (moving the due date starts a new one).
 * The check runs as a job per organisation so it shows on the jobs page like any other.
 */
export function createOverdueNotifier(deps: { db: Database; mailer: Mailer; baseUrl: string }) {
  const { db, mailer, baseUrl } = deps;

  const runJob: JobHandler = async ({ actor }) => {
    const notices = await db.tx(dbContext(actor), async (q) => {
      const claimed = await overdue.claimOverdueNotices(q, localToday());
      for (const n of claimed) {
        await recordAudit(q, actor, { action: 'remediation_action.overdue_notified', targetType: 'remediation_action', targetId: n.id, details: { to: n.recipient, dueDate: n.due_date } });
        await emitWebhookEvent(q, 'action.overdue', { actionId: n.id, planId: n.plan_id, dueDate: n.due_date });
      }
      return claimed;
    });
    const byRecipient = new Map<string, overdue.ClaimedNotice[]>();
    for (const n of notices) byRecipient.set(n.recipient, [...(byRecipient.get(n.recipient) ?? []), n]);
    const failed: overdue.ClaimedNotice[] = [];
    for (const [to, list] of byRecipient) {
      const t = translator(pickLocale(list[0].recipient_locale));
      const lines = list.map((n) => t('remediation.overdueMail.line', {
        title: n.title, plan: n.plan_title, supplier: n.supplier_name, due: n.due_date, link: `${baseUrl}/remediation/plans/${n.plan_id}`,
      }));
      try {
        await mailer.send({
          to,
          subject: t('remediation.overdueMail.subject', { count: list.length, org: actor.orgName }),
          text: t('remediation.overdueMail.body', { org: actor.orgName, count: list.length, actions: lines.join('\n') }),
        });
      } catch {
        failed.push(...list);
      }
    }
    if (failed.length) await db.tx(dbContext(actor), (q) => overdue.unclaimNotices(q, failed));
    return { notified: notices.length - failed.length, recipients: byRecipient.size, failed: failed.length };
  };

  /** Queues a notice job for every organisation that has something to tell (owner connection). */
  async function enqueueDue(jobs: JobService): Promise<number> {
    const orgs = await db.admin((q) => overdue.organizationsToNotify(q, localToday(), REMEDIATION_OVERDUE_JOB));
    for (const o of orgs) {
      const system: Actor = {
        orgId: o.organization_id, orgName: o.name, orgKind: o.kind, role: 'analyst', via: 'membership',
        userId: null, userName: 'system', isPlatformAdmin: false,
      };
      await jobs.enqueue(system, REMEDIATION_OVERDUE_JOB, {});
    }
    return orgs.length;
  }

  return { runJob, enqueueDue };
}

export type OverdueNotifier = ReturnType<typeof createOverdueNotifier>;

/** Hourly check, started by server/main.ts; returns the function that stops it. */
export function scheduleOverdueChecks(notifier: OverdueNotifier, jobs: JobService, logger: Logger, intervalMs = OVERDUE_CHECK_INTERVAL_MS): () => void {
  const tick = () => void notifier.enqueueDue(jobs).catch((err) => logger.warn({ err }, 'remediation overdue check failed'));
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
