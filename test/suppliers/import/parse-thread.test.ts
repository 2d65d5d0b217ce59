import { expect } from 'chai';
import { createParseThread } from '../../../server/suppliers/import/parse.thread.ts';
import { parseSupplierImport } from '../../../server/suppliers/import/parse.ts';

function bigCsv(rows: number): Uint8Array {
  const lines = ['Razón social,ID externo,Sitio,Estado,Municipio,Trabajadores'];
  for (let i = 0; i < rows; i++) lines.push(`Proveedor ${i},EXT-${i},Sitio ${i},Sonora,Hermosillo,${10 + (i % 50)}`);
  return new TextEncoder().encode(lines.join('\n'));
}

/** Event-loop turns this thread completed while `work` was pending. */
async function turnsDuring<T>(work: Promise<T>): Promise<{ turns: number; value: T }> {
  let turns = 0;
  let done = false;
  const spin = () => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const value = await work;
  done = true;
  return { turns, value };
}

describe('supplier import: parsing off the event loop', function () {
  this.timeout(120_000);
  const bytes = bigCsv(20_000);

  it('parses in a worker thread with the same result, while this thread keeps serving', async () => {
    const thread = createParseThread();
    try {
      const inline = await turnsDuring(parseSupplierImport(bytes));
      const off = await turnsDuring(thread.parse(bytes));
      expect(off.value.stats).to.deep.equal(inline.value.stats);
      expect(off.value.suppliers).to.have.length(20_000);
      expect(off.value.suppliers[123]).to.deep.equal(inline.value.suppliers[123]);
      // Inline, the 20,000 rows are validated in a few long synchronous stretches.
      expect(off.turns).to.be.greaterThan(inline.turns * 10);
    } finally {
      await thread.close();
    }
  });

  it('answers file-level problems the same way', async () => {
    const thread = createParseThread();
    try {
      const r = await thread.parse(new Uint8Array(0));
      expect(r.errors.map((e) => e.code)).to.deep.equal(['imports.errors.fileEmpty']);
    } finally {
      await thread.close();
    }
  });
});
