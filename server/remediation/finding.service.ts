import type { Database, Queryable } from '../db/types.ts';
import { createSupplierLookupService } from '../suppliers/supplier-lookup.service.ts';
import { createSiteLookupService } from '../suppliers/site-lookup.service.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit, recordAuditedRead } from '../audit/audit.service.ts';
import { templateOfAssessment } from '../questionnaires/template.queries.ts';
import { questionText, redFlagLabel } from '../questionnaires/labels.ts';
import { Conflict, fieldIssues, NotFound, ValidationFailed } from '../errors.ts';
import { translator, type Locale } from '../i18n/index.ts';
import * as findings from './finding.queries.ts';
import { classifyRedFlag } from './red-flags.ts';
import { proposeChange } from './finding-review.service.ts';
import type { FindingCategory, FindingSeverity, FindingSource, FindingStatus } from './remediation.types.ts';
import { emitWebhookEvent } from '../webhooks/webhook.emit.ts';

export interface RaisedFlag {
  code: string;
  severity: string;
  questionId: string;
}

/**
 * Opens one finding per red flag raised by a reviewed assessment, inside the caller's
 * transaction (call it right after the review is stored). Idempotent per (assessment,
 * question, code): running it again, or after a re-review, adds only new flags.
 * Returns the ids of the findings it created.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function createFindingsFromRedFlags(
  q: Queryable, actor: Actor, assessmentId: string, redFlags: RaisedFlag[], locale: Locale = 'es-MX',
): Promise<string[]> {
  if (redFlags.length === 0) return [];
  const subject = await findings.assessmentSubject(q, assessmentId);
  if (!subject) throw new NotFound();
  const t = translator(locale);
  const template = await templateOfAssessment(q, assessmentId);
  const created: string[] = [];
  for (const flag of redFlags) {
    const { category, severity } = classifyRedFlag(flag.code, flag.severity);
    const label = redFlagLabel(t, locale, template, flag.code, flag.questionId);
    const id = await findings.insertFinding(q, {
      supplierId: subject.supplier_id, siteId: subject.site_id, source: 'red_flag',
      assessmentId, questionId: flag.questionId, redFlagCode: flag.code, category, severity,
      title: label.slice(0, 200),
      description: t('remediation.findings.fromRedFlag', { question: questionText(template, flag.questionId, locale), code: label }),
      createdBy: actor.userId,
    });
    if (!id) continue;
    created.push(id);
    await recordAudit(q, actor, {
      action: 'finding.created', targetType: 'finding', targetId: id,
      details: { source: 'red_flag', assessmentId, questionId: flag.questionId, code: flag.code, category, severity },
    });
    await emitWebhookEvent(q, 'finding.created', { findingId: id, supplierId: subject.supplier_id, siteId: subject.site_id, source: 'red_flag', category, severity });
  }
  return created;
}

export interface ManualFindingInput {
  supplierId: string;
  siteId?: string;
  source: Exclude<FindingSource, 'red_flag'>;
  category: FindingCategory;
  severity: FindingSeverity;
  title: string;
  description?: string;
}

export function createFindingService(db: Database) {
  const lookup = createSupplierLookupService(db);
  const siteLookup = createSiteLookupService(db);
  async function list(actor: Actor, filter: findings.FindingFilter) {
    authorize(actor, 'findings.read');
    return db.tx(dbContext(actor), async (q) => {
      await recordAuditedRead(q, actor, { targetType: 'finding', list: true, details: { ...filter } });
      return findings.listFindings(q, filter);
    });
  }

  async function get(actor: Actor, id: string) {
    authorize(actor, 'findings.read');
    return db.tx(dbContext(actor), async (q) => {
      const finding = await findings.getFinding(q, id);
      if (!finding) throw new NotFound();
      await recordAuditedRead(q, actor, { targetType: 'finding', targetId: id });
      // The questionnaire it came from, so the page names the question and flag, not their codes.
      const template = finding.assessment_id ? await templateOfAssessment(q, finding.assessment_id) : undefined;
      return { ...finding, template };
    });
  }

  /** What the form's supplier field shows when a link preselects one (?supplierId=). */
  async function formChoices(actor: Actor, supplierId?: string) {
    authorize(actor, 'findings.write');
    return db.tx(dbContext(actor), async (q) => ({
      supplierLabel: supplierId && UUID.test(supplierId) ? await findings.supplierPickLabel(q, supplierId) : null,
    }));
  }

  /**
   * The supplier and site typed in the form's type-ahead fields (the pickers without
   * JavaScript). The site is optional and sought among the typed supplier's sites only;
   * both fields' errors are reported together, each naming its field.
   */
  async function resolvePlace(actor: Actor, supplierText: string, siteText: string): Promise<{ supplierId: string; siteId: string }> {
    authorize(actor, 'findings.write');
    const { attempt, throwIfAny } = fieldIssues();
    const supplierId = await attempt(() => lookup.resolve(actor, supplierText, 'supplier'));
    // Without a supplier there is nothing to look the site up in: its error would only add noise.
    const site = supplierId && siteText.trim()
      ? await attempt(() => siteLookup.resolve(actor, siteText, 'site', { supplierId, messages: 'remediation.errors.siteLookup' }))
      : null;
    throwIfAny();
    return { supplierId: supplierId!, siteId: site?.id ?? '' };
  }

  async function create(actor: Actor, input: ManualFindingInput): Promise<string> {
    authorize(actor, 'findings.write');
    return db.tx(dbContext(actor), async (q) => {
      if (!(await findings.supplierExists(q, input.supplierId))) {
        throw new ValidationFailed([{ field: 'supplierId', key: 'remediation.errors.unknownSupplier' }]);
      }
      if (input.siteId && !(await findings.siteOfSupplier(q, input.siteId, input.supplierId))) {
        throw new ValidationFailed([{ field: 'siteId', key: 'remediation.errors.siteNotOfSupplier' }]);
      }
      const id = (await findings.insertFinding(q, {
        supplierId: input.supplierId, siteId: input.siteId ?? null, source: input.source, assessmentId: null, questionId: null,
        redFlagCode: null, category: input.category, severity: input.severity, title: input.title,
        description: input.description ?? null, createdBy: actor.userId,
      }))!;
      await recordAudit(q, actor, {
        action: 'finding.created', targetType: 'finding', targetId: id,
        details: { source: input.source, category: input.category, severity: input.severity, supplierId: input.supplierId },
      });
      await emitWebhookEvent(q, 'finding.created', {
        findingId: id, supplierId: input.supplierId, siteId: input.siteId ?? null, source: input.source, category: input.category, severity: input.severity,
      });
      return id;
    });
  }

  /**
   * Changes a finding's class. Downgrading a critical finding only proposes the change
   * (four eyes, finding-review.service.ts); title and description still change at once.
   * Returns whether a proposal was made.
   */
  async function reclassify(
    actor: Actor, id: string, v: { category: FindingCategory; severity: FindingSeverity; title: string; description?: string; reason?: string },
  ): Promise<{ proposed: boolean }> {
    authorize(actor, 'findings.write');
    return db.tx(dbContext(actor), async (q) => {
      const before = await findings.getFinding(q, id, true);
      if (!before) throw new NotFound();
      const downgrade = before.severity === 'critical' && v.severity !== 'critical';
      if (downgrade) await proposeChange(q, actor, before, { kind: 'downgrade', category: v.category, severity: v.severity }, v.reason);
      const applied = downgrade ? { category: before.category, severity: before.severity } : { category: v.category, severity: v.severity };
      await findings.updateFindingClass(q, id, { ...applied, title: v.title, description: v.description ?? null });
      await recordAudit(q, actor, {
        action: 'finding.updated', targetType: 'finding', targetId: id,
        details: { from: { category: before.category, severity: before.severity }, to: applied },
      });
      return { proposed: downgrade };
    });
  }

  /** Closing a critical finding only proposes it (four eyes); re-opening is immediate. */
  async function setStatus(actor: Actor, id: string, status: Extract<FindingStatus, 'open' | 'closed'>, reason?: string): Promise<{ proposed: boolean }> {
    authorize(actor, 'findings.write');
    return db.tx(dbContext(actor), async (q) => {
      const finding = await findings.getFinding(q, id, true);
      if (!finding) throw new NotFound();
      if (finding.status === status) throw new Conflict('remediation.errors.findingAlreadyInStatus');
      if (status === 'closed' && finding.severity === 'critical') {
        await proposeChange(q, actor, finding, { kind: 'close' }, reason);
        return { proposed: true };
      }
      // Re-opening a finding that has plans puts it back in remediation.
      const next: FindingStatus = status === 'open' && finding.plan_count > 0 ? 'in_remediation' : status;
      await findings.setFindingStatus(q, id, next);
      await recordAudit(q, actor, { action: status === 'closed' ? 'finding.closed' : 'finding.reopened', targetType: 'finding', targetId: id });
      return { proposed: false };
    });
  }

  return { list, get, formChoices, resolvePlace, create, reclassify, setStatus };
}

export type FindingService = ReturnType<typeof createFindingService>;
