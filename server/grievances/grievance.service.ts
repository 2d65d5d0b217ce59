import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize, can, canHandleGrievances, GRIEVANCE_HANDLER_ROLES } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { emitWebhookEvent } from '../webhooks/webhook.emit.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../errors.ts';
import { translator, type Locale } from '../i18n/index.ts';
import { localToday } from '../remediation/action.workflow.ts';
import * as findings from '../remediation/finding.queries.ts';
import { parseInput } from '../http/validate.ts';
import { createSupplierLookupService } from '../suppliers/supplier-lookup.service.ts';
import { feedbackDueAfterAcknowledgment } from './grievance.codes.ts';
import { closeSchema, findingFromReportSchema, handlerSchema, messageSchema } from './grievance.schema.ts';
import * as sql from './grievance.queries.ts';
import * as stats from './grievance.stats.ts';

/**
 * The handler's side: reports, replies (the first one acknowledges receipt), triage
 * into a finding, the outcome given back to the reporter, and who handles. Every read
 * of a report is audit-logged; reports open only to handlers (canHandleGrievances).
 */
export function createGrievanceService(deps: { db: Database; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const today = () => localToday(now());
  const supplierLookup = createSupplierLookupService(db);

  async function asHandler<T>(actor: Actor, fn: (q: Queryable) => Promise<T>): Promise<T> {
    return db.tx(dbContext(actor), async (q) => {
      const named = actor.userId ? await sql.isNamedHandler(q, actor.userId) : false;
      if (!canHandleGrievances(actor, named)) throw new Forbidden();
      return fn(q);
    });
  }

  async function load(q: Queryable, id: string, forUpdate = false) {
    const report = await sql.getReport(q, id, forUpdate);
    if (!report) throw new NotFound();
    return report;
  }

  /** Whether the actor may open reports (navigation and the dashboard link). */
  async function mayHandle(actor: Actor): Promise<boolean> {
    if (!actor.userId) return false;
    if (can(actor, 'grievances.handle')) return true;
    return db.tx(dbContext(actor), async (q) => canHandleGrievances(actor, await sql.isNamedHandler(q, actor.userId!)));
  }

  async function list(actor: Actor, status?: sql.GrievanceStatus) {
    return asHandler(actor, (q) => sql.listReports(q, status));
  }

  async function detail(actor: Actor, id: string) {
    return asHandler(actor, async (q) => {
      const report = await load(q, id);
      await recordAudit(q, actor, { action: 'grievance.viewed', targetType: 'grievance', targetId: id });
      return {
        report, messages: await sql.messages(q, id), attachments: await sql.attachments(q, id),
        // The finding form's supplier field starts with the reported site's supplier, as the type-ahead writes it.
        supplierLabel: report.supplier_id ? await findings.supplierPickLabel(q, report.supplier_id) : null,
      };
    });
  }

  async function attachment(actor: Actor, id: string, attachmentId: string) {
    return asHandler(actor, async (q) => {
      const file = await sql.attachment(q, id, attachmentId);
      if (!file) throw new NotFound();
      await recordAudit(q, actor, { action: 'grievance.attachment_downloaded', targetType: 'grievance', targetId: id, details: { attachmentId } });
      return file;
    });
  }

  /** A handler's message. The first acknowledges receipt; a later one counts as feedback. */
  async function reply(actor: Actor, id: string, body: unknown) {
    const m = parseInput(messageSchema, body);
    await asHandler(actor, async (q) => {
      const report = await load(q, id, true);
      if (report.status === 'closed') throw new Conflict('grievances.errors.closed');
      const on = today();
      await sql.insertMessage(q, { reportId: id, author: 'handler', userId: actor.userId, body: m.body, on });
      if (report.status === 'received') {
        await sql.markAcknowledged(q, id, on, feedbackDueAfterAcknowledgment(on, report.feedback_due_on));
        await recordAudit(q, actor, { action: 'grievance.acknowledged', targetType: 'grievance', targetId: id });
        await emitWebhookEvent(q, 'grievance.acknowledged', { grievanceId: id, category: report.category });
      } else {
        await sql.markFeedback(q, id, on);
        await recordAudit(q, actor, { action: 'grievance.replied', targetType: 'grievance', targetId: id });
      }
    });
  }

  /**
   * The form's supplier is a type-ahead field (`supplier`) holding typed text, resolved here so it
   * works without JavaScript; API clients may send `supplierId` instead. Its error is reported
   * together with the other fields' errors.
   */
  async function parseFinding(actor: Actor, body: unknown) {
    const input = { ...((body ?? {}) as Record<string, unknown>) };
    let supplierIssues: ValidationFailed['issues'] = [];
    if (!input.supplierId && typeof input.supplier === 'string') {
      try {
        input.supplierId = await supplierLookup.resolve(actor, input.supplier, 'supplier');
      } catch (e) {
        if (!(e instanceof ValidationFailed)) throw e;
        supplierIssues = e.issues;
      }
    }
    try {
      const v = parseInput(findingFromReportSchema, input);
      if (supplierIssues.length) throw new ValidationFailed(supplierIssues);
      return v;
    } catch (e) {
      // An unresolved supplier leaves supplierId empty: its schema error would repeat the lookup's.
      if (e instanceof ValidationFailed && supplierIssues.length && e.issues !== supplierIssues) {
        throw new ValidationFailed([...supplierIssues, ...e.issues.filter((i) => i.field !== 'supplierId')]);
      }
      throw e;
    }
  }

  /** Triage: a finding (source "grievance") linked both ways; the reporter's words stay here. */
  async function openFinding(actor: Actor, id: string, body: unknown, locale: Locale): Promise<string> {
    authorize(actor, 'findings.write');
    const v = await parseFinding(actor, body);
    return asHandler(actor, async (q) => {
      const report = await load(q, id, true);
      if (report.finding_id) throw new Conflict('grievances.errors.findingExists');
      if (!(await findings.supplierExists(q, v.supplierId))) throw new ValidationFailed([{ field: 'supplierId', key: 'grievances.errors.supplier' }]);
      if (v.siteId && !(await findings.siteOfSupplier(q, v.siteId, v.supplierId))) throw new ValidationFailed([{ field: 'siteId', key: 'grievances.errors.siteNotOfSupplier' }]);
      const findingId = (await findings.insertFinding(q, {
        supplierId: v.supplierId, siteId: v.siteId ?? null, source: 'grievance', assessmentId: null, questionId: null, redFlagCode: null,
        category: v.category, severity: v.severity, title: v.title,
        description: translator(locale)('grievances.findingDescription', { receipt: report.receipt }), createdBy: actor.userId,
      }))!;
      await sql.linkFinding(q, id, findingId);
      await recordAudit(q, actor, { action: 'finding.created', targetType: 'finding', targetId: findingId, details: { source: 'grievance', grievanceId: id, category: v.category, severity: v.severity } });
      await recordAudit(q, actor, { action: 'grievance.finding_opened', targetType: 'grievance', targetId: id, details: { findingId } });
      return findingId;
    });
  }

  /** The outcome, written for the reporter, who reads it with receipt and secret. */
  async function close(actor: Actor, id: string, body: unknown) {
    const v = parseInput(closeSchema, body);
    await asHandler(actor, async (q) => {
      const report = await load(q, id, true);
      if (report.status === 'closed') throw new Conflict('grievances.errors.closed');
      await sql.close(q, id, { outcome: v.outcome, note: v.note, on: today() });
      await recordAudit(q, actor, { action: 'grievance.closed', targetType: 'grievance', targetId: id, details: { outcome: v.outcome } });
    });
  }

  async function handlers(actor: Actor) {
    authorize(actor, 'grievances.manage');
    return db.tx(dbContext(actor), (q) => sql.namedHandlers(q));
  }

  async function addHandler(actor: Actor, body: unknown) {
    authorize(actor, 'grievances.manage');
    const { userId } = parseInput(handlerSchema, body);
    await db.tx(dbContext(actor), async (q) => {
      const role = await sql.memberRole(q, userId);
      if (!role || !(GRIEVANCE_HANDLER_ROLES as readonly string[]).includes(role)) throw new ValidationFailed([{ field: 'userId', key: 'grievances.errors.notAssignable' }]);
      if (await sql.addHandler(q, userId, actor.userId)) {
        await recordAudit(q, actor, { action: 'grievance.handler_added', targetType: 'user', targetId: userId });
      }
    });
  }

  async function removeHandler(actor: Actor, userId: string) {
    authorize(actor, 'grievances.manage');
    await db.tx(dbContext(actor), async (q) => {
      if (await sql.removeHandler(q, userId)) await recordAudit(q, actor, { action: 'grievance.handler_removed', targetType: 'user', targetId: userId });
    });
  }

  /** Counts only: for the dashboard and the company report. */
  async function statistics(actor: Actor) {
    authorize(actor, 'grievances.stats');
    return db.tx(dbContext(actor), (q) => stats.grievanceStats(q));
  }

  return { mayHandle, list, detail, attachment, reply, openFinding, close, handlers, addHandler, removeHandler, statistics };
}

export type GrievanceService = ReturnType<typeof createGrievanceService>;
