import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';

/** A free TCP port on loopback, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface VigiaProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/**
 * Starts `server/main.ts` as its own process (as `npm start` does, without the client build)
 * and resolves once it says it is listening (web, all) or working (worker).
 */
export async function startVigia(env: Record<string, string>, timeoutMs = 120_000): Promise<VigiaProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [...(process.env.VIGIA_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.VIGIA_PROF] : []), '--import', 'tsx', path.join(PROJECT_ROOT, 'server/main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Vigía did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      if (/listening on|worker started/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Vigía exited with ${code} before starting:\n${out}`));
    });
  });
  child.removeAllListeners('exit');
  return { child, url: `http://127.0.0.1:${port}`, output: () => out };
}

export async function kill(p: VigiaProcess | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill(signal);
  await exited;
}

/** A browser-like HTTP client: keeps the session cookie and the last CSRF token it saw. */
export class Client {
  cookie = '';
  csrf = '';
  /** Sent with every request (e.g. X-Forwarded-Proto behind a TLS proxy). */
  extraHeaders: Record<string, string> = {};
  constructor(public base: string) {}

  at(base: string): Client {
    const c = new Client(base);
    c.extraHeaders = this.extraHeaders;
    c.cookie = this.cookie;
    c.csrf = this.csrf;
    return c;
  }

  async request(method: string, url: string, body?: BodyInit, headers: Record<string, string> = {}) {
    const res = await fetch(this.base + url, {
      method, body, redirect: 'manual',
      headers: { ...this.extraHeaders, ...(this.cookie ? { Cookie: this.cookie } : {}), ...headers },
    });
    // A cookie jar of one host: the session and the visitor's signed CSRF cookie among others.
    const jar = new Map(this.cookie ? this.cookie.split('; ').map((c) => [c.slice(0, c.indexOf('=')), c] as [string, string]) : []);
    for (const set of res.headers.getSetCookie()) {
      const pair = set.split(';')[0];
      jar.set(pair.slice(0, pair.indexOf('=')), pair);
    }
    this.cookie = [...jar.values()].join('; ');
    const text = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1];
    return { status: res.status, location: res.headers.get('location') ?? '', text };
  }

  get(url: string) {
    return this.request('GET', url);
  }

  form(url: string, fields: Record<string, string>) {
    return this.request('POST', url, new URLSearchParams({ _csrf: this.csrf, ...fields }), { 'Content-Type': 'application/x-www-form-urlencoded' });
  }

  upload(url: string, field: string, name: string, bytes: Uint8Array) {
    const fd = new FormData();
    fd.append(field, new Blob([Buffer.from(bytes)]), name);
    return this.request('POST', url, fd, { 'x-csrf-token': this.csrf });
  }

  async json<T = any>(url: string): Promise<T> {
    const r = await this.request('GET', url, undefined, { Accept: 'application/json' });
    return JSON.parse(r.text) as T;
  }
}
