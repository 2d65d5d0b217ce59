import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Sessions in development live in the local database only, so a fixed secret is fine there. */
export const DEVELOPMENT_SECRET = 'vigia-development-secret-not-for-production-use';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// z.coerce.boolean() is Boolean(string): "false" and "0" became true. Only these four spellings are accepted.
const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'expected true, false, 1 or 0' })
  .transform((v) => v === 'true' || v === '1');
const port = z
  .string()
  .regex(/^\d{1,5}$/, { message: 'expected a whole number from 1 to 65535' })
  .transform(Number)
  .pipe(z.number().int().min(1, { message: 'expected a whole number from 1 to 65535' }).max(65535, { message: 'expected a whole number from 1 to 65535' }));
const httpUrl = z
  .string()
  .url({ message: 'expected an absolute URL' })
  .refine((v) => /^https?:\/\//.test(v), { message: 'expected an http:// or https:// URL' })
  .transform((v) => v.replace(/\/+$/, ''));
const postgresUrl = z
  .string()
  .url({ message: 'expected a postgres:// URL' })
  .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: 'expected a postgres:// or postgresql:// URL' });
const dir = z.string().trim().min(1);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  BASE_URL: httpUrl.optional(),
  /** Requests connect with this URL; alone, it is also the owner URL (see server/db/postgres.ts). */
  DATABASE_URL: postgresUrl.optional(),
  /** The owner's URL for migrations, when DATABASE_URL is a restricted login role. */
  MIGRATION_DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: dir.default(path.join(PROJECT_ROOT, 'var', 'data')),
  STORAGE_DIR: dir.default(path.join(PROJECT_ROOT, 'var', 'storage')),
  OUTBOX_DIR: dir.default(path.join(PROJECT_ROOT, 'var', 'outbox')),
  SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  // Encrypts TOTP, SSO client and webhook secrets at rest; defaults to one derived from SESSION_SECRET.
  SECRETS_KEY: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  SMTP_URL: z.string().refine((v) => /^smtps?:\/\/[^\s]+$/.test(v), { message: 'expected an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().trim().min(1).default('Vigía <no-reply@vigia.local>'),
  CHROMIUM_PATH: dir.default('/usr/bin/chromium'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: flag.default(false),
  /** Defaults to on in production; off only for a deliberate plain-HTTP trial. */
  SECURE_COOKIES: flag.optional(),
  SEED_DEMO: flag.default(false),
  /** web: pages and API only; worker: jobs only; all: both in one process (the embedded default). */
  VIGIA_ROLE: z.enum(['all', 'web', 'worker'], { message: 'expected all, web or worker' }).default('all'),
  /** Seconds a claimed job stays its worker's without a heartbeat before another worker takes it back. */
  JOB_LEASE_SECONDS: z
    .string()
    .regex(/^\d{1,4}$/, { message: 'expected a whole number of seconds from 2 to 3600' })
    .transform(Number)
    .pipe(z.number().int().min(2, { message: 'expected a whole number of seconds from 2 to 3600' }).max(3600, { message: 'expected a whole number of seconds from 2 to 3600' }))
    .default(60),
  /** Lets webhooks reach loopback and private networks (tests, intranets); off: public addresses only. */
  WEBHOOKS_ALLOW_PRIVATE: flag.default(false),
});

export type Config = z.infer<typeof schema> & { baseUrl: string; sessionSecret: string; secureCookies: boolean };

const KNOWN = Object.keys(schema.shape);

/** Reads and validates the environment once; fails fast naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`FOO=` in a compose or .env file) means "not set", never "false" or 0.
  const input = Object.fromEntries(KNOWN.map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const problems: string[] = [];
  if (c.NODE_ENV === 'production' && !c.SESSION_SECRET) problems.push('  SESSION_SECRET: required in production (at least 32 characters)');
  if (c.MIGRATION_DATABASE_URL && !c.DATABASE_URL) problems.push('  MIGRATION_DATABASE_URL: needs DATABASE_URL (the login role requests connect as)');
  // PGlite is one process's database: a separate web or worker process could not share it.
  if (c.VIGIA_ROLE !== 'all' && !c.DATABASE_URL) problems.push(`  VIGIA_ROLE: "${c.VIGIA_ROLE}" needs DATABASE_URL (a PostgreSQL server); the embedded database runs web and worker in one process`);
  const baseUrl = c.BASE_URL ?? `http://${c.HOST === '0.0.0.0' ? 'localhost' : c.HOST}:${c.PORT}`;
  const secureCookies = c.SECURE_COOKIES ?? c.NODE_ENV === 'production';
  problems.push(...transportProblems({ baseUrl, secureCookies, trustProxy: c.TRUST_PROXY, baseUrlSet: Boolean(c.BASE_URL) }));
  if (problems.length) throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  return {
    ...c,
    baseUrl,
    sessionSecret: c.SESSION_SECRET ?? DEVELOPMENT_SECRET,
    secureCookies,
  };
}

/**
 * Secure cookies are only sent back over HTTPS. The app itself listens on plain HTTP, so
 * they need a TLS proxy in front (BASE_URL https://…, TRUST_PROXY=true for X-Forwarded-Proto);
 * otherwise nobody can sign in and every form "expires". Say so at start-up instead.
 */
function transportProblems(c: { baseUrl: string; secureCookies: boolean; trustProxy: boolean; baseUrlSet: boolean }): string[] {
  if (!c.secureCookies) return [];
  const out: string[] = [];
  if (!c.baseUrl.startsWith('https://')) {
    out.push(
      `  BASE_URL: ${c.baseUrlSet ? c.baseUrl : `unset (so ${c.baseUrl})`} is plain HTTP, but session cookies are Secure (NODE_ENV=production or SECURE_COOKIES=true): ` +
        'browsers would never send them back and nobody could sign in. Serve the app through a TLS reverse proxy and set BASE_URL=https://… ' +
        'and TRUST_PROXY=true (compose.yaml does), or set SECURE_COOKIES=false for a local plain-HTTP trial.',
    );
  }
  if (!c.trustProxy) {
    out.push(
      '  TRUST_PROXY: must be true when session cookies are Secure: the app listens on plain HTTP and learns that the visitor used HTTPS ' +
        'only from the TLS proxy\'s X-Forwarded-Proto header. Without it no session cookie is ever set.',
    );
  }
  return out;
}
