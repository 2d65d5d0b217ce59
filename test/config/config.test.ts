import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { PROJECT_ROOT } from '../../server/config.ts';
import { loadConfig, type Config } from '../../server/config.ts';

const SECRET = 'x'.repeat(32);
/** A production setup that works: behind a TLS proxy. */
const PROD = { NODE_ENV: 'production', SESSION_SECRET: SECRET, BASE_URL: 'https://vigia.example', TRUST_PROXY: 'true' };

function load(env: Record<string, string>): Config {
  return loadConfig(env as NodeJS.ProcessEnv);
}
function refusal(env: Record<string, string>): string {
  try {
    load(env);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('config: strict parsing of every variable', () => {
  it('defaults with an empty environment', () => {
    const c = load({});
    expect(c).to.include({ NODE_ENV: 'development', PORT: 3000, HOST: '127.0.0.1', TRUST_PROXY: false, SEED_DEMO: false, LOG_LEVEL: 'info', secureCookies: false });
    expect(c.baseUrl).to.equal('http://127.0.0.1:3000');
    expect(c.DATABASE_URL).to.equal(undefined);
  });

  for (const name of ['TRUST_PROXY', 'SEED_DEMO', 'SECURE_COOKIES']) {
    it(`${name}: true/1 are true, false/0 are false, anything else is refused by name`, () => {
      const base: Record<string, string> = name === 'SECURE_COOKIES' ? { BASE_URL: 'https://v.example', TRUST_PROXY: 'true' } : {};
      const key = name as 'TRUST_PROXY' | 'SEED_DEMO' | 'SECURE_COOKIES';
      expect(load({ ...base, [name]: 'true' })[key]).to.equal(true);
      expect(load({ ...base, [name]: '1' })[key]).to.equal(true);
      expect(load({ ...base, [name]: 'false' })[key]).to.equal(false);
      expect(load({ ...base, [name]: '0' })[key]).to.equal(false);
      for (const bad of ['no', 'off', 'yes', 'on', 'FALSE ', 'True', '2', '-1', 'enabled']) {
        expect(refusal({ ...base, [name]: bad }), `${name}=${bad}`).to.match(new RegExp(`${name}: expected true, false, 1 or 0`));
      }
    });
  }

  it('TRUST_PROXY=false and 0 really turn proxy trust off (they used to turn it on)', () => {
    expect(load({ TRUST_PROXY: 'false' }).TRUST_PROXY).to.equal(false);
    expect(load({ TRUST_PROXY: '0' }).TRUST_PROXY).to.equal(false);
  });

  it('an empty variable means "not set"', () => {
    const c = load({ PORT: '', TRUST_PROXY: '', DATABASE_URL: '', SESSION_SECRET: '', BASE_URL: '', SEED_DEMO: '' });
    expect(c.PORT).to.equal(3000);
    expect(c.TRUST_PROXY).to.equal(false);
    expect(c.DATABASE_URL).to.equal(undefined);
  });

  it('PORT: 1 and 65535 are the edges; 0, 65536, signs, decimals, hex and words are refused', () => {
    expect(load({ PORT: '1' }).PORT).to.equal(1);
    expect(load({ PORT: '65535' }).PORT).to.equal(65535);
    for (const bad of ['0', '65536', '-1', '3000.5', '1e3', '0x10', ' 3000', 'abc', '3000abc', '999999']) {
      expect(refusal({ PORT: bad }), `PORT=${bad}`).to.match(/PORT: expected a whole number from 1 to 65535/);
    }
  });

  it('NODE_ENV and LOG_LEVEL accept only their listed values', () => {
    for (const v of ['development', 'test', 'production']) expect(load({ ...PROD, NODE_ENV: v }).NODE_ENV).to.equal(v);
    expect(refusal({ NODE_ENV: 'prod' })).to.match(/NODE_ENV/);
    expect(refusal({ NODE_ENV: 'Production' })).to.match(/NODE_ENV/);
    expect(load({ LOG_LEVEL: 'silent' }).LOG_LEVEL).to.equal('silent');
    expect(refusal({ LOG_LEVEL: 'verbose' })).to.match(/LOG_LEVEL/);
  });

  it('BASE_URL must be an http(s) URL; a trailing slash is dropped', () => {
    expect(load({ BASE_URL: 'http://localhost:3000/' }).baseUrl).to.equal('http://localhost:3000');
    expect(load({ BASE_URL: 'https://vigia.example' }).baseUrl).to.equal('https://vigia.example');
    expect(refusal({ BASE_URL: 'vigia.example' })).to.match(/BASE_URL: expected an absolute URL/);
    expect(refusal({ BASE_URL: 'ftp://vigia.example' })).to.match(/BASE_URL: expected an http/);
  });

  it('DATABASE_URL and MIGRATION_DATABASE_URL must be postgres URLs; the owner URL needs the request URL', () => {
    expect(load({ DATABASE_URL: 'postgres://u@h:5432/d' }).DATABASE_URL).to.equal('postgres://u@h:5432/d');
    expect(load({ DATABASE_URL: 'postgresql://u@h/d', MIGRATION_DATABASE_URL: 'postgres://o@h/d' }).MIGRATION_DATABASE_URL).to.equal('postgres://o@h/d');
    expect(refusal({ DATABASE_URL: 'mysql://u@h/d' })).to.match(/DATABASE_URL: expected a postgres/);
    expect(refusal({ DATABASE_URL: 'not a url' })).to.match(/DATABASE_URL/);
    expect(refusal({ MIGRATION_DATABASE_URL: 'postgres://o@h/d' })).to.match(/MIGRATION_DATABASE_URL: needs DATABASE_URL/);
  });

  it('SESSION_SECRET: 32 characters is enough, 31 is not; required in production', () => {
    expect(load({ SESSION_SECRET: 'y'.repeat(32) }).sessionSecret).to.equal('y'.repeat(32));
    expect(refusal({ SESSION_SECRET: 'y'.repeat(31) })).to.match(/SESSION_SECRET: must be at least 32 characters/);
    const { SESSION_SECRET: _drop, ...noSecret } = PROD;
    expect(refusal(noSecret)).to.match(/SESSION_SECRET: required in production/);
  });

  it('SMTP_URL must be smtp:// or smtps://; paths and MAIL_FROM must not be blank', () => {
    expect(load({ SMTP_URL: 'smtp://u:p@mail.example:587' }).SMTP_URL).to.equal('smtp://u:p@mail.example:587');
    expect(refusal({ SMTP_URL: 'mail.example:587' })).to.match(/SMTP_URL/);
    for (const name of ['DATA_DIR', 'STORAGE_DIR', 'OUTBOX_DIR', 'CHROMIUM_PATH', 'MAIL_FROM', 'HOST']) {
      expect(refusal({ [name]: '   ' }), name).to.match(new RegExp(name));
    }
  });

  it('lists every bad variable at once', () => {
    const message = refusal({ PORT: '0', TRUST_PROXY: 'no', LOG_LEVEL: 'loud' });
    expect(message).to.match(/PORT/).and.to.match(/TRUST_PROXY/).and.to.match(/LOG_LEVEL/);
  });
});

describe('config: start-up check of secure cookies over plain HTTP', () => {
  it('production behind a TLS proxy starts, with secure cookies', () => {
    expect(load(PROD).secureCookies).to.equal(true);
  });

  it('production with a plain-HTTP base URL (the old compose default) refuses to start and says why', () => {
    const message = refusal({ ...PROD, BASE_URL: 'http://localhost:3000' });
    expect(message).to.match(/BASE_URL: http:\/\/localhost:3000 is plain HTTP, but session cookies are Secure/);
    expect(message).to.contain('nobody could sign in');
    expect(message).to.contain('TLS reverse proxy');
  });

  it('production with no BASE_URL at all is plain HTTP too', () => {
    const { BASE_URL: _drop, ...env } = PROD;
    expect(refusal(env)).to.match(/BASE_URL: unset \(so http:\/\/127\.0\.0\.1:3000\) is plain HTTP/);
  });

  it('secure cookies without TRUST_PROXY: no cookie would ever be set, so it refuses', () => {
    expect(refusal({ ...PROD, TRUST_PROXY: 'false' })).to.match(/TRUST_PROXY: must be true when session cookies are Secure/);
  });

  it('SECURE_COOKIES=false allows a deliberate plain-HTTP trial in production mode', () => {
    const c = load({ ...PROD, BASE_URL: 'http://localhost:3000', TRUST_PROXY: 'false', SECURE_COOKIES: 'false' });
    expect(c.secureCookies).to.equal(false);
  });

  it('the server itself stops at start-up with that message, not with a stack trace', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', SESSION_SECRET: SECRET, BASE_URL: 'http://localhost:3000' },
    });
    expect(run.status).to.equal(1);
    expect(run.stderr).to.contain('Invalid configuration:');
    expect(run.stderr).to.contain('is plain HTTP, but session cookies are Secure');
    expect(run.stderr).to.not.match(/\n\s+at /);
  });
});
