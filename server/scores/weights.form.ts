import { ValidationFailed, type FieldIssue } from '../errors.ts';
import { DEFAULT_WEIGHTS, WORKFORCE_FACTORS, type ScoringWeights, type TenantWeights } from '../scoring/weights.ts';

/** Every tunable weight as a dotted path, in the order the settings page shows them. */
export const WEIGHT_GROUPS = [
  { group: 'components', fields: ['components.territorial', 'components.sector', 'components.workforce'] },
  { group: 'workforceFactors', fields: WORKFORCE_FACTORS.map((f) => `workforceFactors.${f}`) },
  { group: 'controls', fields: ['controlsReduction'] },
  { group: 'redFlagFloors', fields: ['redFlagFloors.critical', 'redFlagFloors.high'] },
  { group: 'commodityUplift', fields: ['commodityUplift.childLabour', 'commodityUplift.childAndForcedLabour'] },
  { group: 'unknown', fields: ['unknownScore'] },
] as const;
export const WEIGHT_FIELDS: string[] = WEIGHT_GROUPS.flatMap((g) => [...g.fields]);

export function weightAt(w: ScoringWeights | TenantWeights, path: string): number | undefined {
  let v: unknown = w;
  for (const k of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return typeof v === 'number' ? v : undefined;
}

/**
 * The tenant override from the settings form (one input per dotted path). Only values
 * that differ from the defaults are kept, so a later change of a documented default
 * reaches tenants who never touched it. An empty field means "use the default".
 * Unreadable numbers throw ValidationFailed naming the field; ranges and sums are
 * checked afterwards by parseWeights.
 */
export function overrideFromForm(body: Record<string, unknown>): TenantWeights {
  const issues: FieldIssue[] = [];
  const override: Record<string, unknown> = {};
  for (const field of WEIGHT_FIELDS) {
    const raw = typeof body[field] === 'string' ? (body[field] as string).trim().replace(',', '.') : '';
    if (raw === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      issues.push({ field, key: 'scoring.weights.errors.notANumber', params: {} });
      continue;
    }
    if (value === weightAt(DEFAULT_WEIGHTS, field)) continue;
    const [group, key] = field.split('.');
    if (key === undefined) override[group] = value;
    else override[group] = { ...(override[group] as object), [key]: value };
  }
  if (issues.length > 0) throw new ValidationFailed(issues, 'scoring.weights.errors.invalid');
  return override as TenantWeights;
}
