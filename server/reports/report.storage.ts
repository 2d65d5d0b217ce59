import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * PDFs under STORAGE_DIR/reports/<org>/<id>.pdf. Written once ('wx' refuses to replace a
 * file) and read-only on disk; the SHA-256 in the database is what a download checks.
 */
export function createReportStorage(storageDir: string) {
  const root = path.resolve(storageDir);

  /** Relative path stored in the row; ids are UUIDs, so nothing can climb out of the folder. */
  function relativePath(orgId: string, reportId: string): string {
    if (!/^[0-9a-f-]{36}$/i.test(orgId) || !/^[0-9a-f-]{36}$/i.test(reportId)) throw new Error('report ids must be UUIDs');
    return path.posix.join('reports', orgId, `${reportId}.pdf`);
  }

  function absolute(relative: string): string {
    const full = path.resolve(root, relative);
    if (!full.startsWith(root + path.sep)) throw new Error(`report path outside storage: ${relative}`);
    return full;
  }

  /** Only for a report still queued: the caller checked, and a ready row can never change. */
  async function write(orgId: string, reportId: string, bytes: Uint8Array): Promise<string> {
    const relative = relativePath(orgId, reportId);
    const full = absolute(relative);
    await mkdir(path.dirname(full), { recursive: true });
    try {
      await writeFile(full, bytes, { flag: 'wx', mode: 0o440 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Left by a render that stopped before its row was marked ready: never a published report.
      await rm(full);
      await writeFile(full, bytes, { flag: 'wx', mode: 0o440 });
    }
    return relative;
  }

  /** The stored bytes, or null when the file is gone. */
  async function read(relative: string): Promise<Buffer | null> {
    try {
      return await readFile(absolute(relative));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  return { write, read, absolute };
}

export type ReportStorage = ReturnType<typeof createReportStorage>;
