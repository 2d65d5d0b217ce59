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
