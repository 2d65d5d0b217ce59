import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import type { Express } from 'express';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { createApp } from '../../server/app.ts';
import type { AuthLimits } from '../../server/auth/auth.routes.ts';
import type { Mail, Mailer } from '../../server/mail/mailer.ts';
import type { Database } from '../../server/db/types.ts';
import { testDb } from './db.ts';
import { prepareReferenceData } from '../../server/startup.ts';

/** Captures e-mails instead of sending them, so tests can follow links. */
export class MemoryMailer implements Mailer {
  sent: Mail[] = [];
  async send(mail: Mail) {
    this.sent.push(mail);
  }
  lastTo(email: string): Mail | undefined {
    return [...this.sent].reverse().find((m) => m.to.toLowerCase() === email.toLowerCase());
  }
  linkIn(mail: Mail | undefined): string {
    const m = mail && /https?:\/\/[^\s]+?(\/[^\s]*)/.exec(mail.text);
    if (!m) throw new Error('no link in mail');
    return m[1];
  }
}

export interface TestApp {
  app: Express;
  db: Database;
  mailer: MemoryMailer;
  services: Awaited<ReturnType<typeof createApp>>['services'];
}

let prepared: Promise<void> | undefined;

export async function buildTestApp(opts: { loginLimit?: number; signupLimit?: number; grievanceLimit?: number; baseUrl?: string; env?: Record<string, string>; authLimits?: Partial<AuthLimits>; clock?: () => Date } = {}): Promise<TestApp> {
  const db = await testDb();
  prepared ??= prepareReferenceData(db);
  await prepared;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BASE_URL: opts.baseUrl ?? 'http://vigia.test', ...opts.env } as NodeJS.ProcessEnv);
  const mailer = new MemoryMailer();
  const built = await createApp({
    config, db, logger: createLogger('silent'), mailer, loginLimit: opts.loginLimit ?? 10_000, signupLimit: opts.signupLimit ?? 10_000, referenceCacheMs: 0,
    grievanceLimit: opts.grievanceLimit ?? 10_000, authLimits: { loginPerAccount: 10_000, resetPerIp: 10_000, ...opts.authLimits }, clock: opts.clock,
  });
  return { app: built.app, db, mailer, services: built.services };
}

/** A supertest agent that keeps cookies and knows the current CSRF token. */
export class Browser {
  readonly agent: supertest.Agent;
  csrf = '';
  constructor(app: Express) {
    this.agent = supertest.agent(app);
  }

  async get(url: string) {
    const res = await this.agent.get(url);
    this.remember(res.text);
    return res;
  }

  /** Posts a form with the CSRF token of the last page seen (fetches /login first if none). */
  async post(url: string, form: Record<string, string> = {}) {
    if (!this.csrf) await this.get('/login');
    const res = await this.agent.post(url).type('form').send({ _csrf: this.csrf, ...form });
    this.remember(res.text);
    return res;
  }

  async login(email: string, password: string) {
    await this.get('/login');
    return this.post('/login', { email, password });
  }

  private remember(html: string | undefined) {
    const m = html && /name="_csrf" value="([^"]+)"/.exec(html);
    if (m) this.csrf = m[1];
  }
}

export const unique = (prefix = 'x') => `${prefix}-${randomUUID().slice(0, 8)}`;
