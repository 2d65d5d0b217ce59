import iconv from 'iconv-lite';

/**
 * Encodings Excel produces in Mexico: "CSV UTF-8" (with BOM), plain "CSV" (the
 * Windows ANSI code page, 1252), "Unicode text" (UTF-16 LE with BOM), and UTF-8
 * without BOM from other tools.
 */
export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  const bomless16 = guessBomlessUtf16(bytes);
  if (bomless16) return { text: new TextDecoder(bomless16).decode(bytes), encoding: bomless16 };
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: Excel's plain "CSV" on Spanish Windows writes code page 1252,
    // a superset of Latin-1 for printable text, so decoding as 1252 covers both.
    return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), 'win1252'), encoding: 'windows-1252' };
  }
}

/**
 * UTF-16 without BOM shows as a zero byte in every other position for Latin text;
 * no CSV in a single-byte encoding or UTF-8 contains zero bytes.
 */
function guessBomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 2048);
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.1) return 'utf-16le';
  if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.1) return 'utf-16be';
  return null;
}
