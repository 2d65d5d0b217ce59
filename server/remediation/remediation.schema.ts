import { z } from 'zod';
import {
  CASE_STATUSES, CLOSURE_REASONS, FINDING_CATEGORIES, FINDING_SEVERITIES, FINDING_STATUSES, OWNER_KINDS, REFERRAL_OUTCOMES,
  SERVICE_KINDS, SEXES, SITUATIONS,
} from './remediation.types.ts';
import { ACTION_TRANSITIONS } from './action.workflow.ts';

/** Form schemas; every message is an i18n key under remediation.errors naming the field. */
const E = 'remediation.errors.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const uuid = (key: string) => z.string().trim().regex(UUID, { message: E + key }).transform((v) => v.toLowerCase());
const optionalUuid = (key: string) => z.union([z.literal(''), uuid(key)]).optional().transform((v) => v || undefined);
const text = (min: number, max: number, key: string) =>
  z.string({ message: E + key }).transform((v) => v.replace(/\s+/g, ' ').trim()).pipe(z.string().min(min, { message: E + key }).max(max, { message: E + key }));
const optionalText = (max: number, key: string) =>
  z.string().optional().transform((v) => v?.trim() || undefined).pipe(z.string().max(max, { message: E + key }).optional());

function isDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}
const day = (key: string) => z.string({ message: E + key }).trim().refine(isDay, { message: E + key });
const optionalDay = (key: string) => z.union([z.literal(''), day(key)]).optional().transform((v) => v || undefined);
/** An HTML checkbox: present ("on", "1", "true") or absent. */
const checkbox = z.union([z.string(), z.array(z.string())]).optional().transform((v) => {
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return s === 'on' || s === '1' || s === 'true';
});

export const findingCreateSchema = z.object({
  supplierId: uuid('supplier'),
  siteId: optionalUuid('site'),
  source: z.enum(['reviewer', 'audit', 'field_report', 'grievance'], { message: E + 'source' }),
  category: z.enum(FINDING_CATEGORIES, { message: E + 'category' }),
  severity: z.enum(FINDING_SEVERITIES, { message: E + 'severity' }),
  title: text(3, 200, 'title'),
  description: optionalText(4000, 'description'),
});

// The reason is needed when a critical finding is downgraded or closed (four eyes).
export const findingUpdateSchema = findingCreateSchema.pick({ category: true, severity: true, title: true, description: true })
  .extend({ reason: optionalText(1000, 'reason') });

export const findingStatusSchema = z.object({ status: z.enum(['open', 'closed'], { message: E + 'status' }), reason: optionalText(1000, 'reason') });
export const changeDecisionSchema = z.object({ decision: z.enum(['approved', 'rejected'], { message: E + 'status' }) });

export const findingListSchema = z.object({
  status: z.enum(FINDING_STATUSES).optional().catch(undefined),
  category: z.enum(FINDING_CATEGORIES).optional().catch(undefined),
  severity: z.enum(FINDING_SEVERITIES).optional().catch(undefined),
  supplierId: z.string().regex(UUID).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});

export const planCreateSchema = z.object({
  findingId: optionalUuid('finding'),
  supplierId: optionalUuid('supplier'),
  title: text(3, 200, 'title'),
});

export const actionCreateSchema = z.object({
  title: text(3, 200, 'title'),
  description: optionalText(4000, 'description'),
  ownerKind: z.enum(OWNER_KINDS, { message: E + 'ownerKind' }),
  ownerUserId: optionalUuid('ownerUserId'),
  ownerLabel: optionalText(200, 'ownerLabel'),
  dueDate: day('dueDate'),
});

export const actionTransitionSchema = z.object({
  transition: z.enum(ACTION_TRANSITIONS as [string, ...string[]], { message: E + 'transition' }),
  note: optionalText(2000, 'note'),
});

export const rescheduleSchema = z.object({ dueDate: day('dueDate') });

