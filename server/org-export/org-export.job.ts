import path from 'node:path';
import type { Database } from '../db/types.ts';
import type { JobService } from '../jobs/job.service.ts';
import { dbContext } from '../auth/actor.ts';
import { can } from '../auth/policy.ts';
import type { Role } from '../auth/actor.ts';
import { Forbidden } from '../errors.ts';
import { entityFiles, storedFiles, writeArchive, type ArchiveEntry } from './org-export.archive.ts';
import * as exportsDb from './org-export.queries.ts';

export const EXPORT_JOB = 'org.export';
export const EXPORTS_AREA = 'exports';

/** Data about children: exported only to someone who may read child cases (see README). */
export const CHILD_CASE_TABLES = ['child_cases', 'case_referrals', 'case_followups'];

export function exportFilePath(storageDir: string, orgId: string, jobId: string): string {
  return path.join(path.resolve(storageDir), EXPORTS_AREA, orgId, `${jobId}.zip`);
}

/**
 * The whole organisation as a ZIP: every tenant table as CSV and JSON, the stored files
 * (evidence, reports, imports), and manifest.json with the SHA-256 of each file. Read as
 * the request role in the organisation's context, so RLS bounds what can leave.
 */
export function registerOrgExportJob(jobs: JobService, deps: { db: Database; storageDir: string }) {
  const { db, storageDir } = deps;
  jobs.register(EXPORT_JOB, async ({ job, actor, progress }) => {
    const ctx = dbContext(actor);
    // Entitlement is checked again when the job runs: the requester may have lost ownership.
    const role = job.created_by ? await db.tx(ctx, (q) => exportsDb.memberRole(q, job.created_by!)) : undefined;
    if (!role || !can({ role: role as Role }, 'org.export')) throw new Forbidden('orgData.errors.notOwner');
    const includeChildCases = can({ role: role as Role }, 'cases.read');
    const tables = await db.admin((q) => exportsDb.listTenantTables(q));
    await progress(0, tables.length + 2);
    const entries: ArchiveEntry[] = [];
    const org = await db.tx(ctx, (q) => exportsDb.organizationRow(q));
    entries.push(...entityFiles('organization', org ? [org] : []));
    let done = 1;
    const excluded: string[] = [];
    for (const table of tables) {
      if (CHILD_CASE_TABLES.includes(table) && !includeChildCases) {
        excluded.push(table);
        continue;
      }
      const rows = await db.tx(ctx, (q) => exportsDb.tenantRows(q, table));
      entries.push(...entityFiles(table, rows));
      await progress(++done);
    }
    entries.push(...(await storedFiles(storageDir, actor.orgId, [EXPORTS_AREA])));
    const target = exportFilePath(storageDir, actor.orgId, job.id);
    const written = await writeArchive(target, entries, {
      format: 'vigia-organization-export/1',
      organization: { id: actor.orgId, name: actor.orgName, kind: actor.orgKind },
      generatedAt: new Date().toISOString(),
      requestedBy: job.created_by,
      childCases: includeChildCases ? 'included' : 'excluded',
      excludedTables: excluded,
    });
    return { file: path.basename(target), ...written, href: '/settings/organization/data' };
  });
}
