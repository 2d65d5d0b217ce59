import { authorize } from '../auth/policy.ts';
import type { Database, Queryable } from '../db/types.ts';
import type { Actor } from '../auth/actor.ts';
import { insertAuditEntry } from '../audit/audit.queries.ts';
import { Conflict, Forbidden, NotFound } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { selectDataset, setActive, datasetCoverage } from './risk-dataset.queries.ts';
import { type ImportReport, type ImportRiskDatasetInput, type RiskDataset, importWith, listDatasets } from './risk-dataset.service.ts';

/** The score service's hook (server/scores): queue a re-scoring in every organisation. */
export interface RescoreEverywhere {
  requestRescoreEverywhere(reason?: string): Promise<string[]>;
}

export interface RiskDatasetAdminDeps {
  db: Database;
  /** Absent until the score service is composed; activation then only switches the dataset. */
  scores?: RescoreEverywhere;
  logger?: Logger;
}

export interface AdminImportInput extends Omit<ImportRiskDatasetInput, 'importedBy'> {
  ip?: string | null;
}

/** Risk datasets are shared by every tenant: only platform administrators change them. */
export function authorizePlatformAdmin(actor: Pick<Actor, 'isPlatformAdmin'> | undefined): void {
  if (!actor?.isPlatformAdmin) throw new Forbidden('riskDatasets.admin.platformOnly');
}

// Platform entries (organization_id NULL) form their own audit chain; the actor's
// organisation is recorded only as context.
function audit(q: Queryable, actor: Actor, action: string, dataset: RiskDataset, details: Record<string, unknown>, ip?: string | null) {
  return insertAuditEntry(q, {
    organizationId: null,
    actorUserId: actor.userId,
    actorLabel: actor.userName,
    action,
    targetType: 'risk_dataset',
    targetId: dataset.id,
    details: { country: dataset.country, version: dataset.version, name: dataset.name, isDemo: dataset.isDemo, actingOrgId: actor.orgId, ...details },
    ip: ip ?? null,
  });
}

export function createRiskDatasetAdminService(deps: RiskDatasetAdminDeps) {
  const { db } = deps;

  /** A new dataset in use changes every territorial score; the score service re-scores each tenant. */
  async function rescore(dataset: RiskDataset): Promise<number> {
    if (!deps.scores) return 0;
    try {
      return (await deps.scores.requestRescoreEverywhere('dataset')).length;
    } catch (err) {
      // The switch is committed; a failed enqueue must not report the activation as failed.
      deps.logger?.error({ err, datasetId: dataset.id }, 'could not queue re-scoring after dataset activation');
      return 0;
    }
  }

  return {
    /** Reference data every tenant may read (scores name the version they used). */
    async listPublished(actor: Actor): Promise<RiskDataset[]> {
      authorize(actor, 'territories.read');
      return db.admin((q) => listDatasets(q));
    },

    async list(actor: Actor): Promise<RiskDataset[]> {
      authorizePlatformAdmin(actor);
      return db.admin((q) => listDatasets(q));
    },

    /**
     * Imports a file as a new version (all or nothing: ValidationFailed with every row's
     * problems, nothing written), records it in the platform audit log in the same
     * transaction, and re-scores when it was activated.
     */
    async import(actor: Actor, input: AdminImportInput): Promise<ImportReport & { rescoreJobs: number }> {
      authorizePlatformAdmin(actor);
      const { ip, ...rest } = input;
      const report = await db.admin(async (q) => {
        const r = await importWith(db, q, { ...rest, importedBy: actor.userId });
        await audit(q, actor, 'riskDataset.imported', r.dataset, {
          rows: r.dataset.rowCount, fileName: r.dataset.fileName, fileSha256: r.dataset.fileSha256,
          levels: r.dataset.levelScale, activated: r.dataset.isActive,
        }, ip);
        return r;
      });
      const rescoreJobs = report.dataset.isActive ? await rescore(report.dataset) : 0;
      return { ...report, rescoreJobs };
    },

    /** What putting a version in use would change: its coverage and the version in use now. */
    async coverage(actor: Actor, id: string) {
      authorizePlatformAdmin(actor);
      return db.admin(async (q) => {
        const dataset = await selectDataset(q, id);
        if (!dataset) throw new NotFound('riskDatasets.errors.notFound');
        const active = (await listDatasets(q, dataset.country)).find((d) => d.isActive) ?? null;
        return { dataset, active, coverage: await datasetCoverage(q, id, dataset.country) };
      });
    },

    /** Makes a version the one in use for its country; the previous one stays, inactive. */
    async activate(
      actor: Actor, id: string, ip?: string | null,
    ): Promise<{ dataset: RiskDataset; previous: RiskDataset | null; changed: boolean; rescoreJobs: number }> {
      authorizePlatformAdmin(actor);
      const { dataset, previous, changed } = await db.admin(async (q) => {
        const target = await selectDataset(q, id, { lock: true });
        if (!target) throw new NotFound('riskDatasets.errors.notFound');
        if (target.status === 'retired') throw new Conflict('riskDatasets.errors.retired', { version: target.version });
        const before = (await listDatasets(q, target.country)).find((d) => d.isActive) ?? null;
        if (before?.id === target.id) return { dataset: target, previous: null, changed: false };
        await setActive(q, target.country, target.id);
        const after = (await selectDataset(q, target.id))!;
        await audit(q, actor, 'riskDataset.activated', after, { previousId: before?.id ?? null, previousVersion: before?.version ?? null }, ip);
        return { dataset: after, previous: before, changed: true };
      });
      const rescoreJobs = changed ? await rescore(dataset) : 0;
      return { dataset, previous, changed, rescoreJobs };
    },
  };
}

export type RiskDatasetAdminService = ReturnType<typeof createRiskDatasetAdminService>;
