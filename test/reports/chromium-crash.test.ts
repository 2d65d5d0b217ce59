import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';
import { reapOrphanedChromium } from '../../server/reports/chromium.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Processes whose command line mentions `needle`. */
async function processesWith(needle: string): Promise<number[]> {
  const found: number[] = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes(needle)) found.push(Number(pid));
  }
  return found;
}

function waitForLine(child: ChildProcess, pattern: RegExp, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; got: ${out}`)), ms);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  });
}

describe('reports: Chromium does not outlive a crashed worker', function () {
  this.timeout(60_000);

  it('the PDF renderer\'s Chromium exits when its process is killed with SIGKILL', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'test/fixtures/processes/render-then-wait.ts')], {
      cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    await waitForLine(child, /rendered \d+/, 45_000);
    const marker = `vigia-chromium-${child.pid}-`;
    expect((await processesWith(marker)).length, 'Chromium runs while the worker lives').to.be.greaterThan(0);
    child.kill('SIGKILL');
    let left = await processesWith(marker);
    for (let i = 0; i < 40 && left.length > 0; i++) {
      await sleep(250);
      left = await processesWith(marker);
    }
    expect(left, 'Chromium processes left after the worker died').to.deep.equal([]);
  });

  it('a start reaps browsers whose owner is gone and leaves a live owner\'s alone', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'vigia-reap-'));
    const deadOwner = 2 ** 22 + 12345; // above Linux's default pid_max: never a live process
    const keep = ['-e', 'setInterval(() => {}, 1000)', '--'];
    const orphan = spawn(process.execPath, [...keep, `--user-data-dir=${root}/vigia-chromium-${deadOwner}-abcd`], { stdio: 'ignore' });
    const owned = spawn(process.execPath, [...keep, `--user-data-dir=${root}/vigia-chromium-${process.pid}-ef01`], { stdio: 'ignore' });
    try {
      await sleep(300);
      expect(await reapOrphanedChromium(root)).to.equal(1);
      await sleep(200);
      expect(await processesWith(`vigia-chromium-${deadOwner}-`)).to.deep.equal([]);
      expect(await processesWith(`vigia-chromium-${process.pid}-ef01`)).to.have.length(1);
    } finally {
      orphan.kill('SIGKILL');
      owned.kill('SIGKILL');
      await rm(root, { recursive: true, force: true });
    }
  });
});