export const serviceCreateSchema = z.object({
  territoryCode: z.string({ message: E + 'territoryCode' }).trim().regex(/^\d{5}$/, { message: E + 'territoryCode' }),
  kind: z.enum(SERVICE_KINDS, { message: E + 'serviceKind' }),
  name: text(2, 200, 'serviceName'),
  address: optionalText(300, 'address'),
  phone: optionalText(60, 'phone'),
  notes: optionalText(1000, 'notes'),
});

const C = 'casework.errors.';
/** A sensitive yes/no that may stay unrecorded: '' → null. */
const optionalYesNo = (key: string) => z.union([z.literal(''), z.literal('yes'), z.literal('no')], { message: C + key }).optional()
  .transform((v) => (v === 'yes' ? true : v === 'no' ? false : null));

export const caseFieldsSchema = z.object({
  age: z.coerce.number({ message: E + 'age' }).int({ message: E + 'age' }).min(5, { message: E + 'age' }).max(17, { message: E + 'age' }),
  sex: z.enum(SEXES, { message: E + 'sex' }),
  indigenous: optionalYesNo('indigenous'),
  migrant: optionalYesNo('migrant'),
  afroDescendant: optionalYesNo('afroDescendant'),
  householdChores: optionalYesNo('householdChores'),
  sensitiveConsentOn: optionalDay('sensitiveConsentOn').transform((v) => v ?? null),
  situation: z.enum(SITUATIONS, { message: E + 'situation' }),
  notes: optionalText(1000, 'notes'),
});

export const caseCreateSchema = caseFieldsSchema.extend({
  siteId: uuid('site'),
  findingId: optionalUuid('finding'),
  identifiedOn: optionalDay('identifiedOn'),
  caseWorkerId: optionalUuid('caseWorkerId'),
});

export const caseListSchema = z.object({
  status: z.enum(CASE_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});

export const referralSchema = z.object({
  target: z.string({ message: E + 'service' }).trim().regex(/^(service:[0-9a-f-]{36}|ref:[a-z0-9-]{2,60})$/i, { message: E + 'service' }),
  referredOn: day('referredOn'),
  outOfAreaReason: optionalText(300, 'outOfAreaReason'),
});
export const protectionSchema = z.object({ protectionOn: day('protectionOn'), measure: text(3, 500, 'protectionMeasure') });
export const amendmentSchema = z.object({ notes: optionalText(1000, 'notes'), reason: text(3, 300, 'amendmentReason') });
export const assignSchema = z.object({ caseWorkerId: uuid('caseWorkerId') });
export const caseworkSettingsSchema = z.object({
  retentionMonths: z.coerce.number({ message: C + 'retentionMonths' }).int({ message: C + 'retentionMonths' })
    .min(6, { message: C + 'retentionMonths' }).max(120, { message: C + 'retentionMonths' }),
  privacyNoticeUrl: z.union([z.literal(''), z.string().trim().url({ message: C + 'privacyNoticeUrl' }).max(500, { message: C + 'privacyNoticeUrl' })
    .refine((v) => /^https?:\/\//.test(v), { message: C + 'privacyNoticeUrl' })]).optional().transform((v) => v || undefined),
});
export const referralOutcomeSchema = z.object({ outcome: z.enum(REFERRAL_OUTCOMES, { message: E + 'outcome' }) });

export const followupSchema = z.object({
  visitDate: day('visitDate'),
  notes: optionalText(1000, 'notes'),
  schoolEnrolled: checkbox,
  withdrawn: checkbox,
  nextVisit: optionalDay('nextVisit'),
});

export const closeCaseSchema = z.object({
  reason: z.enum(CLOSURE_REASONS, { message: E + 'closureReason' }),
  closureNote: optionalText(1000, 'closureNote'),
});

export const periodSchema = z.object({
  from: z.string().refine(isDay).optional().catch(undefined),
  to: z.string().refine(isDay).optional().catch(undefined),
});
