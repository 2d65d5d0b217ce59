import type { Database, Queryable } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit, recordAuditedRead } from '../audit/audit.service.ts';
import { Conflict, NotFound, ValidationFailed } from '../errors.ts';
import { createSupplierLookupService } from '../suppliers/supplier-lookup.service.ts';
import { newToken } from '../auth/tokens.ts';
import { pickLocale } from '../i18n/index.ts';
import { ensureShippedTemplates } from '../questionnaires/template.service.ts';
import * as templates from '../questionnaires/template.queries.ts';
import type { QuestionnaireTemplate } from '../questionnaires/template.schema.ts';
import type { AnswerValue } from '../questionnaires/conditions.ts';
import { evaluateAssessment } from '../questionnaires/evaluate.ts';
import { listEvidenceForAssessment } from './evidence.queries.ts';
import { dayOf, isOverdue, portalExpiry } from './assessment.dates.ts';
import { invitationMail, returnedMail, type MailSubject } from './assessment.mail.ts';
import type { CreateAssessmentInput, ReissueInput, ReviewDecision, ReviewEvidence } from './assessment.schema.ts';
import { workforceConditions } from './assessment.conditions.ts';
import { selectSender } from './supplier-mail.ts';
import * as assessments from './assessment.queries.ts';
import { createFindingsFromRedFlags } from '../remediation/finding.service.ts';
import { emitWebhookEvent } from '../webhooks/webhook.emit.ts';
import { actorToday, todayIn } from '../dates/local-day.ts';
import { orgTimeZone } from '../dates/org-zone.queries.ts';

/** How the supplier appears in history and audit: the portal has no user account. */
export const PORTAL_ACTOR_LABEL = 'supplier (portal)';

/** The statuses an analyst may (re)issue or revoke a portal link in. */
const LINK_STATUSES: assessments.AssessmentStatus[] = ['draft', 'sent', 'in_progress', 'returned'];

export function actorLabel(actor: Actor): string {
  return actor.via === 'engagement' ? `${actor.userName} (${actor.consultancyName})` : actor.userName;
}

export function mailSubject(a: assessments.AssessmentRow, orgName: string): MailSubject {
  const language = pickLocale(a.language);
  return {
    language, to: a.contact_email ?? '', orgName, supplierName: a.supplier_name, dueDate: a.due_date ?? dayOf(),
    title: language === 'en' ? a.template_title_en : a.template_title_es,
  };
}

