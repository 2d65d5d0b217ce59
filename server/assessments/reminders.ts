import type { Database, Queryable } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Actor } from '../auth/actor.ts';
import type { Logger } from '../logger.ts';
import type { JobService } from '../jobs/job.service.ts';
import { addDays, dayOf, daysBetween } from './assessment.dates.ts';
import { orgTimeZone } from '../dates/org-zone.queries.ts';
import { reminderMail } from './assessment.mail.ts';
import { selectSender } from './supplier-mail.ts';
import { mailSubject } from './assessment.service.ts';
import * as assessments from './assessment.queries.ts';

export interface ReminderPolicy {
  /** A reminder this many days before the due date (default 3). */
  daysBefore: number;
  /** Overdue reminders repeat at this interval (default 7 days)… */
  overdueEveryDays: number;
  /** …at most this many times (default 3). */
  maxOverdue: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = { daysBefore: 3, overdueEveryDays: 7, maxOverdue: 3 };

export interface SentReminder {
  kind: 'before_due' | 'overdue';
  seq: number;
  /** YYYY-MM-DD in Mexico City. */
  day: string;
}

export const REMINDER_ACTOR_LABEL = 'system (reminders)';

/**
 * Which reminder is due today for an open assessment, if any. Before the due date: one
 * reminder within `daysBefore` days. After it: one at once, then one every
 * `overdueEveryDays`, at most `maxOverdue`. A missed run never sends a backlog.
 */
export function nextReminder(dueDate: string, today: string, sent: SentReminder[], policy = DEFAULT_REMINDER_POLICY):
  { kind: 'before_due' | 'overdue'; seq: number; days: number } | null {
  const untilDue = daysBetween(today, dueDate);
  if (untilDue >= 0) {
    if (untilDue > policy.daysBefore || sent.some((s) => s.kind === 'before_due')) return null;
    return { kind: 'before_due', seq: 1, days: untilDue };
  }
  const overdue = sent.filter((s) => s.kind === 'overdue');
  if (overdue.length >= policy.maxOverdue) return null;
  const last = overdue.map((s) => s.day).sort().at(-1);
  if (last && daysBetween(last, today) < policy.overdueEveryDays) return null;
  return { kind: 'overdue', seq: overdue.length + 1, days: -untilDue };
}

interface Candidate {
  id: string;
  due_date: string;
  sent: { kind: SentReminder['kind']; seq: number; sentAt: string }[] | null;
}

export function createReminderService(deps: { db: Database; mailer: Mailer; logger: Logger; policy?: ReminderPolicy }) {
  const { db, mailer, logger } = deps;
  const policy = deps.policy ?? DEFAULT_REMINDER_POLICY;

  /** Open assessments with a working link whose due date is near or past. */
  async function candidates(q: Queryable, today: string, now: Date): Promise<Candidate[]> {
    const r = await q.query<Candidate>(
      `SELECT a.id, to_char(a.due_date, 'YYYY-MM-DD') AS due_date,
              (SELECT json_agg(json_build_object('kind', r.kind, 'seq', r.seq, 'sentAt', r.sent_at))
                 FROM assessment_reminders r WHERE r.organization_id = a.organization_id AND r.assessment_id = a.id) AS sent
         FROM assessments a
        WHERE a.status = ANY($1::text[]) AND a.due_date IS NOT NULL AND a.due_date <= $2::date
          AND a.contact_email IS NOT NULL AND a.portal_token_hash IS NOT NULL AND a.token_revoked_at IS NULL AND a.token_expires_at > $3`,
      [assessments.OPEN_STATUSES, addDays(today, policy.daysBefore), now],
    );
    return r.rows;
  }

  /** Sends the reminders due in one organisation; each in its own transaction, claimed by its key first. */
  async function runForOrg(orgId: string, now: Date = new Date()): Promise<{ sent: number }> {
    const ctx = { orgId, userId: null };
    const zone = await db.tx(ctx, orgTimeZone);
    const today = dayOf(now, zone);
    const list = await db.tx(ctx, (q) => candidates(q, today, now));
    let count = 0;
    for (const c of list) {
      const sent = (c.sent ?? []).map((r) => ({ kind: r.kind, seq: r.seq, day: dayOf(new Date(r.sentAt), zone) }));
      const next = nextReminder(c.due_date, today, sent, policy);
      if (!next) continue;
      await db.tx(ctx, async (q) => {
        const a = await assessments.getAssessment(q, c.id, true);
        if (!a || !assessments.OPEN_STATUSES.includes(a.status) || !a.contact_email) return;
        const claimed = await q.query(
          `INSERT INTO assessment_reminders (organization_id, assessment_id, kind, seq, sent_to, sent_at)
           VALUES (app_org(), $1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
          [a.id, next.kind, next.seq, a.contact_email, now],
        );
        if (claimed.rowCount === 0) return;
        await assessments.insertEvent(q, {
          assessmentId: a.id, kind: 'reminder', from: a.status, to: a.status, actorUserId: null, actorLabel: REMINDER_ACTOR_LABEL,
          details: { reminder: next.kind, seq: next.seq, to: a.contact_email },
        });
        const orgName = (await q.query<{ name: string }>(`SELECT name FROM organizations WHERE id = app_org()`)).rows[0]?.name ?? '';
        // Inside the transaction: if the mail cannot be sent, the claim is rolled back and retried next run.
        await mailer.send(reminderMail({ ...mailSubject(a, orgName), timeZone: zone, sender: await selectSender(q, a.id) }, next.kind, next.days));
        count++;
      });
    }
    return { sent: count };
  }

  /** Organisations with something to remind about (owner connection: it spans tenants), each by its own local day. */
  async function organizationsDue(now: Date = new Date()): Promise<string[]> {
    const r = await db.admin((q) =>
      q.query<{ organization_id: string }>(
        `SELECT DISTINCT a.organization_id FROM assessments a JOIN organizations o ON o.id = a.organization_id
          WHERE a.status = ANY($1::text[]) AND a.due_date <= ($2::timestamptz AT TIME ZONE o.time_zone)::date + $3::int
            AND a.portal_token_hash IS NOT NULL AND a.token_revoked_at IS NULL`,
        [assessments.OPEN_STATUSES, now, policy.daysBefore],
      ),
    );
    return r.rows.map((x) => x.organization_id);
  }

  function systemActor(orgId: string): Actor {
    return { orgId, orgName: '', orgKind: 'company', role: 'analyst', via: 'membership', userId: null, userName: REMINDER_ACTOR_LABEL, isPlatformAdmin: false };
  }

  /** Registers the `reminders` job kind: one job per organisation. */
  function register(jobs: JobService) {
    jobs.register('reminders', async ({ actor }) => runForOrg(actor.orgId));
  }

  /** Queues a reminders job for every organisation that may need one. */
  async function enqueueDue(jobs: JobService, now: Date = new Date()): Promise<number> {
    const orgs = await organizationsDue(now);
    for (const orgId of orgs) await jobs.enqueue(systemActor(orgId), 'reminders', { at: now.toISOString() });
    return orgs.length;
  }

  /** Hourly schedule for the server process (main.ts); returns a stop function. */
  function schedule(jobs: JobService, intervalMs = 3600_000): () => void {
    const tick = () => void enqueueDue(jobs).catch((err) => logger.warn({ err }, 'reminder scheduling failed'));
    tick();
    const timer = setInterval(tick, intervalMs);
    return () => clearInterval(timer);
  }

  return { runForOrg, organizationsDue, register, enqueueDue, schedule };
}

export type ReminderService = ReturnType<typeof createReminderService>;
