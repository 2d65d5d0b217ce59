import { isDeepStrictEqual } from 'node:util';
import type { Database, Queryable } from '../db/types.ts';
import type { Actor } from '../auth/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { DomainError } from '../errors.ts';
import { hashToken } from '../auth/tokens.ts';
import * as templates from '../questionnaires/template.queries.ts';
import type { QuestionnaireTemplate } from '../questionnaires/template.schema.ts';
import type { AnswerValue } from '../questionnaires/conditions.ts';
import { answersFromForm } from '../questionnaires/form-answers.ts';
import { pruneHiddenAnswers, validateAnswers, type AnswerIssue } from '../questionnaires/answers.ts';
import { listEvidenceForAssessment, organizationEvidenceBytes, type EvidenceRow } from './evidence.queries.ts';
import { DEFAULT_EVIDENCE_QUOTA, quotaRejections, type EvidenceQuota } from './evidence.quota.ts';
import type { EvidenceService, IncomingFile, RejectedFile } from './evidence.service.ts';
import { PORTAL_ACTOR_LABEL, mailSubject } from './assessment.service.ts';
import type { Mailer } from '../mail/mailer.ts';
import { receiptMail } from './assessment.mail.ts';
import { selectSender } from './supplier-mail.ts';
import * as assessments from './assessment.queries.ts';
import { emitWebhookEvent } from '../webhooks/webhook.emit.ts';

export type PortalClosedReason = 'invalid' | 'revoked' | 'expired' | 'submitted';

const CLOSED_STATUS: Record<PortalClosedReason, number> = { invalid: 404, revoked: 410, expired: 410, submitted: 409 };

/** A link that does not open the questionnaire, with the reason the supplier is told. */
export class PortalClosed extends DomainError {
  /** `language`: the assessment's, when the link was recognised. */
  constructor(readonly reason: PortalClosedReason, readonly language?: string) {
    super(CLOSED_STATUS[reason], `assessments.portal.closed.${reason}`);
  }
}

export interface PortalContext {
  orgId: string;
  assessmentId: string;
  actor: Actor;
  /** The buyer's public grievance channel is /g/<slug> (shown to the supplier). */
  orgSlug: string;
}

export type SaveResult =
  | { outcome: 'saved' | 'submitted' }
  | { outcome: 'invalid'; answers: Record<string, AnswerValue>; errors: AnswerIssue[]; rejected: RejectedFile[]; saved: boolean };

/**
 * The supplier's side, without an account. The token is resolved as owner to
 * (organisation, assessment) only; everything after runs in that tenant's RLS
 * transaction with no user, labelled "supplier (portal)" in history and audit.
 */
