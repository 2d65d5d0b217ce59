import { Writable } from 'node:stream';
import { expect } from 'chai';
import { Browser, MemoryMailer } from '../support/app.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';
import { testDb } from '../support/db.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger, redactUrl } from '../../server/logger.ts';
import { createApp } from '../../server/app.ts';
import { newToken } from '../../server/auth/tokens.ts';

/** Every line the app's logger writes, as text. */
class Capture extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  }
  get text() {
    return this.lines.join('\n');
  }
}

describe('access log: no secrets', () => {
  it('a log line written during token requests and sign-in contains no token, cookie or CSRF value', async () => {
    const log = new Capture();
    const db = await testDb();
    // Development mode: the access log is on (tests turn it off elsewhere).
    const config = loadConfig({ NODE_ENV: 'development', BASE_URL: 'http://vigia.test' } as NodeJS.ProcessEnv);
    const mailer = new MemoryMailer();
    const { app } = await createApp({ config, db, logger: createLogger('info', log), mailer, loginLimit: 10_000 });
    const org = await createOrg(db);

    const b = new Browser(app);
    const signIn = await b.login(org.users.owner.email, PASSWORD);
    const cookie = String(signIn.headers['set-cookie']).match(/vigia\.sid=([^;]+)/)![1];
    const sid = decodeURIComponent(cookie).slice(2).split('.')[0];
    await b.get('/');

    await new Browser(app).get('/forgot');
    const f = new Browser(app);
    await f.get('/forgot');
    await f.post('/forgot', { email: org.users.analyst.email });
    const resetPath = mailer.linkIn(mailer.lastTo(org.users.analyst.email));
    const resetToken = resetPath.split('/').pop()!;
    await f.agent.get(resetPath).set('Referer', `http://vigia.test${resetPath}`);

    const portalToken = newToken().token;
    const invitationToken = newToken().token;
    await new Browser(app).get(`/portal/${portalToken}`);
    await new Browser(app).get(`/invitations/${invitationToken}`);
    await b.agent.post(`/orgs/switch?_csrf=${b.csrf}`).set('X-CSRF-Token', b.csrf).type('form').send({ orgId: org.id });

    const secrets = { cookie, sid, resetToken, portalToken, invitationToken, csrf: b.csrf };
    for (const [name, value] of Object.entries(secrets)) {
      expect(value.length, name).to.be.greaterThan(20);
      expect(log.text, `${name} must not be logged`).to.not.contain(value);
    }
    // The requests were logged, with their secrets replaced.
    expect(log.text).to.contain('/reset/[redacted]');
    expect(log.text).to.contain('/portal/[redacted]');
    expect(log.text).to.contain('/invitations/[redacted]');
    expect(log.text).to.contain('/orgs/switch?_csrf=[redacted]');
    expect(log.lines.some((l) => l.includes('"url":"/login"') && l.includes('"statusCode":302'))).to.equal(true);
  });

  it('redactUrl keeps ids and ordinary parameters, and removes token-like parts', () => {
    expect(redactUrl('/suppliers/4f6c1c1e-6a57-4a4e-9b43-1f0f0e1d2c3b/edit?page=2')).to.equal('/suppliers/4f6c1c1e-6a57-4a4e-9b43-1f0f0e1d2c3b/edit?page=2');
    expect(redactUrl('/suppliers/import?_csrf=abc&step=2')).to.equal('/suppliers/import?_csrf=[redacted]&step=2');
    expect(redactUrl('/reset/short')).to.equal('/reset/[redacted]');
    expect(redactUrl('/sso/callback?code=xyz&state=abc')).to.equal('/sso/callback?code=[redacted]&state=[redacted]');
    expect(redactUrl('https://vigia.example/portal/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd/evidence')).to.equal('https://vigia.example/portal/[redacted]/evidence');
    expect(redactUrl('/files/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789')).to.equal('/files/[redacted]');
  });
});
