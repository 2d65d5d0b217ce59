import type { Database, Queryable } from '../db/types.ts';
import type { Actor } from '../auth/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { emitWebhookEvent } from '../webhooks/webhook.emit.ts';
import { DomainError, NotFound, ValidationFailed, type FieldIssue } from '../errors.ts';
import { localToday } from '../remediation/action.workflow.ts';
import { sniffEvidence } from '../assessments/evidence.sniff.ts';
import { parseInput } from '../http/validate.ts';
import { canonicalReceipt, deadlinesOnReceipt, newReceipt, newSecret, secretMatches } from './grievance.codes.ts';
import { stripMetadata } from './grievance.metadata.ts';
import { accessSchema, messageSchema, reportSchema } from './grievance.schema.ts';
import * as sql from './grievance.queries.ts';

/** The label the audit log and history show for the reporter: never a name, address or device. */
export const REPORTER_LABEL = 'reporter (anonymous channel)';
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_MAX_FILES = 3;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png']);

/** Wrong receipt, wrong secret and another organisation's receipt all read the same. */
export class WrongCode extends DomainError {
  constructor() {
    super(404, 'grievances.errors.wrongCode');
  }
}

export interface IncomingPhoto {
  content: Buffer;
  originalName: string;
}

function reporterActor(org: { id: string; name: string; kind: 'company' | 'consultancy' }): Actor {
  return { orgId: org.id, orgName: org.name, orgKind: org.kind, role: 'viewer', via: 'membership', userId: null, userName: REPORTER_LABEL, isPlatformAdmin: false };
}

/**
 * The reporter's side of the channel, without an account: the organisation is found by
 * its public slug (owner connection), everything after runs in that tenant's RLS
 * transaction with no user. No IP, user agent or file name reaches these functions.
 */
export function createGrievanceIntake(deps: { db: Database; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  async function organization(slug: string) {
    if (!/^[a-z0-9][a-z0-9-]{0,80}$/i.test(slug)) throw new NotFound();
    const org = await db.admin((q) => sql.organizationBySlug(q, slug));
    if (!org) throw new NotFound();
    return org;
  }

  /** What the public form needs: the organisation's name and its sites by municipality. */
  async function page(slug: string) {
    const org = await organization(slug);
    const sites = await db.tx({ orgId: org.id, userId: null }, (q) => sql.siteChoices(q));
    return { org, sites };
  }

  /** Photos checked by content and stripped of metadata; anything else is named and refused. */
  async function cleanPhotos(files: IncomingPhoto[]): Promise<{ clean: { mime: string; content: Buffer }[]; issues: FieldIssue[] }> {
    const issues: FieldIssue[] = [];
    const clean: { mime: string; content: Buffer }[] = [];
    if (files.length > ATTACHMENT_MAX_FILES) issues.push({ field: 'photos', key: 'grievances.errors.tooManyPhotos', params: { max: ATTACHMENT_MAX_FILES } });
    for (const [i, f] of files.slice(0, ATTACHMENT_MAX_FILES).entries()) {
      const n = i + 1;
      if (f.content.length > ATTACHMENT_MAX_BYTES) { issues.push({ field: 'photos', key: 'grievances.errors.photoTooLarge', params: { n, max: ATTACHMENT_MAX_BYTES / 1024 / 1024 } }); continue; }
      const sniffed = await sniffEvidence(f.content, f.originalName);
      if (!sniffed.ok || !PHOTO_TYPES.has(sniffed.mime)) { issues.push({ field: 'photos', key: 'grievances.errors.photoType', params: { n } }); continue; }
      const stripped = stripMetadata(sniffed.mime, f.content);
      if (!stripped.ok) { issues.push({ field: 'photos', key: 'grievances.errors.photoUnreadable', params: { n } }); continue; }
      clean.push({ mime: sniffed.mime, content: stripped.content });
    }
    return { clean, issues };
  }

  /** Stores a report; returns the receipt and the secret, which exists only in this answer. */
  async function submit(slug: string, body: unknown, files: IncomingPhoto[], language: string) {
    const org = await organization(slug);
    const issues: FieldIssue[] = [];
    let input: ReturnType<typeof reportSchema.parse> | undefined;
    try {
      input = parseInput(reportSchema, body);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      issues.push(...e.issues);
    }
    const photos = await cleanPhotos(files);
    issues.push(...photos.issues);
    if (issues.length || !input) throw new ValidationFailed(issues);
    const actor = reporterActor(org);
    const { secret, hash } = newSecret();
    const receivedOn = localToday(now());
    const due = deadlinesOnReceipt(receivedOn);
    const v = input;
    const created = await db.tx({ orgId: org.id, userId: null }, async (q) => {
      if (v.siteId && !(await sql.siteExists(q, v.siteId))) throw new ValidationFailed([{ field: 'siteId', key: 'grievances.errors.site' }]);
      let id: string | null = null;
      let receipt = '';
      // A taken receipt (1 in 852 million per report) just draws another.
      for (let attempt = 0; !id && attempt < 5; attempt++) {
        receipt = newReceipt();
        id = await sql.insertReport(q, {
          receipt, secretHash: hash, category: v.category, siteId: v.siteId ?? null, place: v.place ?? null, description: v.description,
          contact: v.contact ?? null, language: language === 'en' ? 'en' : 'es-MX', receivedOn,
          acknowledgeDueOn: due.acknowledgeDueOn, feedbackDueOn: due.feedbackDueOn,
        });
      }
      if (!id) throw new Error('no free receipt number');
      for (const p of photos.clean) await sql.insertAttachment(q, { reportId: id, ...p });
      await recordAudit(q, actor, { action: 'grievance.received', targetType: 'grievance', targetId: id, details: { category: v.category, photos: photos.clean.length } });
      await emitWebhookEvent(q, 'grievance.received', { grievanceId: id, category: v.category });
      return { id, receipt };
    });
    return { receipt: created.receipt, secret, acknowledgeDueOn: due.acknowledgeDueOn, feedbackDueOn: due.feedbackDueOn, orgName: org.name };
  }

  async function unlock(q: Queryable, body: unknown) {
    const a = parseInput(accessSchema, body);
    const receipt = canonicalReceipt(a.receipt);
    const report = receipt ? await sql.reportByReceipt(q, receipt) : undefined;
    if (!report || !secretMatches(a.secret, report.secret_hash)) throw new WrongCode();
    return { report, receipt: receipt!, secret: a.secret };
  }

  /** The report, replies and outcome, for whoever holds the receipt and the secret. */
  async function open(slug: string, body: unknown) {
    const org = await organization(slug);
    return db.tx({ orgId: org.id, userId: null }, async (q) => {
      const { report, receipt, secret } = await unlock(q, body);
      return { org, report, receipt, secret, messages: await sql.messages(q, report.id) };
    });
  }

  /** The reporter answers; still anonymous, still only with receipt and secret. */
  async function reply(slug: string, body: unknown) {
    const org = await organization(slug);
    const message = parseInput(messageSchema, body);
    return db.tx({ orgId: org.id, userId: null }, async (q) => {
      const { report } = await unlock(q, body);
      if (report.status === 'closed') throw new ValidationFailed([{ field: 'body', key: 'grievances.errors.closed' }]);
      await sql.insertMessage(q, { reportId: report.id, author: 'reporter', userId: null, body: message.body, on: localToday(now()) });
      await recordAudit(q, reporterActor(org), { action: 'grievance.reporter_replied', targetType: 'grievance', targetId: report.id });
    });
  }

  return { page, submit, open, reply, organization };
}

export type GrievanceIntake = ReturnType<typeof createGrievanceIntake>;
