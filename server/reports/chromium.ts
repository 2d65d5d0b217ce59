import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Flags for a quiet, sandbox-less headless Chromium in containers and CI: no GPU, and no
// background traffic (updates, sync) that would slow a render or reach the network.
// Shared by the PDF renderer and the browser-test helper, so both run the same browser.
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Profile folders carry the owning process id, so a later start can tell whose they were. */
const PROFILE_PREFIX = 'vigia-chromium-';

/** A fresh Chromium profile folder for this process. */
export function chromiumProfileDir(root = tmpdir()): string {
  return path.join(root, `${PROFILE_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Kills Chromium processes whose Vigía owner is gone (a worker killed with SIGKILL or by
 * the OOM killer before renders launched over a pipe, which dies with its parent) and
 * removes their profiles. Linux only (/proc); elsewhere it finds nothing. Returns how many.
 */
export async function reapOrphanedChromium(root = tmpdir()): Promise<number> {
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p));
  } catch {
    return 0;
  }
  const marker = `--user-data-dir=${path.join(root, PROFILE_PREFIX)}`;
  const orphanedProfiles = new Set<string>();
  let killed = 0;
  for (const pid of pids) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    const arg = cmdline.split('\0').find((a) => a.startsWith(marker));
    if (!arg) continue;
    const owner = Number(/^(\d+)-/.exec(arg.slice(marker.length))?.[1]);
    if (!owner || alive(owner)) continue;
    try {
      process.kill(Number(pid), 'SIGKILL');
      killed++;
    } catch {
      /* already gone */
    }
    orphanedProfiles.add(arg.slice('--user-data-dir='.length));
  }
  for (const dir of orphanedProfiles) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  return killed;
}
