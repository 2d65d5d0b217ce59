import { expect } from 'chai';
import { isReservedName, slugify } from '../../server/signup/signup.names.ts';

describe('signup: organisation names', () => {
  it('slugs drop accents, case and punctuation', () => {
    expect(slugify('  Café Ñandú, S.A. de C.V.  ')).to.equal('cafe-nandu-s-a-de-c-v');
    expect(slugify('¡¡!!')).to.equal('');
    expect(slugify('x'.repeat(80))).to.have.length(60);
  });

  it('reserves platform names exactly and operator words anywhere', () => {
    for (const name of ['admin', 'Vigía', 'DEMO', 'Platform', 'soporte', 'Soporte Vigía MX', 'El Admin de Todo', 'api']) {
      expect(isReservedName(name), name).to.equal(true);
    }
    for (const name of ['Agrícola del Sur', 'Demostraciones Reales', 'Administraciones Unidas SA', 'Vigilancia Norte']) {
      expect(isReservedName(name), name).to.equal(false);
    }
  });
});
