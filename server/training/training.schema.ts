import { z } from 'zod';
import { ATTENDANCE_ROLES, ATTENDANCE_SEXES, TRAINING_TOPICS } from './training.topics.ts';

const E = 'training.errors.';
const MAX_COUNT = 100_000;
const str = z.preprocess((v) => (v === undefined || v === null ? '' : Array.isArray(v) ? String(v[0] ?? '') : v), z.string());

/** A head count: blank = 0; anything else must be a whole number. */
const count = (field: string) =>
  str.transform((v, ctx) => {
    const s = v.trim();
    if (s === '') return 0;
    const n = /^\d{1,6}$/.test(s) ? Number(s) : NaN;
    if (!(n >= 0 && n <= MAX_COUNT)) ctx.addIssue({ code: 'custom', message: `${E}count`, params: { field, max: MAX_COUNT } });
    return Number.isNaN(n) ? 0 : n;
  });

const optionalId = (field: string) =>
  str.transform((v, ctx) => {
    const s = v.trim();
    if (s === '') return null;
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)) ctx.addIssue({ code: 'custom', message: `${E}${field}` });
    return s.toLowerCase();
  });

export const trainingSchema = z
  .object({
    heldOn: str.transform((v, ctx) => {
      const s = v.trim();
      const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00Z`) : null;
      if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) ctx.addIssue({ code: 'custom', message: `${E}heldOn` });
      else if (s > new Date().toISOString().slice(0, 10)) ctx.addIssue({ code: 'custom', message: `${E}heldOnFuture` });
      return s;
    }),
    supplierId: optionalId('supplierId'),
    siteId: optionalId('siteId'),
    topics: z
      .preprocess((v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()))
      .refine((list) => list.length > 0, { message: `${E}topics` })
      .refine((list) => list.every((t) => (TRAINING_TOPICS as readonly string[]).includes(t)), { message: `${E}topicUnknown` })
      .transform((list) => [...new Set(list)]),
    facilitator: str.transform((v) => v.trim()).pipe(z.string().min(1, { message: `${E}facilitator` }).max(200, { message: `${E}facilitator` })),
    notes: str.transform((v) => v.trim()).pipe(z.string().max(2000, { message: `${E}notes` })),
    ...Object.fromEntries([...ATTENDANCE_SEXES, ...ATTENDANCE_ROLES].map((f) => [f, count(f)])) as Record<
      (typeof ATTENDANCE_SEXES)[number] | (typeof ATTENDANCE_ROLES)[number],
      ReturnType<typeof count>
    >,
  })
  .superRefine((v, ctx) => {
    const bySex = v.attendeesWomen + v.attendeesMen + v.attendeesOther;
    const byRole = v.managers + v.supervisors + v.workers + v.recruiters;
    if (bySex === 0) ctx.addIssue({ code: 'custom', path: ['attendeesWomen'], message: `${E}noAttendees` });
    else if (bySex !== byRole) ctx.addIssue({ code: 'custom', path: ['managers'], message: `${E}totalsDiffer`, params: { bySex, byRole } });
    if (v.siteId && !v.supplierId) ctx.addIssue({ code: 'custom', path: ['supplierId'], message: `${E}siteWithoutSupplier` });
  });

export type TrainingInput = z.output<typeof trainingSchema>;
