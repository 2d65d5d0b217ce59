import { createInflateRaw } from 'node:zlib';

/**
 * Zip-bomb guard for XLSX uploads (an XLSX is a zip). The sizes a zip declares are
 * written by whoever made the file, so they bound nothing: every entry is inflated here,
 * streaming, counting the bytes that actually come out and stopping as soon as the
 * total passes the limit. Memory stays at one zlib window whatever the file claims.
 * exceljs then inflates the same entries again, now known to be small.
 */
export type InflationCheck = 'ok' | 'tooLarge' | 'unreadable';

interface Entry {
  method: number;
  compressedSize: number;
  localHeader: number;
}

export async function checkInflatedSize(bytes: Uint8Array, maxBytes: number): Promise<InflationCheck> {
  const entries = centralDirectory(bytes);
  if (entries === null) return 'unreadable';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (const e of entries) {
    const lh = e.localHeader;
    if (lh + 30 > view.byteLength || view.getUint32(lh, true) !== 0x04034b50) return 'unreadable';
    const start = lh + 30 + view.getUint16(lh + 26, true) + view.getUint16(lh + 28, true);
    const end = start + e.compressedSize;
    if (end > bytes.byteLength) return 'unreadable';
    const data = bytes.subarray(start, end);
    if (e.method === 0) total += data.length;
    else if (e.method === 8) {
      const inflated = await inflateCounting(data, maxBytes - total);
      if (inflated === null) return 'tooLarge';
      if (inflated === 'unreadable') return 'unreadable';
      total += inflated;
    } else return 'unreadable';
    if (total > maxBytes) return 'tooLarge';
  }
  return 'ok';
}

/** Inflates, discarding output, and gives up (null) once more than `budget` bytes came out. */
function inflateCounting(data: Uint8Array, budget: number): Promise<number | null | 'unreadable'> {
  return new Promise((resolve) => {
    const inflate = createInflateRaw();
    let count = 0;
    let settled = false;
    const settle = (v: number | null | 'unreadable') => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(v);
    };
    inflate.on('data', (chunk: Buffer) => {
      count += chunk.length;
      if (count > budget) settle(null);
    });
    inflate.on('end', () => settle(count));
    inflate.on('error', () => settle('unreadable'));
    inflate.end(data);
  });
}

/** Entries of the central directory; null when the zip structure is unreadable or ZIP64. */
function centralDirectory(bytes: Uint8Array): Entry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  // ZIP64: no spreadsheet within our row limit needs it.
  if (count === 0xffff || cdOffset === 0xffffffff) return null;
  const entries: Entry[] = [];
  let pos = cdOffset;
  for (let i = 0; i < count; i++) {
    if (pos + 46 > view.byteLength || view.getUint32(pos, true) !== 0x02014b50) return null;
    const compressedSize = view.getUint32(pos + 20, true);
    const localHeader = view.getUint32(pos + 42, true);
    if (compressedSize === 0xffffffff || localHeader === 0xffffffff) return null;
    entries.push({ method: view.getUint16(pos + 10, true), compressedSize, localHeader });
    pos += 46 + view.getUint16(pos + 28, true) + view.getUint16(pos + 30, true) + view.getUint16(pos + 32, true);
  }
  return entries;
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const last = view.byteLength - 22;
  const first = Math.max(0, last - 0xffff);
  for (let i = last; i >= first; i--) {
    if (view.getUint32(i, true) === 0x06054b50) return i;
  }
  return -1;
}
