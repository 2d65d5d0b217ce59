/**
 * Removes what a photo says about the person who took it (GPS position, camera serial,
 * owner name, date) without an image library: the metadata lives in separate JPEG
 * segments and PNG chunks, so dropping them leaves the pixels byte for byte as they were.
 * A file whose structure cannot be followed is refused rather than stored uncleaned.
 */
export type StripResult = { ok: true; content: Buffer; removed: string[] } | { ok: false };

// APP0 (JFIF) and APP14 (Adobe: colour transform of CMYK files) describe pixels, not people.
const JPEG_KEEP_APP = new Set([0xe0, 0xee]);

export function stripJpeg(buf: Buffer): StripResult {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) return { ok: false };
  const out: Buffer[] = [buf.subarray(0, 2)];
  const removed: string[] = [];
  let i = 2;
  while (i < buf.length) {
    if (buf[i] !== 0xff) return { ok: false };
    const marker = buf[i + 1];
    if (marker === 0xff) { i++; continue; } // fill byte
    if (marker === 0xd9) { out.push(buf.subarray(i, i + 2)); return { ok: true, content: Buffer.concat(out), removed }; }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { out.push(buf.subarray(i, i + 2)); i += 2; continue; }
    if (i + 4 > buf.length) return { ok: false };
    const len = buf.readUInt16BE(i + 2);
    const end = i + 2 + len;
    if (len < 2 || end > buf.length) return { ok: false };
    const isApp = marker >= 0xe0 && marker <= 0xef;
    if ((isApp && !JPEG_KEEP_APP.has(marker)) || marker === 0xfe) {
      removed.push(marker === 0xfe ? 'COM' : `APP${marker - 0xe0}`);
      i = end;
      continue;
    }
    out.push(buf.subarray(i, end));
    i = end;
    if (marker === 0xda) {
      // Entropy-coded scan: runs to the next marker that is not a stuffed 0x00 or a restart.
      let j = i;
      while (j < buf.length - 1) {
        if (buf[j] === 0xff) {
          const next = buf[j + 1];
          if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) break;
        }
        j++;
      }
      if (j >= buf.length - 1) return { ok: false };
      out.push(buf.subarray(i, j));
      i = j;
    }
  }
  return { ok: false };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Critical chunks and the ancillary ones that only describe how to show the pixels.
// Dropped: tEXt/zTXt/iTXt (author, GPS in XMP), eXIf, tIME, iCCP (a named profile), the rest.
const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'bKGD', 'pHYs']);

export function stripPng(buf: Buffer): StripResult {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) return { ok: false };
  const out: Buffer[] = [PNG_SIGNATURE];
  const removed: string[] = [];
  let i = 8;
  while (i + 12 <= buf.length) {
    const len = buf.readUInt32BE(i);
    const end = i + 12 + len;
    if (end > buf.length) return { ok: false };
    const type = buf.toString('latin1', i + 4, i + 8);
    if (PNG_KEEP.has(type)) out.push(buf.subarray(i, end));
    else removed.push(type);
    i = end;
    if (type === 'IEND') return { ok: true, content: Buffer.concat(out), removed };
  }
  return { ok: false };
}

/** Cleans a file already identified by content (evidence.sniff.ts). */
export function stripMetadata(mime: string, content: Buffer): StripResult {
  if (mime === 'image/jpeg') return stripJpeg(content);
  if (mime === 'image/png') return stripPng(content);
  return { ok: false };
}
