import { readFile } from 'node:fs/promises';
import type { Database } from '../db/types.ts';
import type { JobService } from '../jobs/job.service.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Forbidden, NotFound } from '../errors.ts';
import { EXPORT_JOB, exportFilePath } from './org-export.job.ts';
import { sha256 } from './org-export.archive.ts';
import * as exportsDb from './org-export.queries.ts';

/** Exporting all of an organisation's data (LFPDPPP access and portability): owners only, audited. */
export function createOrgExportService(deps: { db: Database; jobs: JobService; storageDir: string }) {
  const { db, jobs, storageDir } = deps;

  function assertOwner(actor: Actor) {
    authorize(actor, 'org.export');
    if (actor.via !== 'membership' || actor.apiKeyId) throw new Forbidden();
  }

  async function request(actor: Actor, ip: string | null): Promise<string> {
    assertOwner(actor);
    const jobId = await jobs.enqueue(actor, EXPORT_JOB, {});
    await db.tx(dbContext(actor), (q) =>
      recordAudit(q, actor, { action: 'organization.export_requested', targetType: 'job', targetId: jobId }, ip),
    );
    return jobId;
  }

  async function list(actor: Actor) {
    assertOwner(actor);
    return db.tx(dbContext(actor), (q) => exportsDb.listExportJobs(q, EXPORT_JOB));
  }

  /** The ZIP's bytes, checked against the hash recorded when it was written. */
  async function download(actor: Actor, jobId: string, ip: string | null): Promise<{ name: string; content: Buffer }> {
    assertOwner(actor);
    const job = await db.tx(dbContext(actor), (q) => exportsDb.getExportJob(q, EXPORT_JOB, jobId));
    if (!job || job.status !== 'succeeded' || !job.result?.sha256) throw new NotFound();
    const content = await readFile(exportFilePath(storageDir, actor.orgId, job.id)).catch(() => null);
    if (!content || sha256(content) !== job.result.sha256) throw new NotFound('orgData.errors.exportGone');
    await db.tx(dbContext(actor), (q) =>
      recordAudit(q, actor, { action: 'organization.export_downloaded', targetType: 'job', targetId: job.id, details: { sha256: job.result!.sha256 } }, ip),
    );
    return { name: `vigia-export-${job.created_at.toISOString().slice(0, 10)}-${job.id.slice(0, 8)}.zip`, content };
  }

  return { request, list, download };
}

export type OrgExportService = ReturnType<typeof createOrgExportService>;
