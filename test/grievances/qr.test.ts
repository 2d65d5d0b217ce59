import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';
import { encodeQr, qrSvg } from '../../server/grievances/qr.ts';

/**
 * The two fixtures were decoded with zbarimg (zbar-tools 0.23) from PNGs of this encoder's
 * output, for every one of the eight masks, when the encoder was written; the test pins
 * that output and checks the parts a reader locates the symbol by.
 */
function fixture(name: string): { text: string; rows: string[] } {
  const [text, ...rows] = readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/qr', `${name}.txt`), 'utf8').trimEnd().split('\n');
  return { text, rows };
}
const draw = (m: boolean[][]) => m.map((r) => r.map((d) => (d ? '#' : '.')).join(''));

/** Reads the 15 format bits around the top-left finder and checks them against the BCH code. */
function formatInfo(m: boolean[][]): { level: number; mask: number } {
  let bits = 0;
  const at = (x: number, y: number) => (m[y][x] ? 1 : 0);
  const order: [number, number][] = [[8, 0], [8, 1], [8, 2], [8, 3], [8, 4], [8, 5], [8, 7], [8, 8], [7, 8], [5, 8], [4, 8], [3, 8], [2, 8], [1, 8], [0, 8]];
  order.forEach(([x, y], i) => (bits |= at(x, y) << i));
  const raw = bits ^ 0x5412;
  let rem = raw >>> 10;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  expect(((raw >>> 10) << 10) | rem, 'format BCH').to.equal(raw);
  return { level: raw >>> 13, mask: (raw >>> 10) & 7 };
}

describe('grievances: QR code for the posters', () => {
  for (const [name, version] of [['v3', 3], ['v8', 8]] as const) {
    it(`encodes the zbar-verified symbol (${name})`, () => {
      const f = fixture(name);
      const code = encodeQr(f.text);
      expect(code.version).to.equal(version);
      expect(draw(code.modules)).to.deep.equal(f.rows);
      const size = code.size;
      // Finder patterns in three corners, timing patterns between them.
      for (const [x0, y0] of [[0, 0], [size - 7, 0], [0, size - 7]]) {
        expect(code.modules[y0][x0] && code.modules[y0 + 3][x0 + 3] && !code.modules[y0 + 1][x0 + 1]).to.equal(true);
      }
      for (let i = 8; i < size - 8; i++) expect(code.modules[6][i]).to.equal(i % 2 === 0);
      expect(formatInfo(code.modules)).to.deep.equal({ level: 0, mask: code.mask });
    });
  }

  it('refuses text too long for a poster and draws SVG with a quiet zone', () => {
    expect(() => encodeQr('x'.repeat(300))).to.throw(/too long/);
    const svg = qrSvg(encodeQr('HELLO'), 200);
    expect(svg).to.match(/^<svg [^>]*viewBox="0 0 29 29"/);
    expect(svg).to.contain('M4 4h1v1h-1z');
  });
});
