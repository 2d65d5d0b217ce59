import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  BASE_URL: z.string().url().optional(),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(path.join(PROJECT_ROOT, 'var', 'data')),
  STORAGE_DIR: z.string().default(path.join(PROJECT_ROOT, 'var', 'storage')),
  OUTBOX_DIR: z.string().default(path.join(PROJECT_ROOT, 'var', 'outbox')),
  SESSION_SECRET: z.string().min(32).optional(),
  // Encrypts TOTP and SSO client secrets at rest; defaults to one derived from SESSION_SECRET.
  SECRETS_KEY: z.string().min(32).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Vigía <no-reply@vigia.local>'),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.coerce.boolean().default(false),
});

export type Config = z.infer<typeof schema> & { baseUrl: string; sessionSecret: string; secureCookies: boolean };

/** Reads and validates the environment once; fails fast naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && !c.SESSION_SECRET) {
    throw new Error('Invalid configuration:\n  SESSION_SECRET: required in production (at least 32 characters)');
  }
  return {
    ...c,
    baseUrl: c.BASE_URL ?? `http://${c.HOST === '0.0.0.0' ? 'localhost' : c.HOST}:${c.PORT}`,
    // A development secret is fine: sessions live in the local database only.
    sessionSecret: c.SESSION_SECRET ?? 'vigia-development-secret-not-for-production-use',
    secureCookies: c.NODE_ENV === 'production',
  };
}
