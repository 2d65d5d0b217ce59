import { z } from 'zod';

const optional = (max: number, key: string) =>
  z.string().trim().max(max, { message: key }).optional().transform((v) => (v ? v : null));

// RFC: 3 (companies) or 4 (people) letters, a date, and a 3-character check code.
const RFC = /^[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}$/;

export const detailsSchema = z.object({
  name: z.string().trim().min(2, { message: 'orgProfile.errors.name' }).max(120, { message: 'orgProfile.errors.name' }),
  legalName: optional(200, 'orgProfile.errors.legalName'),
  taxId: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .refine((v) => !v || RFC.test(v), { message: 'orgProfile.errors.taxId' })
    .transform((v) => (v ? v : null)),
  address: optional(500, 'orgProfile.errors.address'),
  contactEmail: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || z.string().email().safeParse(v).success, { message: 'orgProfile.errors.contactEmail' })
    .transform((v) => (v ? v.toLowerCase() : null)),
});

export type DetailsInput = z.infer<typeof detailsSchema>;
