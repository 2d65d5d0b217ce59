import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * UUIDs in creation order (version 7 layout: 48-bit milliseconds, then a per-process
 * counter in place of most random bits). Rows inserted in bulk then land at the right
 * edge of their btree indexes instead of all over them, which keeps a 100,000-row
 * import's index maintenance cheap. 30 random bits remain, so ids stay unguessable enough
 * for keys that are never secrets anyway.
 */
export function orderedUuid(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else counter++;
  const b = randomBytes(16);
  const ms = lastMs;
  b[0] = Math.floor(ms / 2 ** 40) & 0xff;
  b[1] = Math.floor(ms / 2 ** 32) & 0xff;
  b[2] = (ms >>> 24) & 0xff;
  b[3] = (ms >>> 16) & 0xff;
  b[4] = (ms >>> 8) & 0xff;
  b[5] = ms & 0xff;
  // 44 counter bits: 12 in rand_a, then 32 at the top of rand_b (after the variant bits).
  const c = counter;
  b[6] = 0x70 | (Math.floor(c / 2 ** 40) & 0x0f);
  b[7] = Math.floor(c / 2 ** 32) & 0xff;
  b[8] = 0x80 | ((c >>> 26) & 0x3f);
  b[9] = (c >>> 18) & 0xff;
  b[10] = (c >>> 10) & 0xff;
  b[11] = (c >>> 2) & 0xff;
  b[12] = ((c & 0x03) << 6) | (b[12] & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
