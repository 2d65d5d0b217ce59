import type { DemoStep } from '../seed/demo.ts';

/**
 * Demo data: queue the first scoring of the demo company. The seed runs as the owner in one
 * transaction, so the scores are computed by the worker right after start-up, through the
 * same job and tenant transaction as any re-scoring.
 */
export const scoresDemoStep: DemoStep = async (q, { companyId, ownerId }) => {
  await q.query(
    `INSERT INTO jobs (organization_id, kind, payload, created_by) VALUES ($1, 'rescore', $2, $3)`,
    [companyId, JSON.stringify({ supplierIds: null, reason: 'demo' }), ownerId],
  );
};
