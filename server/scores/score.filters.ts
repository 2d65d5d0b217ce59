import { z } from 'zod';
import type { RiskLevel } from '../scoring/types.ts';

/**
 * SQL pieces other features' supplier lists plug in, over a `suppliers` alias. They read the
 * current supplier score's level and worst residual from its pointer row (migration 037), by key.
 */

export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical'];
/** 'unscored' = no current score yet (new supplier, re-scoring still queued). */
export type RiskLevelFilter = RiskLevel | 'unscored';
export const riskLevelFilterSchema = z.enum(['low', 'medium', 'high', 'critical', 'unscored']);

const current = (alias: string) =>
  `FROM supplier_score_current rs WHERE rs.organization_id = ${alias}.organization_id AND rs.supplier_id = ${alias}.id`;

/**
 * WHERE condition: the supplier's current level is one of the levels in `placeholder`
 * (a text[] parameter, e.g. '$4' bound to ['high', 'critical']); 'unscored' in the list
 * also matches suppliers without a current score.
 * Example: `where.push(riskLevelFilterSql('s', p(levels)))`.
 */
export function riskLevelFilterSql(alias: string, placeholder: string): string {
  return `(EXISTS (SELECT 1 ${current(alias)} AND rs.level = ANY(${placeholder}::text[]))` +
    ` OR ('unscored' = ANY(${placeholder}::text[]) AND NOT EXISTS (SELECT 1 ${current(alias)})))`;
}

/**
 * ORDER BY expression: most severe first when used with DESC (critical 4 … low 1,
 * unscored 0), ties broken by the worst site's residual. Use as
 * `ORDER BY ${riskLevelSortSql('s')} DESC, s.legal_name, s.id`.
 */
export function riskLevelSortSql(alias: string): string {
  return `coalesce((SELECT CASE rs.level WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END * 1000 + rs.worst_residual
             ${current(alias)}), 0)`;
}

/** Parses `?level=high,critical` (or repeated params) into known levels; unknown values are dropped. */
export function parseLevelFilter(value: unknown): RiskLevelFilter[] {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : []));
  const out: RiskLevelFilter[] = [];
  for (const p of parts) {
    const r = riskLevelFilterSchema.safeParse(p.trim());
    if (r.success && !out.includes(r.data)) out.push(r.data);
  }
  return out;
}
