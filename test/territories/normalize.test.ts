import { expect } from 'chai';
import { contentTokens, fold, searchKey, tokens } from '../../server/territories/territory.normalize.ts';

describe('territory name normalisation', () => {
  it('drops accents, ñ/ü marks, case and punctuation', () => {
    expect(fold('Ñuu Savi')).to.equal('nuu savi');
    expect(fold('Tingüindín')).to.equal('tinguindin');
    expect(fold('  Heroica Villa Tezoatlán de Segura y Luna, Cuna de la Independencia ')).to.equal(
      'heroica villa tezoatlan de segura y luna cuna de la independencia',
    );
  });

  it('expands the abbreviations people write in addresses', () => {
    expect(tokens('Gral. Escobedo')).to.deep.equal(['general', 'escobedo']);
    expect(tokens('Cd. Juárez')).to.deep.equal(['ciudad', 'juarez']);
    expect(tokens('Sta. María del Tule')).to.deep.equal(['santa', 'maria', 'del', 'tule']);
    expect(tokens('Sn. Pedro')).to.deep.equal(['san', 'pedro']);
    expect(tokens('Dr. Arroyo')).to.deep.equal(['doctor', 'arroyo']);
    expect(tokens('Edo. Méx.')).to.deep.equal(['estado', 'mex']);
  });

  it('joins dotted initials into one word (N.L., S.L.P., D.F.)', () => {
    expect(tokens('N.L.')).to.deep.equal(['nl']);
    expect(tokens('S. L. P.')).to.deep.equal(['slp']);
    expect(tokens('México, D.F.')).to.deep.equal(['mexico', 'df']);
  });

  it('reads a single letter as San/Heroica only when it opens the name', () => {
    expect(tokens('S. Juan Bautista')).to.deep.equal(['san', 'juan', 'bautista']);
    expect(tokens('H. Matamoros')).to.deep.equal(['heroica', 'matamoros']);
    // A middle initial stays an initial.
    expect(tokens('Francisco I. Madero')).to.deep.equal(['francisco', 'i', 'madero']);
    expect(tokens('Juan C. Bonilla')).to.deep.equal(['juan', 'c', 'bonilla']);
  });

  it('ignores "Mpio." and articles in the comparison key', () => {
    expect(searchKey('Mpio. de Tapachula')).to.equal('tapachula');
    expect(searchKey('Villa de Álvarez')).to.equal(searchKey('Villa Álvarez'));
    expect(contentTokens('San Juan de los Lagos')).to.deep.equal(['san', 'juan', 'lagos']);
  });
});
