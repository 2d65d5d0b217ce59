import { expect } from 'chai';
import { testDb } from '../support/db.ts';
import { copyChunks, copyText, CopyRows } from '../../server/db/context.ts';

/**
 * Bulk loads go through COPY's text format (server/db/context.ts). Every awkward value must come
 * back as it went in, on both databases: the escapes are the whole of the format's rules.
 */
const AWKWARD = [
  'plain', '', 'tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\.', '\\N', 'ends with backslash\\',
  'comma, "quotes" and \'apostrophes\'', 'Añil, Oaxaca — niñas y niños 👧', '{"json":"with \\"escaped\\" quote"}', ' leading and trailing ',
];

describe('database: COPY rows in text format', () => {
  it('encodes NULL, escapes only backslash, tab and line breaks, and ends every row with one line break', () => {
    expect(copyText([['a', null, 1.5, true, 'x\ty\\z\n']])).to.equal('a\t\\N\t1.5\ttrue\tx\\ty\\\\z\\n\n');
    expect(copyText([[''], [undefined]])).to.equal('\n\\N\n');
    expect(copyText([[{ a: 'b\\c' }, new Date('2026-12-04T10:00:00Z')]])).to.equal('{"a":"b\\\\\\\\c"}\t2026-12-04T10:00:00.000Z\n');
  });

  it('sends rows in pieces that together are the whole text', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [i, `fila ${i}`, i % 7 ? null : 'x\ty']);
    const pieces = [...copyChunks(rows)];
    expect(pieces.length).to.be.greaterThan(1);
    expect(Buffer.concat(pieces).toString()).to.equal(copyText(rows));
  });

  it('encodes rows as they are added, keeping every one, in order, when the last piece is partial', () => {
    const rows = Array.from({ length: 300 }, (_, i) => [i, AWKWARD[i % AWKWARD.length], null]);
    const encoded = new CopyRows();
    for (const row of rows) encoded.push(row);
    expect(encoded.length).to.equal(300);
    const pieces = encoded.pieces();
    expect(pieces.length).to.equal(3);
    expect(Buffer.concat(pieces).toString()).to.equal(copyText(rows));
    // Asking again adds nothing; rows added later follow.
    encoded.push([300, 'after', null]);
    expect(Buffer.concat(encoded.pieces()).toString()).to.equal(copyText([...rows, [300, 'after', null]]));
  });

  for (const encodedFirst of [false, true]) it(`loads every awkward value back exactly as given, across many pieces (${encodedFirst ? 'encoded as added' : 'rows'})`, async () => {
    const db = await testDb();
    const rows: unknown[][] = [];
    for (let i = 0; i < 600; i++) {
      const text = AWKWARD[i % AWKWARD.length];
      rows.push([i, i % 11 === 0 ? null : text, { text, n: i }, i % 2 ? '{"c,d",e}' : '{"a b",e}', i % 3 === 0, i / 8]);
    }
    const back = await db.admin(async (q) => {
      await q.query(`CREATE TEMP TABLE copy_check (n int, t text, j jsonb, a text[], b boolean, f float8) ON COMMIT DROP`);
      let given: unknown[][] | CopyRows = rows;
      if (encodedFirst) {
        given = new CopyRows();
        for (const row of rows) given.push(row);
      }
      await db.copyRows(q, 'copy_check', ['n', 't', 'j', 'a', 'b', 'f'], given);
      return (await q.query<{ n: number; t: string | null; j: { text: string; n: number }; a: string[]; b: boolean; f: number }>(
        `SELECT n, t, j, a, b, f FROM copy_check ORDER BY n`,
      )).rows;
    });
    expect(back).to.have.length(600);
    for (const [i, r] of back.entries()) {
      const text = AWKWARD[i % AWKWARD.length];
      expect(r.t, `row ${i}`).to.equal(i % 11 === 0 ? null : text);
      expect(r.j, `row ${i}`).to.deep.equal({ text, n: i });
      expect(r.a, `row ${i}`).to.deep.equal([i % 2 ? 'c,d' : 'a b', 'e']);
      expect(r.b).to.equal(i % 3 === 0);
      expect(r.f).to.equal(i / 8);
    }
  });
});
