import { readFile } from 'node:fs/promises';
import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Conflict, NotFound } from '../errors.ts';
import * as templates from '../questionnaires/template.queries.ts';
import type { QuestionnaireTemplate } from '../questionnaires/template.schema.ts';
import type { AnswerValue } from '../questionnaires/conditions.ts';
import { pruneHiddenAnswers, validateAnswers } from '../questionnaires/answers.ts';
import * as assessments from '../assessments/assessment.queries.ts';
import { insertEvidence } from '../assessments/evidence.queries.ts';
import type { EvidenceStorage } from '../assessments/evidence.storage.ts';
import { actorLabel } from '../assessments/assessment.service.ts';
import { sameQuestionnaire } from './share.service.ts';
import * as shares from './share.queries.ts';

/**
 * The receiving organisation's side: it sees a share addressed to one of its requests,
 * previews the supplier's answers, and accepts them (copied into its own assessment) or
 * asks the supplier for an update. Everything runs in its own RLS transaction; the
 * source is read only through the consent-checking SQL functions.
 */
export function createSharedSubmissionService(deps: { db: Database; storage: EvidenceStorage }) {
  const { db, storage } = deps;

  /** The open offers on one assessment, with what the supplier allows to be shown. */
  async function offers(actor: Actor, assessmentId: string) {
    authorize(actor, 'assessments.read');
    return db.tx(dbContext(actor), async (q) => {
      const out = [];
      for (const s of await shares.sharesForAssessment(q, assessmentId)) {
        if (s.status !== 'offered') continue;
        const meta = await shares.sharedSubmission(q, s.id);
        if (meta) out.push({ id: s.id, consentedAt: s.consented_at, ...meta });
      }
      return out;
    });
  }

  async function loadOffer(q: Queryable, assessmentId: string, shareId: string, forUpdate = false) {
    const a = await assessments.getAssessment(q, assessmentId, forUpdate);
    const share = a && (await shares.getShare(q, assessmentId, shareId, forUpdate));
    if (!a || !share) throw new NotFound();
    if (share.status !== 'offered') throw new Conflict(`sharing.errors.share_${share.status}`);
    // No row means consent is gone or the source changed: the same answer as "not yours".
    const meta = await shares.sharedSubmission(q, shareId);
    if (!meta) throw new NotFound();
    if (!sameQuestionnaire(meta, a)) throw new Conflict('sharing.errors.differentVersion');
    const template = (await templates.templateDefinition(q, a.template_id)) as QuestionnaireTemplate;
    return { a, share, meta, template };
  }

  /** The shared answers for reading before deciding; each reading is in the audit log. */
  async function preview(actor: Actor, assessmentId: string, shareId: string, ip?: string) {
    authorize(actor, 'assessments.read');
    return db.tx(dbContext(actor), async (q) => {
      const o = await loadOffer(q, assessmentId, shareId);
      const answers = await shares.sharedAnswers(q, shareId);
      const evidence = await shares.sharedEvidence(q, shareId);
      await recordAudit(q, actor, { action: 'assessment.share_viewed', targetType: 'assessment', targetId: assessmentId, details: { shareId } }, ip);
      return { assessment: o.a, meta: o.meta, template: o.template, answers, evidence: evidence.map(({ stored_name: _s, source_organization_id: _o, ...f }) => f) };
    });
  }

  /**
   * Copies the supplier's answers and its evidence files into this organisation's
   * assessment, which becomes "submitted" for this organisation's own review. The copy
   * is recorded as shared in the history and the audit log.
   */
  async function accept(actor: Actor, assessmentId: string, shareId: string): Promise<void> {
    authorize(actor, 'assessments.write');
    await db.tx(dbContext(actor), async (q) => {
      const { a, template } = await loadOffer(q, assessmentId, shareId, true);
      if (!assessments.OPEN_STATUSES.includes(a.status)) throw new Conflict('assessments.errors.wrongStatus', { status: a.status });
      const answers: Record<string, AnswerValue> = pruneHiddenAnswers(template, await shares.sharedAnswers(q, shareId));
      const files = await shares.sharedEvidence(q, shareId);
      const fileQuestions = new Set(template.sections.flatMap((s) => s.questions.filter((x) => x.type === 'file').map((x) => x.id)));
      const copied = new Map<string, string>();
      for (const f of files) {
        const referenced = Array.isArray(answers[f.question_id]) && (answers[f.question_id] as string[]).includes(f.id);
        if (!fileQuestions.has(f.question_id) || !referenced) continue; // minimum data: only what the answers name
        const storedName = await storage.save(actor.orgId, await readFile(storage.filePath(f.source_organization_id, f.stored_name)));
        copied.set(f.id, await insertEvidence(q, {
          assessmentId, questionId: f.question_id, originalName: f.original_name, storedName, mime: f.mime, size: f.size, sha256: f.sha256,
          byPortal: true, userId: null,
        }));
      }
      for (const qid of fileQuestions) {
        if (!Array.isArray(answers[qid])) continue;
        const ids = (answers[qid] as string[]).map((id) => copied.get(id)).filter((id): id is string => !!id);
        if (ids.length) answers[qid] = ids;
        else delete answers[qid];
      }
      if (!validateAnswers(template, answers, 'submit').valid) throw new Conflict('sharing.errors.incomplete');
      await assessments.replaceAnswers(q, assessmentId, answers);
      await assessments.setStatus(q, assessmentId, 'submitted');
      await shares.decideShare(q, shareId, 'accepted', actor.userId);
      const details = { shareId, files: copied.size };
      await assessments.insertEvent(q, { assessmentId, kind: 'shared_accepted', from: a.status, to: 'submitted', actorUserId: actor.userId, actorLabel: actorLabel(actor), details });
      await recordAudit(q, actor, { action: 'assessment.share_accepted', targetType: 'assessment', targetId: assessmentId, details: { from: a.status, to: 'submitted', ...details } });
    });
  }

  /** Declines the shared answers: the supplier answers this organisation's request anew through its link. */
  async function askUpdate(actor: Actor, assessmentId: string, shareId: string): Promise<void> {
    authorize(actor, 'assessments.write');
    await db.tx(dbContext(actor), async (q) => {
      const a = await assessments.getAssessment(q, assessmentId, true);
      const share = a && (await shares.getShare(q, assessmentId, shareId, true));
      if (!a || !share) throw new NotFound();
      if (share.status !== 'offered') throw new Conflict(`sharing.errors.share_${share.status}`);
      await shares.decideShare(q, shareId, 'update_requested', actor.userId);
      await assessments.insertEvent(q, { assessmentId, kind: 'share_update_requested', from: a.status, to: a.status, actorUserId: actor.userId, actorLabel: actorLabel(actor), details: { shareId } });
      await recordAudit(q, actor, { action: 'assessment.share_update_requested', targetType: 'assessment', targetId: assessmentId, details: { shareId } });
    });
  }

  return { offers, preview, accept, askUpdate };
}

export type SharedSubmissionService = ReturnType<typeof createSharedSubmissionService>;
