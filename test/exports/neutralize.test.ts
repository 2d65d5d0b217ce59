import { expect } from 'chai';
import { neutralizeFormula } from '../../server/exports/neutralize.ts';

describe('exports formula neutralisation', () => {
  it('prefixes text that a spreadsheet would run as a formula', () => {
    expect(neutralizeFormula('=HYPERLINK("http://x","clic")')).to.equal(`'=HYPERLINK("http://x","clic")`);
    expect(neutralizeFormula('+52 55 1234 5678')).to.equal(`'+52 55 1234 5678`);
    expect(neutralizeFormula('-2+3')).to.equal(`'-2+3`);
    expect(neutralizeFormula('@SUM(A1:A9)')).to.equal(`'@SUM(A1:A9)`);
    expect(neutralizeFormula('\t=1+1')).to.equal(`'\t=1+1`);
    expect(neutralizeFormula('\r=1+1')).to.equal(`'\r=1+1`);
    expect(neutralizeFormula('\uFF1D1+1')).to.equal(`'\uFF1D1+1`);
  });

  it('leaves ordinary text alone', () => {
    expect(neutralizeFormula('Agrícola El Sol')).to.equal('Agrícola El Sol');
    expect(neutralizeFormula('a=b')).to.equal('a=b');
    expect(neutralizeFormula('')).to.equal('');
    expect(neutralizeFormula("'ya citado")).to.equal("'ya citado");
  });
});
