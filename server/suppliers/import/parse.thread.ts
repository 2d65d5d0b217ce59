import { Worker } from 'node:worker_threads';
import type { ParseImportOptions } from './parse.ts';
import type { ImportResult } from './types.ts';

interface Pending {
  resolve: (r: ImportResult) => void;
  reject: (e: Error) => void;
}

/**
 * Parsing and validating a large CSV/XLSX takes seconds of CPU; on the main thread it stalls
 * every other request of the process (pages, /health) for that long. One worker thread per
 * process parses uploads in turn; it starts on first use and does not keep the process alive.
 */
export function createParseThread() {
  let worker: Worker | undefined;
  let next = 0;
  const pending = new Map<number, Pending>();

  function failAll(err: Error) {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = undefined;
  }

  function ensure(): Worker {
    if (worker) return worker;
    // The app runs from TypeScript sources: the .mjs entry registers tsx inside the thread.
    const w = new Worker(new URL('./parse.worker.mjs', import.meta.url));
    w.unref();
    w.on('message', (msg: { id: number; result?: ImportResult; error?: string }) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error !== undefined) p.reject(new Error(msg.error));
      else p.resolve(msg.result!);
      if (pending.size === 0) w.unref();
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', (code) => failAll(new Error(`import parser thread exited (${code})`)));
    worker = w;
    return w;
  }

  function parse(bytes: Uint8Array, options: ParseImportOptions = {}): Promise<ImportResult> {
    const w = ensure();
    const id = next++;
    // While a parse is pending the thread must keep the process alive to answer.
    w.ref();
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ id, bytes, options });
    });
  }

  async function close(): Promise<void> {
    const w = worker;
    worker = undefined;
    if (w) await w.terminate();
  }

  return { parse, close };
}

export type ParseThread = ReturnType<typeof createParseThread>;
