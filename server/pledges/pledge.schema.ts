import { z } from 'zod';
import { PLEDGE_MEASURES } from './pledge.progress.ts';

const E = 'pledges.errors.';
const str = z.preprocess((v) => (v === undefined || v === null ? '' : Array.isArray(v) ? String(v[0] ?? '') : v), z.string());

const isoDay = (field: string) =>
  str.transform((v, ctx) => {
    const s = v.trim();
    const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00Z`) : null;
    if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) ctx.addIssue({ code: 'custom', message: `${E}${field}` });
    return s;
  });

export const targetSchema = z
  .object({
    measure: str.pipe(z.enum(PLEDGE_MEASURES, { message: `${E}measure` })),
    target: str.transform((v, ctx) => {
      const s = v.trim().replace(/,(?=\d{3}\b)/g, '');
      const n = /^\d{1,7}$/.test(s) ? Number(s) : NaN;
      if (!(n >= 1)) ctx.addIssue({ code: 'custom', message: `${E}target` });
      return n;
    }),
    startsOn: isoDay('startsOn'),
    deadline: isoDay('deadline'),
  })
  .superRefine((v, ctx) => {
    if (v.deadline <= v.startsOn) ctx.addIssue({ code: 'custom', path: ['deadline'], message: `${E}deadlineOrder` });
  });

export type TargetInput = z.output<typeof targetSchema>;
