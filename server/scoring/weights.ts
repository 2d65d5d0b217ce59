import { z } from 'zod';
import { ValidationFailed, type FieldIssue } from '../errors.ts';

/**
 * Scoring weights: documented defaults (docs/scoring.md, "Weights") and the rules a
 * tenant's override must satisfy. The engine trusts a ScoringWeights value, so build
 * one with parseWeights() once per tenant, never per score.
 */

/**
 * Workforce facts that can raise the risk, in the order the explanation lists them.
 * Adolescents count only without full protections, seasonal and migrant workers only
 * with a risk condition (components.ts). Indigenous and Afro-descendant counts are never
 * risk inputs: they serve disaggregation only (docs/scoring.md, "What the score is not").
 */
export const WORKFORCE_FACTORS = [
  'adolescents15to17',
  'familyLabour',
  'seasonal',
  'migrant',
  'subcontracted',
] as const;
export type WorkforceFactor = (typeof WORKFORCE_FACTORS)[number];

/**
 * Share of the workforce at which a factor counts in full. Any adolescent or family
 * labour matters, so those saturate early; the others need to be a large part of it.
 */
export const WORKFORCE_SATURATION: Readonly<Record<WorkforceFactor, number>> = Object.freeze({
  adolescents15to17: 0.05,
  familyLabour: 0.1,
  seasonal: 0.5,
  migrant: 0.5,
  subcontracted: 0.5,
});

export interface ScoringWeights {
  components: { territorial: number; sector: number; workforce: number };
  workforceFactors: Record<WorkforceFactor, number>;
  /** Largest share of inherent risk that perfect controls remove. */
  controlsReduction: number;
  /** Lowest residual score a red flag of each severity allows. */
  redFlagFloors: { critical: number; high: number };
  /** Share of the sector's headroom (100 − base) a DOL-listed commodity adds. */
  commodityUplift: { childLabour: number; childAndForcedLabour: number };
  /** Score (0..100) used for anything unknown: territory, sector, a workforce factor. */
  unknownScore: number;
}

export const DEFAULT_WEIGHTS: ScoringWeights = deepFreeze({
  components: { territorial: 0.45, sector: 0.3, workforce: 0.25 },
  workforceFactors: {
    adolescents15to17: 0.25,
    familyLabour: 0.3,
    seasonal: 0.15,
    migrant: 0.15,
    subcontracted: 0.15,
  },
  controlsReduction: 0.6,
  redFlagFloors: { critical: 75, high: 50 },
  commodityUplift: { childLabour: 0.5, childAndForcedLabour: 0.75 },
  unknownScore: 50,
});

const SUM_TOLERANCE = 1e-6;
const E = 'scoring.weights.errors';

const bounded = (min: number, max: number) =>
  z.number({ error: `${E}.notANumber` }).finite().min(min, { error: `${E}.outOfRange` }).max(max, { error: `${E}.outOfRange` });

function sumsToOne(group: string) {
  return (value: Record<string, number>, ctx: z.RefinementCtx): void => {
    const sum = Object.values(value).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      ctx.addIssue({ code: 'custom', message: `${E}.sumNotOne`, params: { group, sum: Math.round(sum * 1e4) / 1e4 } });
    }
  };
}

// Each component keeps at least 5 % so none is silently switched off, and at most 80 % so none decides alone.
const componentsShape = {
  territorial: bounded(0.05, 0.8),
  sector: bounded(0.05, 0.8),
  workforce: bounded(0.05, 0.8),
};
const workforceFactorsShape = Object.fromEntries(WORKFORCE_FACTORS.map((f) => [f, bounded(0, 1)])) as Record<
  WorkforceFactor,
  ReturnType<typeof bounded>
>;
// Floors never below the cut-off of their own level: a critical flag always reads "critical".
const floorsShape = { critical: bounded(75, 100), high: bounded(50, 100) };
const upliftShape = { childLabour: bounded(0, 1), childAndForcedLabour: bounded(0, 1) };

export const scoringWeightsSchema = z.strictObject({
  components: z.strictObject(componentsShape).superRefine(sumsToOne('components')),
  workforceFactors: z.strictObject(workforceFactorsShape).superRefine(sumsToOne('workforceFactors')),
  // Capped at 0.8: answers are the supplier's own, so a fifth of the inherent risk always remains.
  controlsReduction: bounded(0, 0.8),
  redFlagFloors: z.strictObject(floorsShape).refine((f) => f.critical >= f.high, {
    message: `${E}.floorsOrder`,
  }),
  commodityUplift: z.strictObject(upliftShape).refine((u) => u.childAndForcedLabour >= u.childLabour, {
    message: `${E}.upliftOrder`,
  }),
  // Never below the midpoint: missing data must not score better than average.
  unknownScore: bounded(50, 100),
});

