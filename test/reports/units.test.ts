import { expect } from 'chai';
import { countPdfPages } from '../../server/reports/pdf-renderer.ts';
import { widenRight, percent } from '../../server/reports/report.view.ts';
import { generateSchema, shaSchema } from '../../server/reports/report.schema.ts';
import { sha256Hex, createReportStorage } from '../../server/reports/report.storage.ts';
import { CHROMIUM_ARGS } from '../../server/reports/chromium.ts';
import { CHROMIUM_ARGS as TEST_ARGS } from '../support/browser.ts';

describe('reports: pure parts', () => {
  it('counts the page objects of a PDF, not the page tree nodes', () => {
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj\n' +
        '3 0 obj << /Type /Page /Parent 2 0 R >> endobj\n4 0 obj <</Type/Page/Parent 2 0 R>> endobj\n%%EOF',
      'latin1',
    );
    expect(countPdfPages(pdf)).to.equal(2);
  });

  it('widens only the outer canvas of a map', () => {
    const svg = '<svg viewBox="0 0 520 330" width="520" height="330"><rect width="520" height="330"/></svg>';
    expect(widenRight(svg, 520, 330, 170)).to.equal('<svg viewBox="0 0 690 330" width="690" height="330"><rect width="520" height="330"/></svg>');
    expect(widenRight(svg, 520, 330, 0)).to.equal(svg);
  });

  it('rounds shares to whole percents and leaves them out when there is nothing to divide', () => {
    expect(percent(1, 3)).to.equal(33);
    expect(percent(2, 3)).to.equal(67);
    expect(percent(0, 0)).to.equal(null);
  });

  it('asks for a supplier on supplier reports and an ordered period', () => {
    expect(generateSchema.safeParse({ kind: 'company', locale: 'en', supplierId: '', periodFrom: '', periodTo: '' }).success).to.equal(true);
    const noSupplier = generateSchema.safeParse({ kind: 'supplier', locale: 'es-MX', supplierId: '' });
    expect(noSupplier.success).to.equal(false);
    expect(noSupplier.error!.issues.map((i) => i.message)).to.deep.equal(['reports.errors.supplierId']);
    const reversed = generateSchema.safeParse({ kind: 'company', locale: 'es-MX', periodFrom: '2026-03-01', periodTo: '2026-02-01' });
    expect(reversed.error!.issues.map((i) => i.message)).to.deep.equal(['reports.errors.periodOrder']);
    const badDay = generateSchema.safeParse({ kind: 'company', locale: 'es-MX', periodFrom: '2026-02-30' });
    expect(badDay.error!.issues.map((i) => i.message)).to.deep.equal(['reports.errors.periodFrom']);
    expect(generateSchema.safeParse({ kind: 'annual', locale: 'es-MX' }).success).to.equal(false);
  });

  it('accepts a pasted SHA-256 in any case with spaces around, and nothing else', () => {
    const upper = ' E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855 ';
    expect(shaSchema.parse(upper)).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(shaSchema.safeParse('e3b0c442').success).to.equal(false);
    expect(shaSchema.safeParse('z'.repeat(64)).success).to.equal(false);
  });

  it('hashes with SHA-256 (the empty input has the well-known digest)', () => {
    expect(sha256Hex(new Uint8Array())).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(Buffer.from('abc'))).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('keeps report files inside the storage folder', async () => {
    const storage = createReportStorage('/tmp/vigia-units');
    expect(() => storage.absolute('../etc/passwd')).to.throw(/outside storage/);
    await storage.write('not-a-uuid', '11111111-1111-1111-1111-111111111111', Buffer.from('x')).then(
      () => expect.fail('wrote with a bad org id'),
      (e: Error) => expect(e.message).to.match(/UUIDs/),
    );
  });

  it('launches the report browser with the same flags as the browser tests', () => {
    expect(TEST_ARGS).to.equal(CHROMIUM_ARGS);
    expect(CHROMIUM_ARGS).to.include('--no-sandbox');
  });
});
