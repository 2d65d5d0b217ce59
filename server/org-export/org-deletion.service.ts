import { rm, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Database, Queryable } from '../db/types.ts';
import type { JobService } from '../jobs/job.service.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { insertAuditEntry } from '../audit/audit.queries.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../errors.ts';
import { listTenantTables } from './org-export.queries.ts';
import * as deletion from './org-deletion.queries.ts';

export const PURGE_JOB = 'org.purge';
export const GRACE_DAYS = 30;

/**
 * Deleting an organisation (LFPDPPP cancellation): an owner asks, nothing disappears for
 * GRACE_DAYS (any owner may cancel), then a job purges every row and stored file.
 */
export function createOrgDeletionService(deps: { db: Database; jobs: JobService; storageDir: string }) {
  const { db, jobs, storageDir } = deps;

  function assertOwner(actor: Actor) {
    authorize(actor, 'org.delete');
    if (actor.via !== 'membership' || actor.apiKeyId) throw new Forbidden();
  }

  async function request(actor: Actor, confirmName: string, ip: string | null): Promise<Date> {
    assertOwner(actor);
    if (confirmName.trim().toLowerCase() !== actor.orgName.trim().toLowerCase()) {
      throw new ValidationFailed([{ field: 'confirmName', key: 'orgData.errors.confirmName', params: { name: actor.orgName } }]);
    }
    const deleteAfter = await db.tx(dbContext(actor), async (q) => {
      const at = await deletion.scheduleDeletion(q, actor.userId, GRACE_DAYS);
      if (!at) throw new Conflict('orgData.errors.alreadyScheduled');
      const event = { action: 'organization.deletion_requested', targetType: 'organization', targetId: actor.orgId, details: { deleteAfter: at.toISOString() } };
      await recordAudit(q, actor, event, ip);
      await insertAuditEntry(q, { organizationId: null, actorUserId: actor.userId, actorLabel: actor.userName, ...event, ip });
      return at;
    });
    // A job that finds the deletion cancelled (or postponed by a new request) does nothing.
    const jobId = await jobs.enqueue(actor, PURGE_JOB, { deleteAfter: deleteAfter.toISOString() });
    await db.tx(dbContext(actor), (q) => deletion.delayJob(q, jobId, deleteAfter));
    return deleteAfter;
  }

  async function cancel(actor: Actor, ip: string | null): Promise<void> {
    assertOwner(actor);
    await db.tx(dbContext(actor), async (q) => {
      if (!(await deletion.cancelDeletion(q))) throw new NotFound();
      const event = { action: 'organization.deletion_cancelled', targetType: 'organization', targetId: actor.orgId };
      await recordAudit(q, actor, event, ip);
      await insertAuditEntry(q, { organizationId: null, actorUserId: actor.userId, actorLabel: actor.userName, ...event, ip });
    });
  }

  /** Runs on the owner connection: it crosses tenants (users, the organisation row itself). */
  async function purge(orgId: string): Promise<{ purged: boolean; rows?: Record<string, number> }> {
    const rows = await db.admin(async (q) => {
      const due = await deletion.dueForPurge(q, orgId);
      if (!due) return null;
      const sole = await deletion.soleMembers(q, orgId);
      const counts = await deleteTenantRows(q, orgId);
      await q.query(`DELETE FROM audit_log WHERE organization_id = $1`, [orgId]);
      await q.query(`DELETE FROM organizations WHERE id = $1`, [orgId]);
      let users = 0;
      for (const userId of sole) {
        // An account still referenced elsewhere (e.g. as an author in another tenant) stays.
        await q.query('SAVEPOINT purge_user');
        try {
          users += (await q.query(`DELETE FROM users WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM memberships WHERE user_id = $1)`, [userId])).rowCount;
          await q.query('RELEASE SAVEPOINT purge_user');
        } catch {
          await q.query('ROLLBACK TO SAVEPOINT purge_user');
        }
      }
      await insertAuditEntry(q, {
        organizationId: null, actorUserId: null, actorLabel: 'system', action: 'platform.organization_purged',
        targetType: 'organization', targetId: orgId, details: { name: due.name, slug: due.slug, kind: due.kind, rows: counts, users },
      });
      return counts;
    });
    if (!rows) return { purged: false };
    await removeStoredFiles(orgId);
    return { purged: true, rows };
  }

  async function removeStoredFiles(orgId: string) {
    const areas = await readdir(storageDir, { withFileTypes: true }).catch(() => []);
    for (const area of areas) {
      if (area.isDirectory()) await rm(path.join(storageDir, area.name, orgId), { recursive: true, force: true });
    }
  }

  jobs.register(PURGE_JOB, async ({ job }) => purge(job.organization_id));

  return { request, cancel, purge };
}

/**
 * Deletes the organisation's rows from every tenant table but the audit log. Tables refer
 * to each other with RESTRICT, so a table that cannot go yet is retried after the others.
 */
async function deleteTenantRows(q: Queryable, orgId: string): Promise<Record<string, number>> {
  let pending = (await listTenantTables(q)).filter((t) => t !== 'audit_log');
  const counts: Record<string, number> = {};
  while (pending.length) {
    const failed: string[] = [];
    let lastError: unknown;
    for (const table of pending) {
      await q.query('SAVEPOINT purge_table');
      try {
        counts[table] = (await q.query(`DELETE FROM "${table}" WHERE organization_id = $1`, [orgId])).rowCount;
        await q.query('RELEASE SAVEPOINT purge_table');
      } catch (err) {
        await q.query('ROLLBACK TO SAVEPOINT purge_table');
        failed.push(table);
        lastError = err;
      }
    }
    if (failed.length === pending.length) throw lastError;
    pending = failed;
  }
  return counts;
}

export type OrgDeletionService = ReturnType<typeof createOrgDeletionService>;