/** What a tenant may store: any subset; a group that is given is merged over the defaults. */
export const tenantWeightsSchema = z.strictObject({
  components: z.strictObject(componentsShape).partial().optional(),
  workforceFactors: z.strictObject(workforceFactorsShape).partial().optional(),
  controlsReduction: bounded(0, 0.8).optional(),
  redFlagFloors: z.strictObject(floorsShape).partial().optional(),
  commodityUplift: z.strictObject(upliftShape).partial().optional(),
  unknownScore: bounded(50, 100).optional(),
});
export type TenantWeights = z.infer<typeof tenantWeightsSchema>;

/**
 * Defaults merged with a tenant override, validated and frozen. Throws
 * ValidationFailed whose issues name the field (e.g. "components.sector") and carry
 * an i18n key under scoring.weights.errors with the bounds or the sum as params.
 */
export function parseWeights(override?: unknown): ScoringWeights {
  if (override === undefined || override === null) return DEFAULT_WEIGHTS;
  const legacy = withoutLegacyFactor(override);
  if (legacy) return parseWeights(legacy);
  const partial = tenantWeightsSchema.safeParse(override);
  if (!partial.success) throw new ValidationFailed(toIssues(partial.error), `${E}.invalid`);
  const o = partial.data;
  const d = DEFAULT_WEIGHTS;
  const merged = {
    components: { ...d.components, ...o.components },
    workforceFactors: { ...d.workforceFactors, ...o.workforceFactors },
    controlsReduction: o.controlsReduction ?? d.controlsReduction,
    redFlagFloors: { ...d.redFlagFloors, ...o.redFlagFloors },
    commodityUplift: { ...d.commodityUplift, ...o.commodityUplift },
    unknownScore: o.unknownScore ?? d.unknownScore,
  };
  const full = scoringWeightsSchema.safeParse(merged);
  if (!full.success) throw new ValidationFailed(toIssues(full.error), `${E}.invalid`);
  return deepFreeze(full.data as ScoringWeights);
}

/**
 * Overrides saved before indigenous counts stopped being a risk input still carry
 * `workforceFactors.indigenous`: it is dropped and the tenant's other factors are scaled
 * so the merged group sums to 1 again. Returns null when there is nothing to convert.
 */
function withoutLegacyFactor(override: unknown): Record<string, unknown> | null {
  const o = override as { workforceFactors?: Record<string, unknown> };
  if (!o || typeof o !== 'object' || !o.workforceFactors || typeof o.workforceFactors !== 'object') return null;
  if (!('indigenous' in o.workforceFactors)) return null;
  const { indigenous: _dropped, ...given } = o.workforceFactors;
  const merged: Record<string, number> = { ...DEFAULT_WEIGHTS.workforceFactors };
  for (const [k, v] of Object.entries(given)) if (typeof v === 'number') merged[k] = v;
  const sum = Object.values(merged).reduce((a, b) => a + b, 0);
  if (!(sum > 0)) return { ...o, workforceFactors: given };
  const scaled = Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, v / sum]));
  return { ...o, workforceFactors: scaled };
}

function toIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const i = issue as z.core.$ZodIssue & { keys?: string[]; params?: Record<string, unknown> };
    const field = i.path.join('.');
    if (i.code === 'unrecognized_keys') {
      return { field, key: `${E}.unknownField`, params: { keys: (i.keys ?? []).join(', ') } };
    }
    const params: Record<string, unknown> = { ...i.params };
    if (i.code === 'too_small' || i.code === 'too_big') {
      const [min, max] = boundsAt(i.path);
      Object.assign(params, { min, max });
    }
    const known = typeof i.message === 'string' && i.message.startsWith(`${E}.`);
    return { field, key: known ? i.message : `${E}.invalidField`, params };
  });
}

// Both bounds in every range message, whichever one was broken.
function boundsAt(path: PropertyKey[]): [number | null, number | null] {
  let schema: z.ZodType = scoringWeightsSchema;
  for (const p of path) {
    const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
    if (!shape || typeof p !== 'string' || !shape[p]) return [null, null];
    schema = shape[p];
  }
  const n = schema as z.ZodNumber;
  return [n.minValue ?? null, n.maxValue ?? null];
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
}
