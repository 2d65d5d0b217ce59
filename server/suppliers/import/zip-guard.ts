/**
 * Sum of the uncompressed sizes an XLSX (a zip) declares in its central directory,
 * read before exceljs inflates anything, so a small upload cannot expand into
 * gigabytes of XML in memory. Returns null when the zip structure is unreadable
 * (exceljs will then report the file as unreadable) and Infinity for ZIP64 entries,
 * which no spreadsheet within our row limit needs.
 */
export function declaredUncompressedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) return null;
  const entries = view.getUint16(eocd + 10, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (entries === 0xffff || cdOffset === 0xffffffff) return Infinity;
  let pos = cdOffset;
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (pos + 46 > view.byteLength || view.getUint32(pos, true) !== 0x02014b50) return null;
    const size = view.getUint32(pos + 24, true);
    if (size === 0xffffffff) return Infinity;
    total += size;
    pos += 46 + view.getUint16(pos + 28, true) + view.getUint16(pos + 30, true) + view.getUint16(pos + 32, true);
  }
  return total;
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
