import { z } from 'zod';
import { isIsoDate } from '../questionnaires/conditions.ts';

const E = 'reports.errors.';
const blankAsMissing = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const day = (field: string) =>
  z.preprocess(blankAsMissing, z.string({ message: `${E}${field}` }).trim().refine((v) => isIsoDate(v), { message: `${E}${field}` }).optional());

/** The generate form: kind, language, and the supplier or period the kind needs. */
export const generateSchema = z
  .object({
    kind: z.enum(['supplier', 'company', 'portfolio'], { message: `${E}kind` }),
    locale: z.enum(['es-MX', 'en'], { message: `${E}locale` }),
    supplierId: z.preprocess(blankAsMissing, z.string().trim().optional()),
    periodFrom: day('periodFrom'),
    periodTo: day('periodTo'),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'supplier' && !/^[0-9a-f-]{36}$/i.test(v.supplierId ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['supplierId'], message: `${E}supplierId` });
    }
    if (v.periodFrom && v.periodTo && v.periodFrom > v.periodTo) {
      ctx.addIssue({ code: 'custom', path: ['periodTo'], message: `${E}periodOrder` });
    }
  });

export type GenerateInput = z.output<typeof generateSchema>;

/** A pasted SHA-256: 64 hex digits, any case, spaces around ignored. */
export const shaSchema = z
  .string()
  .trim()
  .transform((v) => v.toLowerCase())
  .refine((v) => /^[0-9a-f]{64}$/.test(v), { message: `${E}sha256` });
