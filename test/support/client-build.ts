import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILD_DIR = path.join(ROOT, 'public', 'build');

let built = false;

/** Browser tests run against fresh bundles even when mocha is started without `npm test`. */
export function ensureClientBuild(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-client.mjs')], {
    env: { ...process.env, BUILD_CLIENT_QUIET: '1' },
    stdio: 'inherit',
  });
  built = true;
}
