import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { loadConfig, PROJECT_ROOT } from '../../server/config.ts';

const read = (file: string) => readFileSync(path.join(PROJECT_ROOT, file), 'utf8');

/** `KEY: value` lines of one service's `environment:` block (the compose file uses the map form). */
function serviceEnvironment(compose: string, service: string): Record<string, string> {
  const lines = compose.split('\n');
  const start = lines.findIndex((l) => l === `  ${service}:`);
  const env: Record<string, string> = {};
  let inEnv = false;
  for (const line of lines.slice(start + 1)) {
    if (/^ {2}\S/.test(line) || /^\S/.test(line)) break;
    if (/^ {4}environment:\s*$/.test(line)) {
      inEnv = true;
      continue;
    }
    if (inEnv && /^ {4}\S/.test(line)) inEnv = false;
    const m = inEnv && /^ {6}([A-Z_]+):\s*"?(.*?)"?\s*$/.exec(line);
    if (m) env[m[1]] = m[2].replace(/\$\{\w+:-([^}]*)\}/g, '$1');
  }
  return env;
}

/** The `ENV` of the Dockerfile's runtime stage (key=value pairs, continued lines). */
function dockerfileEnv(dockerfile: string): Record<string, string> {
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
  const m = /^ENV ((?:.*\\\n)*.*)$/m.exec(runtime)!;
  return Object.fromEntries(m[1].replace(/\\\n/g, ' ').trim().split(/\s+/).map((kv) => kv.split('=') as [string, string]));
}

// Docker cannot run in the test environment: this checks the shipped files agree with the start-up rules.
describe('compose setup as shipped', () => {
  const compose = read('compose.yaml');
  const env = { ...dockerfileEnv(read('Dockerfile')), ...serviceEnvironment(compose, 'app') };

  it('the app service\'s environment passes the production start-up check (HTTPS base URL, proxy trusted)', () => {
    expect(env.NODE_ENV).to.equal('production');
    const config = loadConfig(env as NodeJS.ProcessEnv);
    expect(config.secureCookies).to.equal(true);
    expect(config.TRUST_PROXY).to.equal(true);
    expect(config.baseUrl).to.match(/^https:\/\//);
  });

  it('the TLS proxy serves BASE_URL, forwards to the app and publishes that port; the app\'s plain HTTP is not published', () => {
    const base = new URL(env.BASE_URL);
    const caddyfile = read('deploy/Caddyfile');
    expect(caddyfile).to.contain(`https://${base.host} {`);
    expect(caddyfile).to.match(/reverse_proxy app:3000/);
    expect(compose).to.match(new RegExp(`ports: \\["${base.port}:${base.port}"\\]`));
    expect(compose).to.contain('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro');
    const appBlock = compose.slice(compose.indexOf('  app:'), compose.indexOf('  proxy:'));
    expect(appBlock).to.not.match(/ports:/);
  });
});
