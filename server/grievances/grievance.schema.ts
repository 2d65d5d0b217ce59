import { z } from 'zod';
import { GRIEVANCE_CATEGORIES, GRIEVANCE_OUTCOMES } from './grievance.queries.ts';
import { FINDING_CATEGORIES, FINDING_SEVERITIES } from '../remediation/remediation.types.ts';

/** Form schemas; every message is an i18n key under grievances.errors naming the field. */
const E = 'grievances.errors.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const uuid = (key: string) => z.string().trim().regex(UUID, { message: E + key }).transform((v) => v.toLowerCase());
const optionalUuid = (key: string) => z.union([z.literal(''), uuid(key)]).optional().transform((v) => v || undefined);
// Line breaks kept: a reporter's account reads better as they wrote it.
const text = (min: number, max: number, key: string) =>
  z.string({ message: E + key }).transform((v) => v.replace(/\r\n?/g, '\n').trim()).pipe(z.string().min(min, { message: E + key }).max(max, { message: E + key }));
const optionalText = (max: number, key: string) =>
  z.string().optional().transform((v) => v?.replace(/\s+/g, ' ').trim() || undefined).pipe(z.string().max(max, { message: E + key }).optional());

export const reportSchema = z.object({
  category: z.enum(GRIEVANCE_CATEGORIES, { message: E + 'category' }),
  siteId: optionalUuid('site'),
  place: optionalText(300, 'place'),
  description: text(10, 8000, 'description'),
  contact: optionalText(200, 'contact'),
});
export type ReportInput = z.infer<typeof reportSchema>;

export const accessSchema = z.object({
  receipt: z.string({ message: E + 'receipt' }).trim().min(8, { message: E + 'receipt' }).max(20, { message: E + 'receipt' }),
  secret: z.string({ message: E + 'secret' }).trim().min(20, { message: E + 'secret' }).max(60, { message: E + 'secret' }),
});

export const messageSchema = z.object({ body: text(1, 8000, 'body') });

export const findingFromReportSchema = z.object({
  supplierId: uuid('supplier'),
  siteId: optionalUuid('site'),
  category: z.enum(FINDING_CATEGORIES, { message: E + 'findingCategory' }),
  severity: z.enum(FINDING_SEVERITIES, { message: E + 'severity' }),
  title: text(3, 200, 'title'),
});

export const closeSchema = z.object({
  outcome: z.enum(GRIEVANCE_OUTCOMES, { message: E + 'outcome' }),
  note: text(3, 4000, 'note'),
});

export const handlerSchema = z.object({ userId: uuid('user') });