export function createAssessmentService(deps: { db: Database; mailer: Mailer; baseUrl: string }) {
  const supplierLookup = createSupplierLookupService(deps.db);
  const { db, mailer, baseUrl } = deps;

  async function load(q: Queryable, id: string, forUpdate = false) {
    const a = await assessments.getAssessment(q, id, forUpdate);
    if (!a) throw new NotFound();
    return a;
  }

  async function event(q: Queryable, actor: Actor, a: { id: string }, kind: string, from: string | null, to: string | null, details: Record<string, unknown> = {}) {
    await assessments.insertEvent(q, { assessmentId: a.id, kind, from, to, actorUserId: actor.userId, actorLabel: actorLabel(actor), details });
    if (from !== to) {
      await recordAudit(q, actor, { action: `assessment.${kind}`, targetType: 'assessment', targetId: a.id, details: { from, to, ...details } });
    }
  }

  /** The supplier a typed name or RFC names (the picker without JavaScript); errors name the field. */
  async function resolveSupplier(actor: Actor, typed: string): Promise<string> {
    authorize(actor, 'assessments.write');
    return supplierLookup.resolve(actor, typed, 'supplier');
  }

  /** What the "send a questionnaire" form offers. */
  async function newForm(actor: Actor, supplierId?: string) {
    authorize(actor, 'assessments.write');
    return db.tx(dbContext(actor), async (q) => {
      const defaultTemplateId = await ensureShippedTemplates(q);
      const supplier = supplierId ? await assessments.getSupplierOption(q, supplierId) : undefined;
      return {
        defaultTemplateId,
        hasSuppliers: supplier ? true : await assessments.hasActiveSuppliers(q),
        supplier,
        sites: supplier ? await assessments.listSiteOptions(q, supplier.id) : [],
        templates: await templates.listTemplates(q),
      };
    });
  }

  /** Issues a fresh portal link (the previous one stops working) and marks the assessment sent. */
  async function issueLink(q: Queryable, actor: Actor, a: assessments.AssessmentRow, dueDate: string, contactEmail: string, kind: 'sent' | 'link_reissued') {
    const { token, hash } = newToken(32);
    const zone = await orgTimeZone(q);
    const expiresAt = portalExpiry(dueDate, todayIn(zone), zone);
    await assessments.setPortalToken(q, a.id, { tokenHash: hash, expiresAt, dueDate, contactEmail });
    if (a.status === 'draft') await assessments.setStatus(q, a.id, 'sent');
    const to = a.status === 'draft' ? 'sent' : a.status;
    await event(q, actor, a, kind, a.status, to, { dueDate, contactEmail });
    if (kind === 'link_reissued') {
      await recordAudit(q, actor, { action: 'assessment.link_reissued', targetType: 'assessment', targetId: a.id, details: { dueDate, contactEmail } });
    }
    const sender = await selectSender(q, a.id);
    const mail = invitationMail({ ...mailSubject(a, actor.orgName), to: contactEmail, dueDate, timeZone: zone, sender }, `${baseUrl}/portal/${token}`, expiresAt);
    return { mail };
  }

  function assertFutureDue(actor: Actor, dueDate: string) {
    if (dueDate < actorToday(actor)) throw new ValidationFailed([{ field: 'dueDate', key: 'assessments.errors.dueDatePast', params: {} }]);
  }

  async function create(actor: Actor, input: CreateAssessmentInput): Promise<string> {
    authorize(actor, 'assessments.write');
    assertFutureDue(actor, input.dueDate);
    const { id, mail } = await db.tx(dbContext(actor), async (q) => {
      const supplier = await assessments.getSupplierOption(q, input.supplierId);
      if (!supplier) throw new ValidationFailed([{ field: 'supplierId', key: 'assessments.errors.supplier', params: {} }]);
      if (input.siteId && !(await assessments.listSiteOptions(q, supplier.id)).some((s) => s.id === input.siteId)) {
        throw new ValidationFailed([{ field: 'siteId', key: 'assessments.errors.site', params: {} }]);
      }
      const template = await templates.getTemplate(q, input.templateId ?? (await ensureShippedTemplates(q)));
      if (!template) throw new ValidationFailed([{ field: 'templateId', key: 'assessments.errors.template', params: {} }]);
      const newId = await assessments.insertAssessment(q, {
        supplierId: supplier.id, siteId: input.siteId, templateId: template.id, templateKey: template.key, templateVersion: template.version,
        language: input.language, contactEmail: input.contactEmail, dueDate: input.dueDate, createdBy: actor.userId,
      });
      const a = await load(q, newId);
      await event(q, actor, a, 'created', null, 'draft', { templateKey: template.key, templateVersion: template.version });
      if (input.action === 'draft') return { id: newId, mail: undefined };
      return { id: newId, mail: (await issueLink(q, actor, a, input.dueDate, input.contactEmail, 'sent')).mail };
    });
    if (mail) await mailer.send(mail);
    return id;
  }

  /** Sends a draft, or re-issues the link of an open assessment (optionally with a new due date or contact). */
  async function sendLink(actor: Actor, id: string, input: Partial<ReissueInput> = {}) {
    authorize(actor, 'assessments.write');
    if (input.dueDate) assertFutureDue(actor, input.dueDate);
    const { mail } = await db.tx(dbContext(actor), async (q) => {
      const a = await load(q, id, true);
      if (!LINK_STATUSES.includes(a.status)) throw new Conflict('assessments.errors.wrongStatus', { status: a.status });
      const dueDate = input.dueDate ?? a.due_date ?? actorToday(actor);
      const contactEmail = input.contactEmail ?? a.contact_email;
      if (!contactEmail) throw new ValidationFailed([{ field: 'contactEmail', key: 'assessments.errors.contactEmail', params: {} }]);
      return issueLink(q, actor, a, dueDate, contactEmail, a.status === 'draft' ? 'sent' : 'link_reissued');
    });
    await mailer.send(mail);
  }

  async function revokeLink(actor: Actor, id: string) {
    authorize(actor, 'assessments.write');
    await db.tx(dbContext(actor), async (q) => {
      const a = await load(q, id, true);
      if (!a.has_token || a.token_revoked_at || !LINK_STATUSES.includes(a.status)) throw new Conflict('assessments.errors.noOpenLink');
      await assessments.revokePortalToken(q, id);
      await event(q, actor, a, 'link_revoked', a.status, a.status);
      await recordAudit(q, actor, { action: 'assessment.link_revoked', targetType: 'assessment', targetId: id });
    });
  }

  /** `window` (limit + offset) is the API's; the page numbers pages of 50. */
  async function list(actor: Actor, f: { status?: assessments.AssessmentStatus; overdue?: boolean; supplierId?: string; page: number; window?: { limit: number; offset: number } }) {
    authorize(actor, 'assessments.read');
    const limit = f.window?.limit ?? 50;
    const offset = f.window?.offset ?? (f.page - 1) * limit;
    const today = actorToday(actor);
    const { rows, total } = await db.tx(dbContext(actor), async (q) => {
      await recordAuditedRead(q, actor, { targetType: 'assessment', list: true, details: { status: f.status, supplierId: f.supplierId, page: f.page } });
      return assessments.listAssessments(q, { status: f.status, supplierId: f.supplierId, overdueBefore: f.overdue ? today : undefined, limit, offset });
    });
    return {
      rows: rows.map((r) => ({ ...r, overdue: isOverdue(r.due_date, r.status, today) })),
      total, page: f.page, pages: Math.max(1, Math.ceil(total / limit)),
    };
  }

  /** Everything the assessment page shows: answers with their evaluation, comments, evidence and history. */
  async function detail(actor: Actor, id: string) {
    authorize(actor, 'assessments.read');
    return db.tx(dbContext(actor), async (q) => {
      const a = await load(q, id);
      await recordAuditedRead(q, actor, { targetType: 'assessment', targetId: id });
      const template = (await templates.templateDefinition(q, a.template_id)) as QuestionnaireTemplate;
      const answerRows = await assessments.getAnswers(q, id);
      const answers: Record<string, AnswerValue> = {};
      const comments = new Map<string, string>();
      for (const r of answerRows) {
        if (r.answer !== null) answers[r.question_id] = r.answer;
        if (r.reviewer_comment) comments.set(r.question_id, r.reviewer_comment);
      }
      return {
        assessment: { ...a, overdue: isOverdue(a.due_date, a.status, actorToday(actor)), linkOpen: a.has_token && !a.token_revoked_at && LINK_STATUSES.includes(a.status) },
        template, answers, comments,
        evaluation: evaluateAssessment(template, answers),
        evidence: await listEvidenceForAssessment(q, id),
        events: await assessments.listEvents(q, id),
      };
    });
  }

  /**
   * The reviewer's step: save comments per answer, and either return the questionnaire
   * for correction (the supplier's link opens it again) or mark it reviewed, which
   * stores the evaluation snapshot that risk scoring reads.
   */
  async function review(
    actor: Actor, id: string, decision: ReviewDecision, comments: Record<string, string>,
    evidence: ReviewEvidence = { evidenceLevel: 'declared', verifiedBy: null, verifiedOn: null, verifiedInHarvest: null },
  ) {
    authorize(actor, 'assessments.write');
    const mail = await db.tx(dbContext(actor), async (q) => {
      const a = await load(q, id, true);
      if (a.status !== 'submitted') throw new Conflict('assessments.errors.wrongStatus', { status: a.status });
      const template = (await templates.templateDefinition(q, a.template_id)) as QuestionnaireTemplate;
      const known = new Set(template.sections.flatMap((s) => s.questions.map((x) => x.id)));
      const before = new Map((await assessments.getAnswers(q, id)).map((r) => [r.question_id, r.reviewer_comment ?? '']));
      const changed = Object.fromEntries(Object.entries(comments).filter(([qid, text]) => known.has(qid) && (before.get(qid) ?? '') !== text));
      if (Object.keys(changed).length) {
        await assessments.setComments(q, id, actor.userId, changed);
        await event(q, actor, a, 'commented', a.status, a.status, { questions: Object.keys(changed) });
      }
      if (decision === 'return') {
        await assessments.setStatus(q, id, 'returned');
        await event(q, actor, a, 'returned', a.status, 'returned');
        const open = (await assessments.getAnswers(q, id)).filter((r) => r.reviewer_comment).length;
        return a.contact_email ? returnedMail({ ...mailSubject(a, actor.orgName), sender: await selectSender(q, a.id) }, open) : undefined;
      }
      if (decision === 'review') {
        const rows = await assessments.getAnswers(q, id);
        const answers = Object.fromEntries(rows.filter((r) => r.answer !== null).map((r) => [r.question_id, r.answer]));
        const evaluation = evaluateAssessment(template, answers);
        await assessments.storeReview(q, id, {
          reviewedBy: actor.userId, controlsScore: evaluation.controlsScore,
          redFlags: evaluation.redFlags.map(({ code, severity, questionId }) => ({ code, severity, questionId })), evaluation,
          conditions: workforceConditions(answers, evaluation.controls), evidence,
        });
        await event(q, actor, a, 'reviewed', a.status, 'reviewed', {
          controlsScore: Math.round(evaluation.controlsScore * 1000) / 1000, redFlags: evaluation.redFlags.map((f) => f.code),
          evidenceLevel: evidence.evidenceLevel, verifiedOn: evidence.verifiedOn, verifiedInHarvest: evidence.verifiedInHarvest,
        });
        // Each red flag opens a finding for remediation (idempotent per assessment, question and code).
        await createFindingsFromRedFlags(q, actor, id, evaluation.redFlags);
        await emitWebhookEvent(q, 'assessment.reviewed', {
          assessmentId: id, supplierId: a.supplier_id, siteId: a.site_id, controlsScore: Math.round(evaluation.controlsScore * 1000) / 1000,
          redFlags: evaluation.redFlags.map((f) => f.code),
        });
      }
      return undefined;
    });
    if (mail) await mailer.send(mail);
  }

  return { newForm, resolveSupplier, create, sendLink, revokeLink, list, detail, review };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
