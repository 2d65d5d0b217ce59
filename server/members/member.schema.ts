import { z } from 'zod';

const role = z.enum(['admin', 'analyst', 'viewer', 'auditor'], { message: 'members.errors.role' });


export const inviteSchema = z
  .object({
    email: z.string().trim().email({ message: 'members.errors.email' }).max(254),
    role,
    accessExpiresAt: z.string().trim().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.role !== 'auditor') return;
    checkAuditorExpiry(v.accessExpiresAt, ctx);
  });

export const changeRoleSchema = z
  .object({
    role: z.enum(['owner', 'admin', 'analyst', 'viewer', 'auditor'], { message: 'members.errors.role' }),
    accessExpiresAt: z.string().trim().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.role !== 'auditor') return;
    checkAuditorExpiry(v.accessExpiresAt, ctx);
  });

function checkAuditorExpiry(value: string | undefined, ctx: z.RefinementCtx) {
  const d = value ? new Date(`${value}T23:59:59Z`) : null;
  const max = Date.now() + 366 * 86400_000;
  if (!d || Number.isNaN(d.getTime()) || d.getTime() <= Date.now() || d.getTime() > max) {
    ctx.addIssue({ code: 'custom', path: ['accessExpiresAt'], message: 'members.errors.auditorExpiry' });
  }
}

export const acceptSchema = z.object({
  name: z.string().trim().min(2, { message: 'members.errors.name' }).max(120, { message: 'members.errors.name' }),
  password: z.string(),
  confirm: z.string(),
});

export function auditorExpiry(value: string | undefined): Date | null {
  return value ? new Date(`${value}T23:59:59Z`) : null;
}

