import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.html': 'text/html; charset=utf-8',
};

/** Same policy the app sends: no inline scripts or styles, nothing from other origins. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'";

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer): true {
  res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': STRICT_CSP });
  res.end(body);
  return true;
}

/** Serves `files` (URL prefix → directory) and `routes` on 127.0.0.1 at a random port. */
export async function startStaticServer(
  files: Record<string, string>,
  routes: Route[] = [],
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    try {
      for (const route of routes) if (await route(req, res)) return;
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      for (const [prefix, dir] of Object.entries(files)) {
        if (!pathname.startsWith(prefix)) continue;
        const file = path.resolve(dir, `.${pathname.slice(prefix.length - 1)}`);
        if (!file.startsWith(path.resolve(dir) + path.sep)) break;
        const body = await readFile(file).catch(() => undefined);
        if (body) return void send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', body);
      }
      send(res, 404, 'text/plain', 'not found');
    } catch (err) {
      send(res, 500, 'text/plain', String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
