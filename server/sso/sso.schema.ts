import { z } from 'zod';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** HTTPS only, except a provider on this machine (development and the test suite). */
export function isAcceptableIssuer(value: string): boolean {
  try {
    const u = new URL(value);
    if (u.search || u.hash || u.username || u.password) return false;
    return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
  } catch {
    return false;
  }
}

export function isLoopbackIssuer(value: string): boolean {
  return new URL(value).protocol === 'http:';
}

/** "a.mx, b.mx" or one per line → ['a.mx', 'b.mx'] (lower case, no duplicates). */
export function splitDomains(value: string): string[] {
  return [...new Set(value.split(/[\s,;]+/).map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean))];
}

/** Never owner: ownership is given by an owner, not by an identity provider. */
export const DEFAULT_ROLES = ['admin', 'analyst', 'viewer'] as const;

export const policySchema = z.object({
  requireTwoFactor: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
});

export const ssoSchema = z
  .object({
    enabled: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
    issuer: z.string().trim().max(500, { message: 'sso.errors.issuer' }).default(''),
    clientId: z.string().trim().max(300, { message: 'sso.errors.clientId' }).default(''),
    clientSecret: z.string().max(2000, { message: 'sso.errors.clientSecret' }).default(''),
    domains: z.string().max(4000, { message: 'sso.errors.domains' }).default('').transform(splitDomains),
    // Checked with the rest below, so one answer names every wrong field.
    defaultRole: z.string().default(''),
  })
  .superRefine((v, ctx) => {
    if (!(DEFAULT_ROLES as readonly string[]).includes(v.defaultRole)) ctx.addIssue({ code: 'custom', path: ['defaultRole'], message: 'sso.errors.defaultRole' });
    if (v.issuer && !isAcceptableIssuer(v.issuer)) ctx.addIssue({ code: 'custom', path: ['issuer'], message: 'sso.errors.issuer' });
    if (v.enabled && !v.issuer) ctx.addIssue({ code: 'custom', path: ['issuer'], message: 'sso.errors.issuer' });
    if (v.enabled && !v.clientId) ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'sso.errors.clientId' });
    if (v.domains.some((d) => !DOMAIN.test(d))) ctx.addIssue({ code: 'custom', path: ['domains'], message: 'sso.errors.domains' });
    if (v.enabled && v.domains.length === 0) ctx.addIssue({ code: 'custom', path: ['domains'], message: 'sso.errors.domains' });
  });

export type SsoInput = z.infer<typeof ssoSchema> & { defaultRole: (typeof DEFAULT_ROLES)[number] };

export const startSchema = z.object({
  identifier: z.string().trim().min(1, { message: 'sso.errors.identifier' }).max(254, { message: 'sso.errors.identifier' }),
});
