import { z } from 'zod';

const text = (key: string) => z.string().trim().max(200, { message: key }).optional().transform((v) => (v ? v : null));

/**
 * Who answers for due diligence (LkSG §4(3)) and the policy statement's particulars
 * (§6(2)); the statement's file arrives apart (multipart) and is checked by content.
 */
export const dueDiligenceSchema = z.object({
  responsibleName: text('orgProfile.errors.responsibleName'),
  responsiblePosition: text('orgProfile.errors.responsiblePosition'),
  policyTitle: text('orgProfile.errors.policyTitle'),
  policyDate: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), { message: 'orgProfile.errors.policyDate' })
    .transform((v) => (v ? v : null)),
  policyApprovedBy: text('orgProfile.errors.policyApprovedBy'),
});

export type DueDiligenceInput = z.infer<typeof dueDiligenceSchema>;
