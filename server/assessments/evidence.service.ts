import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { NotFound } from '../errors.ts';
import { cleanFileName, sniffEvidence } from './evidence.sniff.ts';
import type { EvidenceStorage } from './evidence.storage.ts';
import * as evidence from './evidence.queries.ts';

/** A file as it arrives (multer memory storage), already tied to a question. */
export interface IncomingFile {
  questionId: string;
  originalName: string;
  content: Buffer;
}

export interface AcceptedFile extends IncomingFile {
  mime: string;
}

export interface RejectedFile {
  questionId: string;
  key: string;
  params: Record<string, unknown>;
}

export function createEvidenceService(deps: { db: Database; storage: EvidenceStorage }) {
  const { db, storage } = deps;

  /** Sorts uploads into accepted (type known from content) and rejected, with the reason. */
  async function check(files: IncomingFile[]): Promise<{ accepted: AcceptedFile[]; rejected: RejectedFile[] }> {
    const accepted: AcceptedFile[] = [];
    const rejected: RejectedFile[] = [];
    for (const file of files) {
      const name = cleanFileName(file.originalName);
      const sniffed = await sniffEvidence(file.content, name);
      if (sniffed.ok) accepted.push({ ...file, originalName: name, mime: sniffed.mime });
      else rejected.push({ questionId: file.questionId, key: sniffed.key, params: sniffed.params });
    }
    return { accepted, rejected };
  }

  /**
   * Writes accepted files to storage and records them in the caller's transaction,
   * with an audit entry each. Returns the new evidence ids per question.
   * (If the transaction later fails, the written files are orphans: harmless, never served.)
   */
  async function store(q: Queryable, actor: Actor, assessmentId: string, files: AcceptedFile[]): Promise<Map<string, string[]>> {
    const byQuestion = new Map<string, string[]>();
    for (const file of files) {
      const sha256 = createHash('sha256').update(file.content).digest('hex');
      const storedName = await storage.save(actor.orgId, file.content);
      const id = await evidence.insertEvidence(q, {
        assessmentId, questionId: file.questionId, originalName: file.originalName, storedName, mime: file.mime,
        size: file.content.length, sha256, byPortal: actor.userId === null, userId: actor.userId,
      });
      await recordAudit(q, actor, {
        action: 'evidence.uploaded', targetType: 'evidence', targetId: id,
        details: { assessmentId, questionId: file.questionId, name: file.originalName, mime: file.mime, size: file.content.length, sha256 },
      });
      byQuestion.set(file.questionId, [...(byQuestion.get(file.questionId) ?? []), id]);
    }
    return byQuestion;
  }

  /** `window` (limit + offset) is the API's; the page numbers pages of 50. */
  async function list(actor: Actor, page: number, window?: { limit: number; offset: number }) {
    authorize(actor, 'evidence.read');
    const limit = window?.limit ?? 50;
    const { rows, total } = await db.tx(dbContext(actor), (q) => evidence.listEvidence(q, limit, window?.offset ?? (page - 1) * limit));
    return { rows, total, page, pages: Math.max(1, Math.ceil(total / limit)) };
  }

  /** A file's description (no bytes, so not logged as a download). */
  async function get(actor: Actor, id: string) {
    authorize(actor, 'evidence.read');
    const row = await db.tx(dbContext(actor), (q) => evidence.getEvidence(q, id));
    if (!row) throw new NotFound();
    return row;
  }

  /** What a download needs; every download is audit-logged (chain of custody for auditors). */
  async function download(actor: Actor, id: string, ip?: string) {
    authorize(actor, 'evidence.read');
    const row = await db.tx(dbContext(actor), async (q) => {
      const found = await evidence.getEvidence(q, id);
      if (!found) throw new NotFound();
      await recordAudit(q, actor, {
        action: 'evidence.downloaded', targetType: 'evidence', targetId: id,
        details: { assessmentId: found.assessment_id, questionId: found.question_id, name: found.original_name, sha256: found.sha256 },
      }, ip);
      return found;
    });
    return { path: storage.filePath(row.organization_id, row.stored_name), name: row.original_name, mime: row.mime, size: row.size, sha256: row.sha256 };
  }

  return { check, store, list, get, download };
}

export type EvidenceService = ReturnType<typeof createEvidenceService>;
