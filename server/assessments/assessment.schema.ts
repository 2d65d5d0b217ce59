import { z } from 'zod';
import { isIsoDate } from '../questionnaires/conditions.ts';
import { ASSESSMENT_STATUSES } from './assessment.queries.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (message: string) => z.string().trim().regex(UUID, { message });
const email = z.string().trim().email({ message: 'assessments.errors.contactEmail' }).max(254, { message: 'assessments.errors.contactEmail' });
const dueDate = z.string().trim().refine(isIsoDate, { message: 'assessments.errors.dueDate' });
const language = z.enum(['es-MX', 'en'], { message: 'assessments.errors.language' });

export const createAssessmentSchema = z.object({
  supplierId: uuid('assessments.errors.supplier'),
  siteId: z.union([z.literal(''), uuid('assessments.errors.site')]).optional().transform((v) => v || null),
  /** Omitted or blank: the latest shipped questionnaire (v2). */
  templateId: z.union([z.literal(''), uuid('assessments.errors.template')]).optional().transform((v) => v || null),
  dueDate,
  contactEmail: email,
  language,
  action: z.enum(['send', 'draft']).default('send'),
});
export type CreateAssessmentInput = z.infer<typeof createAssessmentSchema>;

export const reissueSchema = z.object({
  dueDate: z.union([z.literal(''), dueDate]).optional().transform((v) => v || undefined),
  contactEmail: z.union([z.literal(''), email]).optional().transform((v) => v || undefined),
});
export type ReissueInput = z.infer<typeof reissueSchema>;

export const reviewDecisionSchema = z.enum(['comment', 'return', 'review'], { message: 'assessments.errors.decision' });
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * How far the analyst checked the controls when marking an assessment reviewed
 * (docs/scoring.md, "Evidence levels"). An on-site verification needs who did it and
 * when (not in the future), and whether it was during the harvest season.
 */
export const reviewEvidenceSchema = z
  .object({
    evidenceLevel: z.preprocess(blank, z.enum(['declared', 'documents_reviewed', 'verified_on_site'], { message: 'assessments.errors.evidenceLevel' }).default('declared')),
    verifiedBy: z.preprocess(blank, z.string().trim().max(200, { message: 'assessments.errors.verifiedByLength' }).optional()),
    verifiedOn: z.preprocess(blank, z.string().trim().refine(isIsoDate, { message: 'assessments.errors.verifiedOn' }).optional()),
    verifiedInHarvest: z.preprocess(blank, z.enum(['yes', 'no'], { message: 'assessments.errors.verifiedInHarvest' }).optional()),
  })
  .superRefine((v, ctx) => {
    if (v.evidenceLevel !== 'verified_on_site') return;
    if (!v.verifiedBy) ctx.addIssue({ code: 'custom', path: ['verifiedBy'], message: 'assessments.errors.verifiedBy' });
    if (!v.verifiedOn) ctx.addIssue({ code: 'custom', path: ['verifiedOn'], message: 'assessments.errors.verifiedOn' });
    else if (v.verifiedOn > new Date().toISOString().slice(0, 10)) {
      ctx.addIssue({ code: 'custom', path: ['verifiedOn'], message: 'assessments.errors.verifiedOnFuture' });
    }
    if (!v.verifiedInHarvest) ctx.addIssue({ code: 'custom', path: ['verifiedInHarvest'], message: 'assessments.errors.verifiedInHarvest' });
  })
  .transform((v) => ({
    evidenceLevel: v.evidenceLevel,
    verifiedBy: v.evidenceLevel === 'verified_on_site' ? (v.verifiedBy ?? null) : null,
    verifiedOn: v.evidenceLevel === 'verified_on_site' ? (v.verifiedOn ?? null) : null,
    verifiedInHarvest: v.evidenceLevel === 'verified_on_site' ? v.verifiedInHarvest === 'yes' : null,
  }));
export type ReviewEvidence = z.infer<typeof reviewEvidenceSchema>;

export const listQuerySchema = z.object({
  status: z.enum(ASSESSMENT_STATUSES as [string, ...string[]]).optional().catch(undefined),
  overdue: z.literal('1').optional().catch(undefined),
  supplierId: z.string().regex(UUID).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});

/** Reviewer comments come as `comment_<questionId>` form fields. */
export function commentsFromForm(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(body ?? {})) {
    if (!name.startsWith('comment_') || typeof value !== 'string') continue;
    out[name.slice('comment_'.length)] = value.trim().slice(0, 4000);
  }
  return out;
}