export function createPortalService(deps: { db: Database; evidence: EvidenceService; quota?: EvidenceQuota; mailer?: Mailer }) {
  const { db, evidence } = deps;
  const quota = deps.quota ?? DEFAULT_EVIDENCE_QUOTA;

  async function resolve(token: string): Promise<PortalContext> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new PortalClosed('invalid');
    const row = await db.admin((q) => assessments.findByTokenHash(q, hashToken(token)));
    if (!row) throw new PortalClosed('invalid');
    if (row.token_revoked_at) throw new PortalClosed('revoked', row.language);
    if (row.status === 'submitted' || row.status === 'reviewed') throw new PortalClosed('submitted', row.language);
    if (!row.token_expires_at || new Date(row.token_expires_at).getTime() <= Date.now()) throw new PortalClosed('expired', row.language);
    const actor: Actor = {
      orgId: row.organization_id, orgName: row.org_name, orgKind: 'company', role: 'viewer', via: 'membership',
      userId: null, userName: PORTAL_ACTOR_LABEL, isPlatformAdmin: false,
    };
    return { orgId: row.organization_id, assessmentId: row.id, actor, orgSlug: row.org_slug };
  }

  async function loadIn(q: Queryable, ctx: PortalContext, forUpdate = false) {
    const assessment = await assessments.getAssessment(q, ctx.assessmentId, forUpdate);
    if (!assessment || !assessments.OPEN_STATUSES.includes(assessment.status)) throw new PortalClosed('submitted');
    const template = (await templates.templateDefinition(q, assessment.template_id)) as QuestionnaireTemplate;
    const rows = await assessments.getAnswers(q, ctx.assessmentId);
    const answers: Record<string, AnswerValue> = {};
    const comments = new Map<string, string>();
    for (const r of rows) {
      if (r.answer !== null) answers[r.question_id] = r.answer;
      if (r.reviewer_comment) comments.set(r.question_id, r.reviewer_comment);
    }
    return { assessment, template, answers, comments, evidence: await listEvidenceForAssessment(q, ctx.assessmentId) };
  }

  /** The questionnaire as stored, for the portal page. */
  async function open(token: string) {
    const ctx = await resolve(token);
    return { ctx, ...(await db.tx({ orgId: ctx.orgId, userId: null }, (q) => loadIn(q, ctx))) };
  }

  /**
   * Saves the form (draft rules: malformed answers and rejected files save nothing),
   * attaches uploads, and on `submit` checks the whole questionnaire: if anything is
   * missing the draft is kept and the problems are returned per question.
   */
  async function save(token: string, form: Record<string, unknown>, uploads: IncomingFile[], action: 'save' | 'submit'): Promise<SaveResult> {
    const ctx = await resolve(token);
    const { accepted, rejected } = await evidence.check(uploads);
    return db.tx({ orgId: ctx.orgId, userId: null }, async (q) => {
      const current = await loadIn(q, ctx, true);
      const { assessment: a, template } = current;
      const answers = keepOwnEvidence(template, answersFromForm(template, form), current.evidence);
      const draft = validateAnswers(template, answers, 'draft');
      rejected.push(...quotaRejections(accepted, {
        assessmentFiles: current.evidence.length,
        assessmentBytes: current.evidence.reduce((n, f) => n + f.size, 0),
        organizationBytes: accepted.length ? await organizationEvidenceBytes(q) : 0,
      }, quota));
      if (rejected.length || !draft.valid) return { outcome: 'invalid' as const, answers, errors: draft.errors, rejected, saved: false };

      const added = await evidence.store(q, ctx.actor, a.id, accepted);
      for (const [questionId, ids] of added) answers[questionId] = [...((answers[questionId] as string[] | undefined) ?? []), ...ids];
      const changed = changedQuestions(current.answers, answers);
      await assessments.replaceAnswers(q, a.id, answers);
      const event = (kind: string, from: string | null, to: string | null, details: Record<string, unknown> = {}) =>
        assessments.insertEvent(q, { assessmentId: a.id, kind, from, to, actorUserId: null, actorLabel: PORTAL_ACTOR_LABEL, details });
      let status = a.status;
      if (status !== 'in_progress') {
        await assessments.setStatus(q, a.id, 'in_progress');
        await event('started', status, 'in_progress');
        await recordAudit(q, ctx.actor, { action: 'assessment.started', targetType: 'assessment', targetId: a.id, details: { from: status, to: 'in_progress' } });
        status = 'in_progress';
      }
      if (changed.length || accepted.length) await event('saved', status, status, { changed, uploaded: accepted.length });

      if (action === 'save') return { outcome: 'saved' as const };
      const full = validateAnswers(template, answers, 'submit');
      if (!full.valid) return { outcome: 'invalid' as const, answers, errors: full.errors, rejected: [], saved: true };
      await assessments.replaceAnswers(q, a.id, pruneHiddenAnswers(template, answers));
      await assessments.setStatus(q, a.id, 'submitted');
      await event('submitted', status, 'submitted');
      await recordAudit(q, ctx.actor, { action: 'assessment.submitted', targetType: 'assessment', targetId: a.id, details: { from: status, to: 'submitted' } });
      await emitWebhookEvent(q, 'assessment.submitted', { assessmentId: a.id, supplierId: a.supplier_id, siteId: a.site_id });
      // Inside the transaction, as reminders do: if the receipt cannot be sent, the supplier sees an error and submits again.
      if (deps.mailer && a.contact_email) {
        await deps.mailer.send(receiptMail({ ...mailSubject(a, ctx.actor.orgName), sender: await selectSender(q, a.id) }, new Date()));
      }
      return { outcome: 'submitted' as const };
    });
  }

  return { resolve, open, save };
}

/** File answers may only name evidence uploaded to this assessment for that question. */
function keepOwnEvidence(template: QuestionnaireTemplate, answers: Record<string, AnswerValue>, files: EvidenceRow[]): Record<string, AnswerValue> {
  for (const section of template.sections) {
    for (const question of section.questions) {
      if (question.type !== 'file' || !Array.isArray(answers[question.id])) continue;
      const own = new Set(files.filter((f) => f.question_id === question.id).map((f) => f.id));
      const kept = (answers[question.id] as string[]).filter((id) => own.has(id));
      if (kept.length) answers[question.id] = [...new Set(kept)];
      else delete answers[question.id];
    }
  }
  return answers;
}

function changedQuestions(before: Record<string, AnswerValue>, after: Record<string, AnswerValue>): string[] {
  const ids = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...ids].filter((id) => !isDeepStrictEqual(before[id], after[id])).sort();
}
