import { expect } from 'chai';
import iconv from 'iconv-lite';
import { decodeText } from '../../../server/suppliers/import/decode.ts';
import { fixture } from './support.ts';

const SAMPLE = 'Querétaro;Peñasco;Álvaro Obregón';

describe('import decode', () => {
  it('reads UTF-8 without BOM', () => {
    const r = decodeText(Buffer.from(SAMPLE, 'utf8'));
    expect(r).to.deep.equal({ text: SAMPLE, encoding: 'utf-8' });
  });

  it('reads UTF-8 with BOM and drops the BOM', () => {
    const r = decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, 'utf8')]));
    expect(r).to.deep.equal({ text: SAMPLE, encoding: 'utf-8-bom' });
  });

  it('falls back to Windows-1252 when the bytes are not valid UTF-8', () => {
    const bytes = iconv.encode(SAMPLE, 'win1252');
    // é = 0xE9, ñ = 0xF1, Á = 0xC1 in code page 1252: single bytes that are invalid UTF-8 here.
    expect([...bytes.subarray(4, 5)]).to.deep.equal([0xe9]);
    const r = decodeText(bytes);
    expect(r).to.deep.equal({ text: SAMPLE, encoding: 'windows-1252' });
  });

  it('decodes 1252-only characters (curly quotes, euro) from the 0x80–0x9F range', () => {
    const r = decodeText(Uint8Array.from([0x93, 0x41, 0x94, 0x20, 0x80]));
    expect(r.text).to.equal('\u201CA\u201D \u20AC');
    expect(r.encoding).to.equal('windows-1252');
  });

  it('reads UTF-16 LE and BE with BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]);
    expect(decodeText(le)).to.deep.equal({ text: SAMPLE, encoding: 'utf-16le' });
    const be = Buffer.from(Buffer.from(SAMPLE, 'utf16le')).swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).to.deep.equal({ text: SAMPLE, encoding: 'utf-16be' });
  });

  it('recognises UTF-16 LE without BOM by its zero bytes', () => {
    expect(decodeText(Buffer.from('RFC\tSitio\r\n', 'utf16le'))).to.deep.equal({ text: 'RFC\tSitio\r\n', encoding: 'utf-16le' });
  });

  it('decodes the Windows-1252 fixture exported by Excel', () => {
    const r = decodeText(fixture('sites-win1252-semicolon.csv'));
    expect(r.encoding).to.equal('windows-1252');
    expect(r.text).to.contain('Muelle Peñasco;Sonora;Puerto Peñasco');
    expect(r.text).to.contain('Taller Álvaro Obregón;Ciudad de México');
  });
});
