import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { NotFound } from '../errors.ts';
import type { JobService } from '../jobs/job.service.ts';
import { DEFAULT_WEIGHTS, parseWeights, type ScoringWeights, type TenantWeights } from '../scoring/weights.ts';
import { explainSite, explainSupplier } from './score.explain.ts';
import { registerRescoreJob } from './rescore.job.ts';
import * as runs from './rescore.queries.ts';
import { rescoreOrganization, tenantWeights, type RescoreOptions, type RescoreResult } from './rescore.ts';
import type { RiskLevelFilter } from './score.filters.ts';
import * as sql from './score.queries.ts';

export type { SupplierScoreSummary } from './score.queries.ts';

/** A queued job asked for more suppliers than this is widened to the whole organisation. */
const MAX_QUEUED_IDS = 5_000;

/** Current scores of a list of suppliers, inside the caller's tenant transaction (lists, exports, reports). */
export function currentSupplierScores(q: Queryable, supplierIds: readonly string[]) {
  return sql.currentSupplierScores(q, supplierIds);
}

export function createScoreService(deps: { db: Database; jobs: JobService }) {
  const { db, jobs } = deps;
  const tx = <T>(actor: Actor, fn: (q: Queryable) => Promise<T>) => db.tx(dbContext(actor), fn);

  /**
   * Queues a re-scoring of these suppliers (all when null). Suppliers and assessments call
   * it after edits and reviews; a job still queued is widened rather than duplicated.
   */
  async function requestRescore(actor: Actor, supplierIds: readonly string[] | null = null, reason = 'manual'): Promise<string> {
    authorize(actor, 'scores.rescore');
    const merged = await tx(actor, async (q) => {
      const queued = await runs.selectQueuedRescore(q, actor.orgId);
      if (!queued) return null;
      const before = queued.payload.supplierIds as string[] | null | undefined;
      let ids: string[] | null = before && supplierIds ? [...new Set([...before, ...supplierIds])] : null;
      if (ids && ids.length > MAX_QUEUED_IDS) ids = null;
      const reasons = new Set(String(queued.payload.reason ?? 'manual').split(','));
      reasons.add(reason);
      await runs.updateQueuedPayload(q, actor.orgId, queued.id, { supplierIds: ids, reason: [...reasons].join(',') });
      return queued.id;
    });
    return merged ?? jobs.enqueue(actor, 'rescore', { supplierIds: supplierIds ? [...supplierIds] : null, reason });
  }

  const service = {
    requestRescore,

    /** After a review: re-scores the assessment's supplier (404 for another tenant's id). */
    async requestRescoreForAssessment(actor: Actor, assessmentId: string): Promise<string> {
      const r = await tx(actor, (q) => q.query<{ supplier_id: string }>(`SELECT supplier_id FROM assessments WHERE id = $1`, [assessmentId]));
      if (!r.rows[0]) throw new NotFound();
      return requestRescore(actor, [r.rows[0].supplier_id], 'assessment');
    },

    /** After a finding or child case is opened, changed or closed: re-scores its supplier (404 for another tenant's id). */
    async requestRescoreForEvidence(actor: Actor, kind: 'finding' | 'case', id: string): Promise<string> {
      const r = await tx(actor, (q) => q.query<{ supplier_id: string }>(
        kind === 'finding'
          ? `SELECT supplier_id FROM findings WHERE id = $1`
          : `SELECT s.supplier_id FROM child_cases c JOIN sites s ON s.organization_id = c.organization_id AND s.id = c.site_id WHERE c.id = $1`,
        [id],
      ));
      if (!r.rows[0]) throw new NotFound();
      return requestRescore(actor, [r.rows[0].supplier_id], kind === 'finding' ? 'finding' : 'case');
    },

    /** What the job runs (and the benchmark): see rescore.ts. */
    rescoreOrganization(actor: Actor, opts: RescoreOptions = {}): Promise<RescoreResult> {
      authorize(actor, 'scores.rescore');
      return rescoreOrganization(db, actor, opts);
    },

    /**
     * A new active risk dataset changes every territorial score: queue a re-scoring in every
     * organisation that has suppliers. Platform-level (called after a dataset is activated).
     */
    async requestRescoreEverywhere(reason = 'dataset'): Promise<string[]> {
      const orgs = await db.admin((q) => runs.selectOrganizationsWithSuppliers(q));
      const ids: string[] = [];
      for (const o of orgs) {
        const system: Actor = {
          orgId: o.id, orgName: o.name, orgKind: o.kind, role: 'analyst', via: 'membership', userId: null,
          userName: 'system', isPlatformAdmin: false,
        };
        ids.push(await requestRescore(system, null, reason));
      }
      return ids;
    },

    async weights(actor: Actor): Promise<{ effective: ScoringWeights; custom: boolean; defaults: ScoringWeights; updatedAt: Date | null }> {
      authorize(actor, 'scores.read');
      return tx(actor, async (q) => {
        const { weights, custom } = await tenantWeights(q, actor.orgId);
        const r = await q.query<{ updated_at: Date }>(`SELECT updated_at FROM scoring_settings WHERE organization_id = $1`, [actor.orgId]);
        return { effective: weights, custom, defaults: DEFAULT_WEIGHTS, updatedAt: r.rows[0] ? new Date(r.rows[0].updated_at) : null };
      });
    },

    /**
     * Validates and stores the tenant's weights (throws ValidationFailed naming the field),
     * records it in the audit log and queues the re-scoring. Returns the job id.
     */
    async saveWeights(actor: Actor, override: TenantWeights): Promise<string> {
      authorize(actor, 'scores.configure');
      const effective = parseWeights(Object.keys(override).length ? override : undefined);
      await tx(actor, async (q) => {
        const before = await runs.selectWeightsOverride(q, actor.orgId);
        await q.query(
          `INSERT INTO scoring_settings (organization_id, weights, updated_by, updated_at) VALUES ($1, $2, $3, now())
           ON CONFLICT (organization_id) DO UPDATE SET weights = EXCLUDED.weights, updated_by = EXCLUDED.updated_by, updated_at = now()`,
          [actor.orgId, JSON.stringify(override), actor.userId],
        );
        await recordAudit(q, actor, {
          action: 'scoring.weightsChanged',
          targetType: 'scoring_settings',
          targetId: actor.orgId,
          details: { before: before ?? {}, after: override, effective },
        });
      });
      return requestRescore(actor, null, 'weights');
    },

    async supplierScore(actor: Actor, supplierId: string) {
      authorize(actor, 'scores.read');
      return tx(actor, async (q) => {
        const supplier = await sql.selectSupplierRef(q, supplierId);
        if (!supplier) throw new NotFound();
        const history = await sql.selectSupplierScoreRows(q, supplierId);
        const current = history.find((h) => h.isCurrent) ?? null;
        const sites = await sql.selectSupplierSites(q, supplierId);
        return {
          supplier,
          current: current ? { ...current, explained: await explainSupplier(q, current) } : null,
          sites,
          history: history.map(({ explanation: _e, inputs: _i, weights: _w, ...h }) => h),
        };
      });
    },

    async siteScore(actor: Actor, siteId: string, scoreId: string | null = null) {
      authorize(actor, 'scores.read');
      return tx(actor, async (q) => {
        const site = await sql.selectSiteRef(q, siteId);
        if (!site) throw new NotFound();
        const score = await sql.selectSiteScore(q, siteId, scoreId);
        if (scoreId && !score) throw new NotFound();
        const history = await sql.selectSiteHistory(q, siteId);
        return { site, score: score ? { ...score, explained: await explainSite(q, score) } : null, history };
      });
    },

    async list(actor: Actor, f: { levels: RiskLevelFilter[]; limit: number; offset: number }) {
      authorize(actor, 'scores.read');
      return tx(actor, (q) => sql.selectScoreList(q, f));
    },

    async currentSupplierScores(actor: Actor, supplierIds: readonly string[]) {
      authorize(actor, 'scores.read');
      return tx(actor, (q) => sql.currentSupplierScores(q, supplierIds));
    },
  };

  registerRescoreJob(jobs, (actor, opts) => rescoreOrganization(db, actor, opts));
  return service;
}

export type ScoreService = ReturnType<typeof createScoreService>;
