// Worker-thread side of parseOffThread: parses one upload per message, so a 50,000-row
// file keeps this thread busy instead of the web process's event loop.
import { parentPort } from 'node:worker_threads';
import { parseSupplierImport, type ParseImportOptions } from './parse.ts';

parentPort!.on('message', async (msg: { id: number; bytes: Uint8Array; options: ParseImportOptions }) => {
  try {
    const result = await parseSupplierImport(msg.bytes, msg.options);
    parentPort!.postMessage({ id: msg.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});
