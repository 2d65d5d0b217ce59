import { expect } from 'chai';
import { checkRfc, normalizeRfc, rfcCheckDigit } from '../../../server/suppliers/import/rfc.ts';

/**
 * RFCs published by their holders (federal bodies print theirs on every invoice) and
 * numbers listed as SAT-valid in python-stdnum's test suite (tests/test_mx_rfc.doctest).
 */
const PUBLISHED = [
  'CFE370814QI0', // Comisión Federal de Electricidad
  'PME380607P35', // Petróleos Mexicanos
  'SAT970701NN3', // Servicio de Administración Tributaria
  'GODE561231GR8', // the SAT's own persona física example
  'MAB9307148T4',
  '&&&030828PX7',
  'AAA390128530',
  'GOAJ7101257MA',
  'MUÑ110218LJ6',
  'CGB000229SW0', // 29 Feb 2000
];

describe('import rfc', () => {
  it('computes the check digit of published RFCs', () => {
    for (const rfc of PUBLISHED) {
      expect(rfcCheckDigit(rfc.slice(0, -1)), rfc).to.equal(rfc.slice(-1));
      const r = checkRfc(rfc);
      expect(r.ok && r.checkDigitOk, rfc).to.equal(true);
    }
  });

  it('works the check digit by hand for SAT970701NN3', () => {
    // ' SAT970701NN' → 37·13 + 29·12 + 10·11 + 30·10 + 9·9 + 7·8 + 0·7 + 7·6 + 0·5 + 1·4 + 23·3 + 23·2
    // = 1537; 1537 mod 11 = 8; 11 − 8 = 3.
    expect(rfcCheckDigit('SAT970701NN')).to.equal('3');
    // ' CFE370814QI' sums to 1199 = 11·109, r = 0 → '0'; GOAJ7101257MA has r = 1 → 'A'.
    expect(rfcCheckDigit('CFE370814QI')).to.equal('0');
    expect(rfcCheckDigit('GOAJ7101257M')).to.equal('A');
  });

  it('tells persona moral from persona física', () => {
    const moral = checkRfc('CFE370814QI0');
    const fisica = checkRfc('GODE561231GR8');
    expect(moral.ok && moral.kind).to.equal('moral');
    expect(fisica.ok && fisica.kind).to.equal('fisica');
  });

  it('normalises case, spaces and hyphens', () => {
    expect(normalizeRfc(' gode-561231-gr8 ')).to.equal('GODE561231GR8');
    expect(normalizeRfc('mab 930714 8t4')).to.equal('MAB9307148T4');
    const r = checkRfc('muñ-110218-lj6');
    expect(r.ok && r.rfc).to.equal('MUÑ110218LJ6');
  });

  it('accepts a registered RFC whose check digit does not match, flagging it', () => {
    // Listed by python-stdnum as valid on the SAT's lookup although its check digit fails.
    const r = checkRfc('SIN9311169P8');
    expect(r.ok).to.equal(true);
    if (r.ok) {
      expect(r.checkDigitOk).to.equal(false);
      expect(r.expectedCheckDigit).to.not.equal('8');
    }
  });

  it('rejects malformed RFCs with the reason', () => {
    expect(checkRfc('ABC12')).to.deep.include({ ok: false, reason: 'format' });
    expect(checkRfc('AKJ970902')).to.deep.include({ ok: false, reason: 'format' }); // no homoclave
    expect(checkRfc('COMG600703')).to.deep.include({ ok: false, reason: 'format' });
    expect(checkRfc('AB1010203AB4')).to.deep.include({ ok: false, reason: 'format' }); // digit in the name part
    expect(checkRfc('AABN8211038Ñ2')).to.deep.include({ ok: false, reason: 'format' }); // Ñ in the homoclave
    expect(checkRfc('ABC010203ABZ')).to.deep.include({ ok: false, reason: 'format' }); // last char must be 0-9 or A
    expect(checkRfc('ABCDE010203AB1')).to.deep.include({ ok: false, reason: 'format' });
  });

  it('rejects dates that do not exist', () => {
    expect(checkRfc('ABC011303AB1')).to.deep.include({ ok: false, reason: 'date' }); // month 13
    expect(checkRfc('ABC010230AB1')).to.deep.include({ ok: false, reason: 'date' }); // 30 Feb
    expect(checkRfc('ABC010229AB1')).to.deep.include({ ok: false, reason: 'date' }); // 2001 is not leap
    expect(checkRfc('ABCD000431AB1')).to.deep.include({ ok: false, reason: 'date' }); // 31 April
    expect(checkRfc('ABCD960229AB1').ok).to.equal(true); // 1996 was leap
  });

  it('flags the generic RFCs without failing their check digit', () => {
    for (const generic of ['XAXX010101000', 'XEXX010101000']) {
      const r = checkRfc(generic);
      expect(r.ok && r.generic, generic).to.equal(true);
      expect(r.ok && r.checkDigitOk, generic).to.equal(true);
    }
    const normal = checkRfc('CFE370814QI0');
    expect(normal.ok && normal.generic).to.equal(false);
  });
});
