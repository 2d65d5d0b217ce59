import { expect } from 'chai';
import { parseReferenceDirectory, referenceDirectory, referenceEntriesFor } from '../../server/remediation/referral-directory.ts';

describe('casework: the shipped national and state referral directory', () => {
  const all = referenceDirectory();

  it('names every institution of the referral pathway at national level, each with an official https source', () => {
    const national = all.filter((e) => e.level === 'national');
    expect(national.map((e) => e.kind)).to.include.members([
      'procuraduria_proteccion', 'dif', 'sipinna', 'inea', 'conafe', 'childcare_imss', 'labour_inspection', 'fiscalia', 'migrant_protection',
    ]);
    expect(national.map((e) => e.name).join(' | ')).to.include('COMAR').and.include('OIM').and.include('Procuraduría Federal de Protección');
    for (const e of all) expect(e.source, e.id).to.match(/^https:\/\/(www\.gob\.mx|www\.imss\.gob\.mx|mexico\.iom\.int)(\/|$)/);
  });

  it('has a DIF and a Procuraduría de Protección for each of the 32 states, unverified ones marked, no invented phone', () => {
    for (let n = 1; n <= 32; n++) {
      const code = String(n).padStart(2, '0');
      const kinds = all.filter((e) => e.stateCode === code).map((e) => e.kind).sort();
      expect(kinds, code).to.deep.equal(['dif', 'procuraduria_proteccion']);
    }
    expect(all.filter((e) => e.level === 'state').every((e) => !e.verified)).to.equal(true);
    expect(all.filter((e) => e.phone !== null)).to.deep.equal([]);
  });

  it('offers a site its state\'s entries and the national ones; a site with no state gets the national ones', () => {
    const chiapas = referenceEntriesFor('07');
    expect(chiapas.some((e) => e.id === 'mx-07-procuraduria')).to.equal(true);
    expect(chiapas.some((e) => e.stateCode === '14')).to.equal(false);
    expect(referenceEntriesFor(null).every((e) => e.level === 'national')).to.equal(true);
  });

  it('refuses a malformed file naming the line and column', () => {
    const head = 'id,level,state_code,kind,name,website,phone,source,verified,notes\n';
    expect(() => parseReferenceDirectory(`${head}mx-x,national,,dif,X,,,http://insecure.example,yes,\n`)).to.throw('line 2: source');
    expect(() => parseReferenceDirectory(`${head}mx-y,state,7,dif,Y,,,https://www.gob.mx/x,no,\n`)).to.throw('line 2: state_code');
    expect(() => parseReferenceDirectory(`${head}mx-z,national,,nursery,Z,,,https://www.gob.mx/x,no,\n`)).to.throw('line 2: kind');
  });
});
