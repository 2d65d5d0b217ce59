import { expect } from 'chai';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import supertest from 'supertest';
import { loadConfig } from '../../server/config.ts';
import { createApp } from '../../server/app.ts';
import { testDb } from '../support/db.ts';
import { MemoryMailer } from '../support/app.ts';
import { createOrg } from '../support/factories.ts';
import { ACCOUNT } from './helpers.ts';

describe('grievances: the access log', () => {
  it('logs public-channel requests without address, user agent or forwarded-for, and other requests as before', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const db = await testDb();
    // Development mode: pino-http writes one access line per request (tests turn it off).
    const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'info', BASE_URL: 'http://vigia.test', TRUST_PROXY: 'true' } as NodeJS.ProcessEnv);
    const { app } = await createApp({ config, db, logger: pino({ level: 'info' }, sink), mailer: new MemoryMailer() });
    const org = await createOrg(db);
    const ip = '198.51.100.23';
    const ua = 'Nokia-Barato-UA/1.0';
    await supertest(app).get(`/g/${org.slug}?lang=en`).set('X-Forwarded-For', ip).set('User-Agent', ua);
    await supertest(app).post(`/g/${org.slug}`).set('X-Forwarded-For', ip).set('User-Agent', ua).field('category', 'other').field('description', ACCOUNT);
    await supertest(app).get('/login').set('X-Forwarded-For', ip).set('User-Agent', ua);
    const access = lines.map((l) => JSON.parse(l) as { req?: { url?: string; remoteAddress?: string; headers?: unknown } }).filter((l) => l.req);
    const channel = access.filter((l) => l.req!.url!.startsWith('/g/'));
    expect(channel.length).to.equal(2);
    for (const l of channel) {
      expect(JSON.stringify(l)).to.not.contain(ip).and.not.contain(ua).and.not.contain('lang=en');
      expect(l.req).to.not.have.property('remoteAddress');
      expect(l.req).to.not.have.property('headers');
    }
    // The rest of the app is logged as before (so the check above is not vacuous).
    const login = access.find((l) => l.req!.url === '/login');
    expect(JSON.stringify(login)).to.contain(ua);
  });
});
