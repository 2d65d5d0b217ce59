import { z } from 'zod';
import type { FieldIssue } from '../errors.ts';
import { DEFAULT_LEVELS, defaultScale, scaleIssues } from './risk-dataset.scale.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

/** What an import says about the dataset; the file carries only the values. */
export const importOptionsSchema = z
  .object({
    country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/).default('MX'),
    name: text(200),
    /** Unique per country; defaults to "<year>-<n>". */
    version: text(50).optional(),
    source: text(2000),
    year: z.coerce.number().int().min(1990).max(2100),
    licence: text(500),
    isDemo: z.boolean().default(false),
    levels: z
      .array(z.object({ level: text(50), score: z.number() }))
      .default(() => defaultScale(DEFAULT_LEVELS)),
  })
  .superRefine((o, ctx) => {
    for (const issue of scaleIssues(o.levels)) {
      ctx.addIssue({ code: 'custom', path: ['levels'], message: issue.key, params: issue.params });
    }
  });

export type ImportOptionsInput = z.input<typeof importOptionsSchema>;
export type ImportOptions = z.output<typeof importOptionsSchema>;

/** zod's issues as the FieldIssue list ValidationFailed carries (i18n keys, no sentences). */
export function optionIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => {
    const field = i.path.map(String).join('.') || 'options';
    if (i.code === 'custom' && i.message.startsWith('riskDatasets.')) {
      return { field, key: i.message, params: (i as { params?: Record<string, unknown> }).params ?? {} };
    }
    return { field, key: 'riskDatasets.errors.invalidOption', params: { field } };
  });
}
