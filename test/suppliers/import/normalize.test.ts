import { expect } from 'chai';
import { normalizeText } from '../../../server/suppliers/import/normalize.ts';

describe('import comparison text', () => {
  it('compares composed and decomposed accents, case and spacing as equal', () => {
    expect(normalizeText('Café  del\tValle')).to.equal(normalizeText('CAFE\u0301 DEL VALLE'));
    expect(normalizeText('Café')).to.equal('café');
  });
  it('lower-cases and collapses spaces of plain ASCII', () => {
    expect(normalizeText('  ACME   S.A.\n')).to.equal('acme s.a.');
  });
});
